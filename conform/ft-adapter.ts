/**
 * The adapter between the model of spec/ and the implementation of impl/:
 * each model action becomes an operation on the controlled world, and the
 * processes' status with the router's held frames becomes a `State`
 * (mapping.ts). The implementation's narrow hooks are used where the model
 * has an internal step: `apply` (the backup's replay thread), `proceed`
 * (the winner's takeover, the model's `goLive`), and the client's
 * retransmission timer (`retry`). Timeouts are real: the VM's clock is
 * advanced past its failure-detection timeout. A crash is SIGKILL.
 *
 * The fault budgets are the fault injector's, not the implementation's, so
 * a fault beyond them is refused here.
 */
import { fileURLToPath } from 'node:url';
import type { Action } from '../spec/action.ts';
import type { Config } from '../spec/config.ts';
import type { LinkId, State, VmId } from '../spec/state.ts';
import type { Adapter, AdapterStats } from '../src/conform/adapter.ts';
import { bundle } from '../src/conform/bundle.ts';
import type { Frame } from '../src/conform/router.ts';
import { World, type HostSpec, type HostStatus } from '../src/conform/world.ts';
import { LINK_HOSTS, acceptsLog, type CoreLinkId, awaitsAcks, mapState, vmOf, type Observed, type VmStatus } from './mapping.ts';

const TIMEOUT = 100;
const ENTRY = fileURLToPath(new URL('../impl/main.ts', import.meta.url));

export interface FtOptions {
  config: Config;
  bug?: string | null;
  outputRule?: boolean;
}

export class FtAdapter implements Adapter<State, Action> {
  private faults = { crashes: 0, cuts: 0 };
  private statuses = new Map<string, HostStatus>();

  private constructor(
    private readonly world: World,
    private readonly specs: HostSpec[],
    private readonly config: Config,
  ) {
    world.router.virtualAddress('service', 'p');
  }

  static async create(o: FtOptions): Promise<FtAdapter> {
    const js = await bundle(ENTRY);
    const flags = ['--clock', 'manual', '--timeout', String(TIMEOUT), '--output-rule', o.outputRule === false ? 'off' : 'on', ...(o.bug ? ['--bug', o.bug] : [])];
    const host = (name: string, ...args: string[]): HostSpec => ({ name, command: process.execPath, args: [js, ...args, ...flags] });
    const specs = [host('p', 'vm', 'p', 'primary'), host('b', 'vm', 'b', 'backup'), host('s', 'arbiter'), host('c', 'client')];
    return new FtAdapter(await World.create(), specs, o.config);
  }

  async start(): Promise<void> {
    await this.world.fresh(this.specs);
    this.faults = { crashes: 0, cuts: 0 };
    this.statuses = await this.world.settle();
  }

  stats(): AdapterStats {
    return { processesStarted: this.world.processes.started, messagesCarried: this.world.router.carried, pids: [...this.world.processes.pids] };
  }

  stop(): Promise<void> {
    return this.world.stop();
  }

  async status(): Promise<State> {
    this.statuses = await this.settleDropped();
    const router = this.world.router;
    const vms: Observed['vms'] = {};
    for (const v of ['p', 'b'] as const) {
      const s = this.statuses.get(v);
      if (s) vms[v] = s.state as VmStatus;
    }
    const links = {} as Record<CoreLinkId, boolean>;
    for (const l of Object.keys(LINK_HOSTS) as CoreLinkId[]) links[l] = router.linkUp(...LINK_HOSTS[l]);
    return mapState({
      vms,
      arbiter: (this.statuses.get('s')?.state as Observed['arbiter']) ?? { flag: null },
      client: (this.statuses.get('c')?.state as Observed['client']) ?? { sent: [], received: [] },
      frames: router.frames(),
      links,
      owner: router.ownerOf('service') ?? 'p',
      faults: { ...this.faults },
    });
  }

