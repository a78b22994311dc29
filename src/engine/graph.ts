/**
 * The state graph the liveness check needs, kept as compactly as the
 * fingerprint table allows: states are numbers, and each state that has not
 * reached some `eventually` goal keeps its out-edges in compressed sparse row
 * form (a start offset per state, then per edge the target number and its
 * weak-fairness class). The i-th edge of a state is its i-th enabled action,
 * so a path through the graph is also a list of action indices that replays.
 */
import { GrowableInt32, GrowableUint16 } from './growable.ts';

/** Weak-fairness classes numbered from 1 in the order met; 0 stands for "not weakly fair". */
export class FairnessCodes {
  /** The name of each code; code 0 has none. */
  readonly names: string[] = [''];
  private readonly ids = new Map<string, number>();

  codeOf(name: string | null): number {
    if (name === null) return 0;
    let code = this.ids.get(name);
    if (code === undefined) {
      code = this.names.length;
      if (code > 0xfffe) throw new Error('too many weak-fairness classes');
      this.ids.set(name, code);
      this.names.push(name);
    }
    return code;
  }
}

export class StateGraph {
  /** Per state: bit i set when the goal of eventually-property i holds there. */
  goals = new Uint8Array(1 << 12);
  /** edgeStart[v]..edgeStart[v+1] are v's edges (empty for states all of whose goals hold). */
  readonly edgeStart = new GrowableInt32();
  readonly target = new GrowableInt32();
  /** 0: not weakly fair; k: fairness class k-1 (see `classNames`). */
  readonly fairClass = new GrowableUint16();
  private readonly codes = new FairnessCodes();
  readonly allGoals: number;

  constructor(readonly properties: number) {
    if (properties > 8) throw new Error('at most 8 eventually properties');
    this.allGoals = (1 << properties) - 1;
  }

  setGoals(state: number, bits: number): void {
    if (state >= this.goals.length) {
      const next = new Uint8Array(Math.max(this.goals.length * 2, state + 1));
      next.set(this.goals);
      this.goals = next;
    }
    this.goals[state] = bits;
  }

  /** Does state v need its edges recorded: is some goal still open there? */
  open(v: number): boolean {
    return this.goals[v] !== this.allGoals;
  }

  /** Called for states in number order, before their edges. */
  beginState(): void {
    this.edgeStart.push(this.target.length);
  }

  addEdge(to: number, fairness: string | null): void {
    this.target.push(to);
    this.fairClass.push(this.codeOf(fairness));
  }

  /** The number a fairness class is stored as (0: not weakly fair). */
  codeOf(fairness: string | null): number {
    return this.codes.codeOf(fairness);
  }

  /** The weak-fairness classes met, in code order (code k is class k-1). */
  get classNames(): readonly string[] {
    return this.codes.names.slice(1);
  }

  /**
   * The whole graph at once, from per-thread edge lists: `parts[t]` lists the
   * states thread t expanded (each once over all parts), their edge counts,
   * then the edges' targets and fairness codes (see `codeOf`) in that order.
   * Replaces what the graph held; sealed.
   */
  fill(goals: Uint8Array, states: number, parts: readonly { states: Int32Array; counts: Int32Array; targets: Int32Array; codes: Uint16Array }[]): void {
    this.goals = goals.slice(0, Math.max(states, 1));
    const count = new Int32Array(states + 1);
    for (const part of parts) for (let k = 0; k < part.states.length; k++) count[part.states[k]] = part.counts[k];
    const start = new Int32Array(states + 1);
    for (let v = 0; v < states; v++) start[v + 1] = start[v] + count[v];
    const target = new Int32Array(start[states]);
    const fair = new Uint16Array(start[states]);
    for (const part of parts) {
      let at = 0;
      for (let k = 0; k < part.states.length; k++) {
        const n = part.counts[k];
        const to = start[part.states[k]];
        target.set(part.targets.subarray(at, at + n), to);
        fair.set(part.codes.subarray(at, at + n), to);
        at += n;
      }
    }
    this.edgeStart.data = start;
    this.edgeStart.length = states + 1;
    this.target.data = target;
    this.target.length = target.length;
    this.fairClass.data = fair;
    this.fairClass.length = fair.length;
  }

  /** Closes the edge list of the last state begun. */
  seal(): void {
    this.edgeStart.push(this.target.length);
  }

  get states(): number {
    return this.edgeStart.length - 1;
  }

  get bytes(): number {
    return this.goals.byteLength + this.edgeStart.bytes + this.target.bytes + this.fairClass.bytes;
  }
}
