/**
 * The client: sends requests to the service address, keeps every output it
 * receives, and retransmits a request that has not been answered when its
 * retransmission timer fires. Requests are made by a workload (`send`); the
 * timer is a scheduling hook (`retransmit`) or, on a real clock, `tick`
 * (`--retransmit-after T`).
 */
import type { Output } from './service.ts';
import type { Message, Nic } from './wire.ts';

export interface Received {
  seq: number;
  req: number;
  nd: number;
  from: string;
  body: string;
}

export class Client {
  private sent = new Set<number>();
  private received: Received[] = [];
  /** When each request was first sent, for the latency bench. */
  readonly sentAt = new Map<number, number>();
  readonly answeredAt = new Map<number, number>();
  nic: Nic | null = null;

  reset(): void {
    this.sent.clear();
    this.lastSent.clear();
    this.received = [];
    this.sentAt.clear();
    this.answeredAt.clear();
  }

  status() {
    return { sent: [...this.sent].sort((a, b) => a - b), received: this.received.map((r) => ({ ...r })) };
  }

  /** When each unanswered request was last sent, on the retransmission clock. */
  private lastSent = new Map<number, number>();
  now = 0;

  /** A tick of a real clock: retransmit what has waited `after` without an answer. */
  tick(now: number, after: number): void {
    this.now = now;
    for (const [req, t] of this.lastSent) if (now - t >= after) this.retransmit(req);
  }

  send(req: number): boolean {
    if (this.sent.has(req)) return false;
    this.sent.add(req);
    this.lastSent.set(req, this.now);
    this.sentAt.set(req, performance.now());
    this.nic!.send('service', { type: 'req', req });
    return true;
  }

  answered(req: number): boolean {
    return this.received.some((r) => r.req === req);
  }

  /** The retransmission timer of `req` fired: resend unless it was answered. */
  retransmit(req: number): boolean {
    if (!this.sent.has(req) || this.answered(req)) return false;
    this.lastSent.set(req, this.now);
    this.nic!.send('service', { type: 'req', req });
    return true;
  }

  /** For the latency bench: each answered request's latency, and the time from the first send to the last first answer. */
  latencies(): { ms: number[]; span: number } {
    const ms = [...this.answeredAt].map(([r, t]) => t - this.sentAt.get(r)!);
    const span = this.answeredAt.size === 0 ? 0 : Math.max(...this.answeredAt.values()) - Math.min(...this.sentAt.values());
    return { ms, span };
  }

  receive(from: string, m: Message): void {
    if (m.type !== 'out') return;
    const o = m as unknown as Output;
    if (!this.answeredAt.has(o.req)) this.answeredAt.set(o.req, performance.now());
    this.lastSent.delete(o.req);
    this.received.push({ seq: o.seq, req: o.req, nd: o.nd, from, body: o.body });
  }
}
