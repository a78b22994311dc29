/**
 * The program both VMs run: deterministic given its inputs, a request and
 * the clock value it read while executing it. The primary reads the clock
 * and logs the value; the backup is handed the logged value on replay, and
 * so computes the same answer (the paper's deterministic replay, in
 * miniature).
 */
export interface Entry {
  seq: number;
  req: number;
  nd: number;
}

export interface Output extends Entry {
  type: 'out';
  body: string;
}

export function execute(e: Entry): Output {
  return { type: 'out', seq: e.seq, req: e.req, nd: e.nd, body: `r${e.req} answered at t=${e.nd} as #${e.seq}` };
}
