/**
 * Random exploration with fast-check, for bounds beyond exhaustive search.
 *
 * A run is a list of choices (natural numbers), interpreted by replaying the
 * model from its initial state: at each step the choice picks one of the
 * actions enabled there. Every list is therefore a valid run, and so is every
 * list fast-check shrinks it to.
 *
 * Uniform choice would make faults rare: in a typical state a crash is one of
 * a dozen enabled actions, and the interesting ones must fall between two
 * particular steps. So a choice first picks a class (its low 8 bits): a fault
 * with probability 1/8, a spontaneous action (not weakly fair: a timeout
 * without cause) with 1/8, a protocol action with 3/4, renormalised over the
 * classes that have an enabled action; its other bits pick uniformly within
 * the class. Small choices mean protocol actions, so shrinking toward 0 also
 * shrinks toward fewer faults.
 */
import fc from 'fast-check';
import { stepper } from './codec.ts';
import { follow } from './path.ts';
import { fingerprinter, judgeLasso } from './replay.ts';
import type { Model, Property } from './model.ts';
import type { Step } from './trace.ts';

const WEIGHTS = { normal: 192, spontaneous: 32, fault: 32 } as const;
type Kind = keyof typeof WEIGHTS;

function kindOf<S, A>(model: Model<S, A>, state: S, action: A): Kind {
  if (model.isFault?.(action)) return 'fault';
  if (model.fairness && model.fairness(state, action) === null) return 'spontaneous';
  return 'normal';
}

/** The index of the action a choice picks among `actions`. */
export function pickAction<S, A>(model: Model<S, A>, state: S, actions: readonly A[], choice: number): number {
  const pools: Record<Kind, number[]> = { normal: [], spontaneous: [], fault: [] };
  actions.forEach((a, i) => pools[kindOf(model, state, a)].push(i));
  const kinds = (['normal', 'spontaneous', 'fault'] as const).filter((k) => pools[k].length > 0);
  const total = kinds.reduce((n, k) => n + WEIGHTS[k], 0);
  let x = ((choice & 0xff) * total) >> 8;
  let kind = kinds[kinds.length - 1];
  for (const k of kinds) {
    if (x < WEIGHTS[k]) {
      kind = k;
      break;
    }
    x -= WEIGHTS[k];
  }
  const pool = pools[kind];
  return pool[Math.floor(choice / 256) % pool.length];
}

/** Schedules of up to `maxSteps` choices; lengths spread over the whole range. */
export function schedules(maxSteps: number): fc.Arbitrary<number[]> {
  return fc.array(fc.nat(), { minLength: 1, maxLength: maxSteps, size: 'max' });
}

export interface Run<S, A> {
  initial: S;
  steps: Step<S, A>[];
}

/** Interprets choices from the initial state; stops early when nothing is enabled or `stop` says so. */
export function runChoices<S, A>(model: Model<S, A>, choices: readonly number[], stop?: (s: S) => boolean): Run<S, A> {
  const initial = model.init()[0];
  const next = stepper(model);
  const steps: Step<S, A>[] = [];
  let s = initial;
  if (stop?.(s)) return { initial, steps };
  for (const c of choices) {
    const actions = model.actions(s);
    if (actions.length === 0) break;
    const action = actions[pickAction(model, s, actions, c)];
    s = next(s, action);
    steps.push({ action, state: s });
    if (stop?.(s)) break;
  }
  return { initial, steps };
}

/** Replays actions, skipping those not enabled when their turn comes: how shrinking edits a run (see `follow`). */
export function replayLenient<S, A>(model: Model<S, A>, actions: readonly A[], stop?: (s: S) => boolean): Run<S, A> {
  const { initial, steps } = follow(model, model.init()[0], actions, { lenient: true, stop, next: stepper(model) });
  return { initial, steps };
}

export type Continuation<S, A> =
  | { outcome: 'reached'; steps: Step<S, A>[] }
  | { outcome: 'lasso'; steps: Step<S, A>[]; cycleStart: number }
  | { outcome: 'inconclusive'; steps: Step<S, A>[] };

/**
 * After a random prefix: no more faults, no more spontaneous actions, and a
 * fair scheduler (the weakly fair class taken least recently goes first)
 * until the goal holds. Links heal because healing is fair. When a state
 * comes back, the stretch since its last visit is a cycle; if that cycle is
 * weakly fair the run can repeat it forever without reaching the goal, and
 * the continuation ends there as a lasso. Gives up after `bound` steps.
 */
