/**
 * The arbiter: the atomic test-and-set flag on shared storage. The first VM
 * to ask sets it and wins; everyone after loses. Asking again after winning
 * is answered as a win, so a retransmitted request cannot make the winner
 * lose.
 */
import type { Message, Nic } from './wire.ts';

export class Arbiter {
  private flag: string | null = null;
  nic: Nic | null = null;

  reset(): void {
    this.flag = null;
  }

  status() {
    return { flag: this.flag };
  }

  receive(from: string, m: Message): void {
    if (m.type !== 'tas') return;
    if (this.flag === null) this.flag = from;
    this.nic!.send(from, { type: 'tas-reply', won: this.flag === from });
  }
}
