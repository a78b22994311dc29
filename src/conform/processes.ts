/**
 * Starting and ending the processes of a system under test. Each child
 * talks JSON lines on stdin/stdout (a control channel: requests with an id,
 * one reply each) and announces `{"ready": true}` when it can serve. Every
 * child this manager started is ended by its PID: by `kill` (SIGKILL, a
 * crash), by `stopAll`, and, should the harness itself be interrupted or
 * exit, by handlers installed for SIGINT, SIGTERM and exit. A child also
 * exits by itself when its stdin closes, so even a harness killed with
 * SIGKILL leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  name: string;
  pid: number;
  request(cmd: Record<string, unknown>): Promise<unknown>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  alive(): boolean;
}

export class ControlError extends Error {
  override name = 'ControlError';
}

const live = new Set<ChildProcess>();
let handlersInstalled = false;

function killAllNow(): void {
  for (const p of live) {
    try {
      if (p.pid !== undefined) process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      killAllNow();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

export class ProcessManager {
  private children = new Map<string, { proc: ChildProcess; child: Child }>();
  /** Every PID this manager started, in order. */
  readonly pids: number[] = [];

  constructor() {
    installHandlers();
  }

  get started(): number {
    return this.pids.length;
  }

  get(name: string): Child | undefined {
    const c = this.children.get(name);
    return c && c.child.alive() ? c.child : undefined;
  }

  async spawn(name: string, command: string, args: string[], timeoutMs = 10_000): Promise<Child> {
    const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    if (proc.pid === undefined) throw new ControlError(`${name}: could not start ${command}`);
    live.add(proc);
    this.pids.push(proc.pid);
    let exitedFlag = false;
    const exited = new Promise<void>((resolve) =>
      proc.on('exit', () => {
        exitedFlag = true;
        live.delete(proc);
        for (const w of waiting.values()) w.reject(new ControlError(`${name} exited`));
        waiting.clear();
        resolve();
      }),
    );
    const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    let nextId = 1;
    let onReady: (() => void) | null = null;
    const readyP = new Promise<void>((resolve) => (onReady = resolve));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { id?: number; ok?: boolean; value?: unknown; error?: string; ready?: boolean };
      if (msg.ready) return onReady?.();
      const w = waiting.get(msg.id ?? -1);
      if (!w) return;
      waiting.delete(msg.id!);
      if (msg.ok) w.resolve(msg.value);
      else w.reject(new ControlError(`${name}: ${msg.error}`));
    });
    proc.stdin!.on('error', () => {});
    const child: Child = {
      name,
      pid: proc.pid,
      exited,
      alive: () => !exitedFlag,
      request: (cmd) =>
        new Promise((resolve, reject) => {
          if (exitedFlag) return reject(new ControlError(`${name} is not running`));
          const id = nextId++;
          waiting.set(id, { resolve, reject });
          proc.stdin!.write(`${JSON.stringify({ ...cmd, id })}\n`);
        }),
    };
    this.children.set(name, { proc, child });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ControlError(`${name}: not ready after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([readyP, timedOut, exited.then(() => Promise.reject(new ControlError(`${name} exited before it was ready`)))]);
    } catch (e) {
      this.kill(name);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return child;
  }

  /** A child known under another name from now on (a spare taking its place). */
  rename(from: string, to: string): void {
    const c = this.children.get(from);
    if (!c) return;
    this.children.delete(from);
    c.child.name = to;
    this.children.set(to, c);
  }

  /** SIGKILL by PID: a fail-stop crash. Resolves when the process is gone. */
  async kill(name: string): Promise<void> {
    const c = this.children.get(name);
    if (!c) return;
    if (c.child.alive()) {
      try {
        process.kill(c.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await c.child.exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((n) => this.kill(n)));
    this.children.clear();
  }
}