export function fairContinuation<S, A>(
  model: Model<S, A>,
  property: Property<S>,
  start: S,
  bound = 2000,
): Continuation<S, A> {
  const fair = model.fairness?.bind(model);
  if (!fair) return { outcome: 'inconclusive', steps: [] };
  const next = stepper(model);
  const fp = fingerprinter(model);
  const steps: Step<S, A>[] = [];
  const lastTaken = new Map<string, number>();
  const visits = new Map<string, number[]>([[fp(start), [0]]]);
  let s = start;
  for (let t = 0; t < bound; t++) {
    if (property.holds(s)) return { outcome: 'reached', steps };
    const actions = model.actions(s);
    if (actions.length === 0) return { outcome: 'lasso', steps, cycleStart: steps.length };
    let best = -1;
    let bestClass = '';
    let bestAge = Infinity;
    actions.forEach((a, i) => {
      const c = fair(s, a);
      if (c === null) return;
      const age = lastTaken.get(c) ?? -1;
      if (age < bestAge) {
        best = i;
        bestClass = c;
        bestAge = age;
      }
    });
    if (best < 0) return { outcome: 'inconclusive', steps };
    lastTaken.set(bestClass, t);
    s = next(s, actions[best]);
    steps.push({ action: actions[best], state: s });
    const key = fp(s);
    const earlier = visits.get(key);
    if (earlier) {
      for (let k = earlier.length - 1; k >= 0; k--) {
        const from = earlier[k];
        const loopStart = from === 0 ? start : steps[from - 1].state;
        const lasso = { initial: loopStart, prefix: [], cycle: steps.slice(from) };
        if (judgeLasso(model, property, lasso).verdict === 'violated') return { outcome: 'lasso', steps, cycleStart: from };
      }
      earlier.push(steps.length);
    } else {
      visits.set(key, [steps.length]);
    }
  }
  return { outcome: 'inconclusive', steps };
}

/** A lasso found by random search, judged fair by the replay module's own check. */
export function continuationLasso<S, A>(
  model: Model<S, A>,
  property: Property<S>,
  run: Run<S, A>,
): { prefix: Step<S, A>[]; cycle: Step<S, A>[] } | null {
  const end = run.steps.length === 0 ? run.initial : run.steps[run.steps.length - 1].state;
  const c = fairContinuation(model, property, end);
  if (c.outcome !== 'lasso') return null;
  const lasso = { initial: run.initial, prefix: [...run.steps, ...c.steps.slice(0, c.cycleStart)], cycle: c.steps.slice(c.cycleStart) };
  return judgeLasso(model, property, lasso).verdict === 'violated' ? lasso : null;
}

/** What a candidate run shows when it still fails: the actions it kept, and what it is. */
export interface Failing<A, T> {
  kept: A[];
  faults: number;
  length: number;
  value: T;
}

/**
 * Shrinks a failing run at the level of actions: first as few faults as it
 * can (a reviewer reads "one crash" faster than "three cuts and a crash"),
 * then as few steps. Each candidate drops some of the kept actions; `fails`
 * replays the rest (leniently) and says whether it still fails and how long
 * it is. A candidate is kept when it is better on (faults, length).
 * Deterministic, so the same seed gives the same counterexample.
 */
export function minimizeRun<A, T>(
  actions: readonly A[],
  isFault: (a: A) => boolean,
  fails: (actions: readonly A[]) => Failing<A, T> | null,
): Failing<A, T> {
  let best = fails(actions);
  if (!best) throw new Error('minimizeRun: the run does not fail');
  const better = (a: Failing<A, T>, b: Failing<A, T>) => a.faults < b.faults || (a.faults === b.faults && a.length < b.length);
  const attempt = (keep: (i: number) => boolean): boolean => {
    const candidate = fails(best!.kept.filter((_, i) => keep(i)));
    if (candidate && better(candidate, best!)) {
      best = candidate;
      return true;
    }
    return false;
  };
  for (let changed = true; changed; ) {
    changed = false;
    // Faults first, latest first.
    for (let i = best.kept.length - 1; i >= 0; i--) {
      if (i < best.kept.length && isFault(best.kept[i]) && attempt((j) => j !== i)) changed = true;
    }
    // Then steps: halves, quarters, … single steps.
    for (let size = Math.max(1, best.kept.length >> 1); size >= 1; size >>= 1) {
      for (let start = 0; start < best.kept.length; ) {
        if (attempt((j) => j < start || j >= start + size)) changed = true;
        else start += size;
      }
    }
  }
  return best;
}

/** A failing run of a safety property (or a witness): the executed actions up to the first state `bad` accepts. */
export function failsAt<S, A>(model: Model<S, A>, bad: (s: S) => boolean) {
  return (actions: readonly A[]): Failing<A, Run<S, A>> | null => {
    const r = replayLenient(model, actions, bad);
    const end = r.steps.length === 0 ? r.initial : r.steps[r.steps.length - 1].state;
    if (!bad(end)) return null;
    const kept = r.steps.map((s) => s.action);
    return { kept, faults: kept.filter((a) => model.isFault?.(a)).length, length: kept.length, value: r };
  };
}
