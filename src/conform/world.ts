/**
 * The controlled world a system under test runs in: its processes (started
 * and ended here), the network between them (the router), and their clocks
 * (set from here, so a timer fires when the harness says). `settle` is what
 * makes a step a step: it waits until every frame a process was given has
 * been read and every frame it wrote has reached the router, and returns
 * each process's status as of that moment.
 */
import { ProcessManager, type Child } from './processes.ts';
import { Router } from './router.ts';

export interface HostSpec {
  name: string;
  command: string;
  /** The router's port is appended as `--net PORT`. */
  args: string[];
}

export interface HostStatus {
  state: unknown;
  net: { in: number; out: number };
}

export class World {
  readonly processes = new ProcessManager();
  private now = new Map<string, number>();
  private specs = new Map<string, HostSpec>();
  /** Standby processes started after a crash, so that the next schedule need not wait for a start. */
  private spares = new Map<string, Promise<Child>>();

  private constructor(readonly router: Router) {}

  static async create(): Promise<World> {
    return new World(await Router.listen());
  }

  /** Starts every host that is not running, resets the others, and empties the network. */
  async fresh(specs: readonly HostSpec[]): Promise<void> {
    this.router.reset();
    await Promise.all(
      specs.map(async (spec) => {
        this.specs.set(spec.name, spec);
        const running = this.processes.get(spec.name);
        if (running && this.router.isUp(spec.name)) return running.request({ cmd: 'reset' });
        await this.crash(spec.name);
        const joined = this.router.joined(spec.name);
        const spare = this.spares.get(spec.name);
        this.spares.delete(spec.name);
        if (spare && (await spare.catch(() => null))?.alive()) {
          this.processes.rename(`${spec.name}~spare`, spec.name);
          await this.processes.get(spec.name)!.request({ cmd: 'join' });
        } else {
          await this.processes.spawn(spec.name, spec.command, [...spec.args, '--net', String(this.router.port)]);
        }
        await joined;
        this.now.set(spec.name, 0); // a new process's monotonic clock starts again
        return undefined;
      }),
    );
  }

  host(name: string): Child {
    const c = this.processes.get(name);
    if (!c) throw new Error(`${name} is not running`);
    return c;
  }

  running(name: string): boolean {
    return this.processes.get(name) !== undefined;
  }

  /** SIGKILL, then wait until the network has seen the connection go. A spare is started to take its place later. */
  async crash(name: string): Promise<void> {
    const wasRunning = this.running(name);
    await this.processes.kill(name);
    const spec = this.specs.get(name);
    if (wasRunning && spec && !this.spares.has(name)) {
      const spare = this.processes.spawn(`${name}~spare`, spec.command, [...spec.args, '--net', String(this.router.port), '--standby']);
      spare.catch(() => {});
      this.spares.set(name, spare);
    }
    while (this.router.isUp(name)) await new Promise((r) => setTimeout(r, 1));
  }

  async advanceClock(name: string, by: number): Promise<void> {
    const t = (this.now.get(name) ?? 0) + by;
    this.now.set(name, t);
    await this.host(name).request({ cmd: 'clock', now: t });
  }

  /** Sets the wall clock every running host reads. */
  async setWall(value: number): Promise<void> {
    await Promise.all([...this.specs.keys()].filter((n) => this.running(n)).map((n) => this.host(n).request({ cmd: 'wall', value })));
  }

  /** Waits until nothing is in transit, then returns the status of every running host. */
  async settle(timeoutMs = 5000): Promise<Map<string, HostStatus>> {
    const deadline = performance.now() + timeoutMs;
    for (let round = 0; ; round++) {
      const names = [...this.specs.keys()].filter((n) => this.running(n));
      const statuses = await Promise.all(names.map((n) => this.host(n).request({ cmd: 'status' }).catch(() => null)));
      const out = new Map<string, HostStatus>();
      let quiet = true;
      names.forEach((n, i) => {
        const s = statuses[i] as HostStatus | null;
        if (s === null) return; // died while we asked: a crash the harness did not make
        const c = this.router.counters(n);
        if (s.net.in !== c.given || s.net.out !== c.taken) quiet = false;
        out.set(n, s);
      });
      if (quiet) return out;
      if (performance.now() > deadline) throw new Error('the system under test did not settle');
      await new Promise((r) => (round < 3 ? setImmediate(r) : setTimeout(r, 1)));
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.spares.values()].map((p) => p.catch(() => null)));
    await this.processes.stopAll();
    await this.router.close();
  }
}
