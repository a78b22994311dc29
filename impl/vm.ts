/**
 * A VM of the primary/backup pair: one process, started as `primary` or
 * `backup`. The primary executes client requests, logs each with the clock
 * value it read, and releases an output once the backup has acknowledged its
 * entry (the Output Rule, a switch for the latency bench). The backup stores
 * entries, acknowledges them, and replays them one at a time. Either side
 * suspects its peer when it has heard nothing for `timeout` on its clock,
 * asks the arbiter's test-and-set, and halts if it loses; the winner drains
 * what it received and goes live, announcing the service address.
 *
 * Two internal steps wait for a scheduling hook instead of running on their
 * own, so that a harness can interleave them like any other event (as
 * Mocket instruments a real system): `apply` (the replay thread replays one
 * entry) and `proceed` (the winner continues its takeover). Without a
 * harness (`--auto`), both run immediately.
 */
import type { BugName } from './bugs.ts';
import type { Clock } from './clock.ts';
import { execute, type Entry, type Output } from './service.ts';
import type { Message, Nic } from './wire.ts';

export interface VmOptions {
  name: 'p' | 'b';
  peer: 'p' | 'b';
  role: 'primary' | 'backup';
  clock: Clock;
  timeout: number;
  heartbeat: number;
  outputRule: boolean;
  /** Run the replay and the takeover without waiting for hooks. */
  auto: boolean;
  /** Flow control (paper 3.2): at most this many unacknowledged entries while paired; new requests wait. */
  window: number | null;
  bug: BugName | null;
}

type Mode = 'primary' | 'backup' | 'halted';

export class Vm {
  private mode: Mode;
  private paired: boolean;
  private log: Entry[] = [];
  private replayed: Output[] = [];
  private acked = 0;
  private suspects = false;
  private won = false;
  private lastHeard = 0;
  private lastSent = 0;
  /** Requests that wait for the window to open, in arrival order. */
  private waiting: number[] = [];
  /** What execution produced, by request: the guest's own record of its outputs. */
  private cache = new Map<number, Output>();
  nic: Nic | null = null;

  constructor(private readonly o: VmOptions) {
    this.mode = o.role;
    this.paired = o.role === 'primary';
    o.clock.onTick(() => this.tick());
  }

  reset(): void {
    this.mode = this.o.role;
    this.paired = this.o.role === 'primary';
    this.log = [];
    this.replayed = [];
    this.acked = 0;
    this.suspects = false;
    this.won = false;
    this.waiting = [];
    this.lastHeard = this.lastSent = this.o.clock.now();
    this.cache.clear();
  }

  status() {
    if (this.mode === 'halted') return { mode: 'halted' as const };
    return {
      mode: this.mode,
      paired: this.paired,
      log: this.log.map(({ seq, req, nd }) => ({ seq, req, nd })),
      replayed: this.replayed.map(({ seq, req, nd }) => ({ seq, req, nd })),
      acked: this.acked,
      suspects: this.suspects,
      goingLive: this.won,
    };
  }

  receive(from: string, m: Message): void {
    if (this.mode === 'halted') return;
    if (from === this.o.peer) this.lastHeard = this.o.clock.now();
    switch (m.type) {
      case 'req':
        return this.onRequest(m.req as number);
      case 'log':
        return this.onLog(m.entry as Entry);
      case 'ack':
        return this.onAck(m.seq as number);
      case 'tas-reply':
        return this.onTasReply(m.won as boolean);
      case 'heartbeat':
        return;
    }
  }

  private send(to: string, m: Message): void {
    this.nic!.send(to, m);
    if (to === this.o.peer) this.lastSent = this.o.clock.now();
  }

  private emit(out: Output): void {
    this.send('c', { ...out });
  }

  private onRequest(req: number): void {
    if (this.mode !== 'primary') return; // not serving: the request is lost
    const done = this.log.find((e) => e.req === req);
    if (done) {
      // The client retransmitted: resend the output if it may be released.
      if (this.o.bug === 'stale-retransmit-cache' && this.cache.has(req)) return this.emit(this.cache.get(req)!);
      if (this.mayRelease(done.seq)) this.emit(execute(done));
      return;
    }
    if (this.windowFull()) {
      if (!this.waiting.includes(req)) this.waiting.push(req);
      return;
    }
    const entry: Entry = { seq: this.log.length + 1, req, nd: this.o.clock.wall() };
    this.log.push(entry);
    const out = execute(entry);
    this.cache.set(req, out);
    if (this.paired && !this.suspects) this.send(this.o.peer, { type: 'log', entry });
    if (this.mayRelease(entry.seq)) this.emit(out);
  }

