/**
 * The controlled network: every process of the system under test joins it
 * with one TCP connection (its network interface) and sends frames addressed
 * by host name. The router is the switch: it holds every frame until the
 * schedule delivers it (or, free-running, until a delay has passed), cuts
 * and heals links between hosts, and keeps an ARP table of virtual
 * addresses: a frame to `$arp` claiming an address rebinds it at once, like
 * a gratuitous ARP, and a frame held for a virtual address goes to whoever
 * owns it when it is delivered.
 *
 * It knows the framing (newline-delimited JSON with `to`, `m`) and nothing
 * of any protocol. It counts the frames each host sent and was given, so
 * that the world can tell when nothing is in transit.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface Frame {
  id: number;
  from: string;
  /** As addressed: a host or a virtual address. */
  to: string;
  m: Record<string, unknown>;
}

interface Host {
  socket: Socket | null;
  /** Frames written to it and read from it, since it last joined. */
  given: number;
  taken: number;
}

export type Delivery = 'delivered' | 'dropped' | 'blocked';

export class Router {
  private server: Server;
  private hosts = new Map<string, Host>();
  private held: Frame[] = [];
  private cut = new Set<string>();
  private arp = new Map<string, string>();
  private arpInitial = new Map<string, string>();
  private joinWaiters = new Map<string, () => void>();
  private nextId = 1;
  /** Frames carried to a host, over the router's life. */
  carried = 0;
  /** Free-running mode: called for each frame as it arrives; a number delivers it after that many ms. */
  autoDelay: ((f: Frame) => number | null) | null = null;
  port = 0;

  private constructor() {
    this.server = createServer((socket) => this.accept(socket));
  }

  static async listen(): Promise<Router> {
    const r = new Router();
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    const addr = r.server.address();
    r.port = typeof addr === 'object' && addr ? addr.port : 0;
    return r;
  }

  close(): Promise<void> {
    for (const h of this.hosts.values()) h.socket?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  virtualAddress(name: string, owner: string): void {
    this.arp.set(name, owner);
    this.arpInitial.set(name, owner);
  }

  ownerOf(name: string): string | undefined {
    return this.arp.get(name);
  }

  /** Resolves once `name` has joined (again). */
  joined(name: string): Promise<void> {
    if (this.hosts.get(name)?.socket) return Promise.resolve();
    return new Promise((resolve) => this.joinWaiters.set(name, resolve));
  }

  counters(name: string): { given: number; taken: number } {
    const h = this.hosts.get(name);
    return { given: h?.given ?? 0, taken: h?.taken ?? 0 };
  }

  isUp(name: string): boolean {
    return !!this.hosts.get(name)?.socket;
  }

  frames(): readonly Frame[] {
    return this.held;
  }

  linkUp(a: string, b: string): boolean {
    return !this.cut.has(linkKey(a, b));
  }

  cutLink(a: string, b: string): void {
    this.cut.add(linkKey(a, b));
  }

  healLink(a: string, b: string): void {
    this.cut.delete(linkKey(a, b));
  }

  /** A fresh network for the next schedule: nothing held, every link up, every address at its first owner. */
  reset(): void {
    this.held = [];
    this.cut.clear();
    this.arp = new Map(this.arpInitial);
  }

  /** Where a frame would go now. */
  destination(f: Frame): string {
    return this.arp.get(f.to) ?? f.to;
  }

  /** Delivers a held frame: blocked while its link is cut; dropped when nobody is there to take it. */
  deliver(f: Frame): Delivery {
    const to = this.destination(f);
    if (!this.linkUp(f.from, to)) return 'blocked';
    this.discard(f);
    const host = this.hosts.get(to);
    if (!host?.socket) return 'dropped';
    host.given++;
    this.carried++;
    host.socket.write(`${JSON.stringify({ from: f.from, m: f.m })}\n`);
    return 'delivered';
  }

  discard(f: Frame): void {
    const i = this.held.indexOf(f);
    if (i >= 0) this.held.splice(i, 1);
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    let name: string | null = null;
    let buffer = '';
    socket.on('error', () => {});
    socket.on('close', () => {
      const h = name === null ? undefined : this.hosts.get(name);
      if (h && h.socket === socket) h.socket = null;
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const msg = JSON.parse(line) as { hello?: string; to?: string; m?: Record<string, unknown> };
        if (name === null) {
          name = msg.hello ?? '?';
          this.hosts.set(name, { socket, given: 0, taken: 0 });
          this.joinWaiters.get(name)?.();
          this.joinWaiters.delete(name);
          continue;
        }
        this.take(name, msg.to ?? '', msg.m ?? {});
      }
    });
  }

  private take(from: string, to: string, m: Record<string, unknown>): void {
    this.hosts.get(from)!.taken++;
    if (to === '$arp') {
      // A gratuitous ARP reaches the switch at once: the address moves now.
      if (typeof m.claim === 'string' && this.arp.has(m.claim)) this.arp.set(m.claim, from);
      return;
    }
    const f: Frame = { id: this.nextId++, from, to, m };
    this.held.push(f);
    const delay = this.autoDelay?.(f);
    if (delay === null || delay === undefined) return;
    const go = () => {
      if (this.deliver(f) === 'blocked') setTimeout(go, 1);
    };
    if (delay <= 0) queueMicrotask(go);
    else setTimeout(go, delay);
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