  async perform(a: Action): Promise<boolean> {
    const w = this.world;
    const r = w.router;
    switch (a.type) {
      case 'send':
        return (await w.host('c').request({ cmd: 'send', req: a.req })) === true;
      case 'retry':
        // Set semantics: a retransmission while a copy is in flight is the state it was.
        if (this.held('c', 'service', 'req').some((f) => f.m.req === a.req)) return false;
        return (await w.host('c').request({ cmd: 'retransmit', req: a.req })) === true;
      case 'deliverRequest': {
        const f = this.held('c', 'service', 'req').find((x) => x.m.req === a.req);
        if (!f) return false;
        // With nd the owner executes the request now; without, it does not: the owner's own log says which step this is.
        const owner = this.statuses.get(r.destination(f))?.state as VmStatus | undefined;
        const executes = owner?.mode === 'primary' && !(owner.log ?? []).some((e) => e.req === a.req);
        if (executes !== (a.nd !== undefined)) return false;
        if (a.nd !== undefined) await w.setWall(a.nd);
        return r.deliver(f) !== 'blocked';
      }
      case 'deliverLog':
        return this.deliverNext('p', 'b', 'log');
      case 'deliverAck':
        return this.deliverNext('b', 'p', 'ack');
      case 'apply':
        // The implementation always replays the logged value: it has no step "replay, picking nd".
        if (a.nd !== undefined) return false;
        return w.running('b') && (await w.host('b').request({ cmd: 'apply' })) === true;
      case 'deliverOutput': {
        const copies = this.held(a.from, 'c', 'out').filter((f) => f.m.seq === a.seq && f.m.req === a.req && f.m.nd === a.nd);
        for (const f of copies) r.deliver(f);
        return copies.length > 0;
      }
      case 'timeout': {
        if (!w.running(a.vm)) return false;
        const before = await this.vmStatus(a.vm);
        await w.advanceClock(a.vm, TIMEOUT);
        const after = await this.vmStatus(a.vm);
        return after.suspects === true && before.suspects !== true;
      }
      case 'testAndSet': {
        const f = this.held(a.vm, 's', 'tas')[0];
        if (!f || r.deliver(f) !== 'delivered') return false;
        await w.settle();
        const reply = this.held('s', a.vm, 'tas-reply')[0];
        if (reply) r.deliver(reply);
        return true;
      }
      case 'goLive':
        return w.running(a.vm) && (await w.host(a.vm).request({ cmd: 'proceed' })) === true;
      case 'crash':
        if (!w.running(a.vm) || this.faults.crashes >= this.config.crashes) return false;
        await w.crash(a.vm);
        this.faults.crashes++;
        // Its test-and-set request dies with it: the model's testAndSet is a step of a live VM.
        for (const f of this.held(a.vm, 's', 'tas')) r.discard(f);
        return true;
      case 'restore':
        return false; // the implementation has no spare host
      case 'cut':
        if (!(a.link in LINK_HOSTS)) return false;
        if (!r.linkUp(...LINK_HOSTS[a.link as CoreLinkId]) || this.faults.cuts >= this.config.cuts) return false;
        r.cutLink(...LINK_HOSTS[a.link as CoreLinkId]);
        this.faults.cuts++;
        return true;
      case 'heal':
        if (!(a.link in LINK_HOSTS) || r.linkUp(...LINK_HOSTS[a.link as CoreLinkId])) return false;
        r.healLink(...LINK_HOSTS[a.link as CoreLinkId]);
        return true;
    }
  }

  private held(from: string, to: string, type: string): Frame[] {
    return this.world.router.frames().filter((f) => f.from === from && f.to === to && f.m.type === type);
  }

  private async vmStatus(v: VmId): Promise<VmStatus> {
    const s = (await this.world.host(v).request({ cmd: 'status' })) as HostStatus;
    return s.state as VmStatus;
  }

  /** Delivers frames from `from` to `to` in order, through the first one of `type`. FIFO, like the TCP stream it is. */
  private deliverNext(from: string, to: string, type: string): boolean {
    const r = this.world.router;
    const stream = r.frames().filter((f) => f.from === from && f.to === to);
    const i = stream.findIndex((f) => f.m.type === type);
    if (i < 0 || !r.linkUp(from, to)) return false;
    for (const f of stream.slice(0, i + 1)) r.deliver(f);
    return true;
  }

  /**
   * Messages the model drops as undeliverable are still real frames: they
   * are delivered as soon as their link is up, and the implementation must
   * ignore them (a backup that suspects its primary, a primary that runs
   * alone). Heartbeats, which the model does not have, go the same way.
   */
  private async settleDropped(): Promise<Map<string, HostStatus>> {
    const w = this.world;
    for (;;) {
      const statuses = await w.settle();
      const vm = (v: VmId) => vmOf(statuses.get(v)?.state as VmStatus | undefined);
      const deadLog = !acceptsLog(vm('b'));
      const deadAck = !awaitsAcks(vm('p'));
      let moved = false;
      for (const f of [...w.router.frames()]) {
        const dead = f.m.type === 'heartbeat' || (f.m.type === 'log' && deadLog) || (f.m.type === 'ack' && deadAck);
        if (dead && w.router.deliver(f) !== 'blocked') moved = true;
      }
      if (!moved) return statuses;
    }
  }
}
