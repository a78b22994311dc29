/**
 * The implementation's network interface and control channel, the only two
 * ways a process talks to the outside. Data: one TCP connection to the
 * network (in a deployment the LAN switch; under test the harness's router),
 * newline-delimited JSON frames addressed by host name, so a VM sends to
 * "b" or to "s" without knowing where they run. Control: JSON lines on
 * stdin/stdout, the operator's console (status, reset, and the clock and
 * scheduling hooks a harness uses). Counting frames in and out lets whoever
 * reads the status tell that nothing is still on its way.
 */
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

export type Message = Record<string, unknown> & { type: string };

export interface Nic {
  send(to: string, m: Message): void;
  counters(): { in: number; out: number };
}

export function joinNetwork(port: number, name: string, onMessage: (from: string, m: Message) => void): Promise<Nic> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    let inCount = 0;
    let outCount = 0;
    let buffer = '';
    socket.on('error', reject);
    socket.on('close', () => process.exit(0)); // the network is gone: nothing left to serve
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const frame = JSON.parse(line) as { from: string; m: Message };
        inCount++;
        onMessage(frame.from, frame.m);
      }
    });
    socket.on('connect', () => {
      socket.write(`${JSON.stringify({ hello: name })}\n`);
      resolve({
        send(to, m) {
          outCount++;
          socket.write(`${JSON.stringify({ to, m })}\n`);
        },
        counters: () => ({ in: inCount, out: outCount }),
      });
    });
  });
}

export type ControlHandler = (cmd: Record<string, unknown>) => unknown;

/** Answers each control line with `{id, ok, ...}`; exits when stdin closes (the operator is gone). */
export function serveControl(handle: ControlHandler): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const cmd = JSON.parse(line) as Record<string, unknown>;
    const answer = (reply: unknown) => process.stdout.write(`${JSON.stringify(reply)}\n`);
    const failed = (e: unknown) => answer({ id: cmd.id, ok: false, error: (e as Error).message });
    try {
      const value = handle(cmd);
      // Most commands answer at once; one that must wait (joining the network) answers when done.
      if (value instanceof Promise) value.then((v) => answer({ id: cmd.id, ok: true, value: v ?? null }), failed);
      else answer({ id: cmd.id, ok: true, value: value ?? null });
    } catch (e) {
      failed(e);
    }
  });
  rl.on('close', () => process.exit(0));
}

export function ready(): void {
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
}

/** `--name value` from argv. */
export function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}
