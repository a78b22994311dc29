/**
 * Which model states a conformance run has reached on the system, and a
 * way to aim at the rest: every covered state is kept with the first path
 * that reached it, so that each successor the model allows there and no
 * schedule has reached yet (the frontier) becomes a schedule that drives
 * the system one step past what it has shown so far.
 */
import type { Model } from '../engine/model.ts';
import { fingerprinter } from '../engine/replay.ts';

export class Coverage<S, A> {
  private readonly reached = new Map<string, { state: S; path: A[] }>();
  readonly actionTypes = new Set<string>();
  private readonly fp: (s: S) => string;

  constructor(
    private readonly model: Model<S, A>,
    private readonly typeOf: (a: A) => string,
  ) {
    this.fp = fingerprinter(model);
  }

  get states(): number {
    return this.reached.size;
  }

  has(state: S): boolean {
    return this.reached.has(this.fp(state));
  }

  /** A run's states (the initial one first) and the actions between them. */
  add(states: readonly S[], actions: readonly A[]): void {
    states.forEach((state, i) => {
      const k = this.fp(state);
      if (!this.reached.has(k)) this.reached.set(k, { state, path: actions.slice(0, i) });
    });
    for (const a of actions) this.actionTypes.add(this.typeOf(a));
  }

  /** Paths to states one step past the covered ones, not covered themselves. */
  frontier(): A[][] {
    const out: A[][] = [];
    const seen = new Set<string>();
    for (const { state, path } of this.reached.values()) {
      for (const a of this.model.actions(state)) {
        const k = this.fp(this.model.next(state, a));
        if (this.reached.has(k) || seen.has(k)) continue;
        seen.add(k);
        out.push([...path, a]);
      }
    }
    return out;
  }
}