  private windowFull(): boolean {
    return this.o.window !== null && this.paired && this.log.length - this.acked >= this.o.window;
  }

  /** The window opened (an ack, or the primary runs alone): run what waited. */
  private resume(): void {
    while (this.waiting.length > 0 && !this.windowFull()) this.onRequest(this.waiting.shift()!);
  }

  private mayRelease(seq: number): boolean {
    return !this.paired || !this.o.outputRule || this.acked >= seq;
  }

  private onAck(seq: number): void {
    if (this.mode !== 'primary' || !this.paired) return;
    const before = this.acked;
    this.acked = seq;
    if (!this.o.outputRule) return this.resume();
    const upTo = this.o.bug === 'ack-off-by-one' ? Math.min(seq + 1, this.log.length) : seq;
    for (let k = before + 1; k <= upTo; k++) this.emit(execute(this.log[k - 1]));
    this.resume();
  }

  private onLog(entry: Entry): void {
    if (this.mode !== 'backup') return;
    if (this.o.bug === 'ack-before-store') this.send(this.o.peer, { type: 'ack', seq: entry.seq });
    if (this.suspects) return; // a suspecting backup takes nothing more from the primary it gave up on
    this.log.push(entry);
    if (this.o.bug !== 'ack-before-store') this.send(this.o.peer, { type: 'ack', seq: entry.seq });
    if (this.o.auto) this.apply();
  }

  /** The replay thread: replays the next received entry. Returns false when there is none. */
  apply(): boolean {
    if (this.mode !== 'backup' || this.replayed.length >= this.log.length) return false;
    const e = this.log[this.replayed.length];
    const nd = this.o.bug === 'replay-reads-clock' ? this.o.clock.wall() : e.nd;
    this.replayed.push(execute({ seq: e.seq, req: e.req, nd }));
    return true;
  }

  private tick(): void {
    if (this.mode === 'halted' || this.nic === null) return;
    const now = this.o.clock.now();
    const watching = (this.mode === 'primary' && this.paired) || this.mode === 'backup';
    if (!watching || this.suspects) return;
    if (now - this.lastHeard >= this.o.timeout) {
      this.suspects = true;
      this.send('s', { type: 'tas', vm: this.o.name });
      return;
    }
    if (now - this.lastSent >= this.o.heartbeat) this.send(this.o.peer, { type: 'heartbeat' });
  }

  private onTasReply(won: boolean): void {
    if (!this.suspects || this.won) return;
    if (won || this.o.bug === 'any-reply-wins') {
      this.won = true;
      if (this.o.auto) this.proceed();
    } else {
      this.halt();
    }
  }

  private halt(): void {
    this.mode = 'halted';
    this.log = [];
    this.replayed = [];
    this.cache.clear();
  }

  /**
   * The winner's takeover: become an unpaired primary and announce the
   * address. A backup first waits for its replay to catch up with what it
   * received (the drain): until then this answers false.
   */
  proceed(): boolean {
    if (!this.won || this.mode === 'halted') return false;
    if (this.mode === 'backup') {
      if (this.o.auto) while (this.apply());
      if (this.replayed.length < this.log.length && this.o.bug !== 'skip-drain') return false;
      const last = this.replayed[this.replayed.length - 1];
      this.log = this.replayed.map(({ seq, req, nd }) => ({ seq, req, nd }));
      this.cache = new Map(this.replayed.map((o) => [o.req, o]));
      this.replayed = [];
      this.mode = 'primary';
      this.announce();
      // Execution resumes just before the last replayed output: it goes out again.
      if (last) this.emit(last);
    } else {
      if (this.o.outputRule) for (let k = this.acked + 1; k <= this.log.length; k++) this.emit(execute(this.log[k - 1]));
      this.announce();
    }
    this.paired = false;
    this.acked = 0;
    this.suspects = false;
    this.won = false;
    this.resume();
    return true;
  }

  private announce(): void {
    this.nic!.send('$arp', { type: 'garp', claim: 'service' });
  }
}
