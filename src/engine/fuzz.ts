/**
 * `fuzz`: random schedules through fast-check, every always-property checked
 * along every run, every eventually-property checked on a fair, fault-free
 * continuation of it, and witnesses collected on the way. The first failure
 * is shrunk by fast-check (fewer, smaller choices), then by `minimizeRun`
 * (fewer faults, then fewer steps), and reported with the seed and path that
 * reproduce it.
 */
import fc from 'fast-check';
import type { PropertyResult } from './explore.ts';
import type { Model, Property } from './model.ts';
import { continuationLasso, failsAt, minimizeRun, replayLenient, runChoices, schedules, type Failing, type Run } from './random.ts';
import type { Lasso, Trace } from './trace.ts';

export interface FuzzOptions {
  runs: number;
  maxSteps: number;
  seed?: number;
  /** fast-check's path to a counterexample: replays that one only. */
  path?: string;
  timeLimitSeconds?: number;
  onProgress?: (p: { runs: number; seconds: number }) => void;
}

export interface FuzzFailure {
  property: string;
  seed: number;
  path: string;
  /** The run as fast-check shrank it, and after lockstep's own shrinking. */
  shrunkByFastCheck: { steps: number; faults: number };
  shrunk: { steps: number; faults: number };
}

export interface FuzzReport<S, A> {
  seed: number;
  runs: number;
  seconds: number;
  interrupted: boolean;
  properties: PropertyResult<S, A>[];
  failure?: FuzzFailure;
}

export function fuzz<S, A>(model: Model<S, A>, properties: readonly Property<S>[], options: FuzzOptions): FuzzReport<S, A> {
  const started = performance.now();
  const always = properties.filter((p) => p.kind === 'always');
  const live = properties.filter((p) => p.kind === 'eventually');
  const witnesses = properties.filter((p) => p.kind === 'sometimes');
  const seen = new Map<string, A[]>();
  const isFault = (a: A) => model.isFault?.(a) ?? false;
  let runs = 0;
  let nextProgress = started + 1000;

  const broken = (s: S) => always.some((p) => !p.holds(s));
  const failing = (run: Run<S, A>): Property<S> | null => {
    const end = run.steps.length === 0 ? run.initial : run.steps[run.steps.length - 1].state;
    const bad = always.find((p) => !p.holds(end));
    if (bad) return bad;
    return live.find((p) => continuationLasso(model, p, run) !== null) ?? null;
  };

  const predicate = (choices: number[]): boolean => {
    runs++;
    if (options.onProgress && (runs & 63) === 0 && performance.now() >= nextProgress) {
      nextProgress = performance.now() + 1000;
      options.onProgress({ runs, seconds: (performance.now() - started) / 1000 });
    }
    const run = runChoices(model, choices, broken);
    for (const w of witnesses) {
      if (seen.has(w.name)) continue;
      const at = run.steps.findIndex((s) => w.holds(s.state));
      if (at >= 0) seen.set(w.name, run.steps.slice(0, at + 1).map((s) => s.action));
    }
    return failing(run) === null;
  };

  const result = fc.check(fc.property(schedules(options.maxSteps), predicate), {
    numRuns: options.runs,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.timeLimitSeconds !== undefined
      ? { interruptAfterTimeLimit: options.timeLimitSeconds * 1000, markInterruptAsFailure: false }
      : {}),
  });

  const results = new Map<string, PropertyResult<S, A>>();
  let failure: FuzzFailure | undefined;
  if (result.failed && result.counterexample) {
    const run = runChoices(model, result.counterexample[0], broken);
    const property = failing(run)!;
    const shrunk = shrinkFailure(model, property, run);
    results.set(property.name, { name: property.name, kind: property.kind, verdict: 'violated', final: true, length: shrunk.length, trace: shrunk.value });
    failure = {
      property: property.name,
      seed: result.seed,
      path: result.counterexamplePath ?? '',
      shrunkByFastCheck: {
        steps: property.kind === 'eventually' ? lassoLength(continuationLasso(model, property, run)) : run.steps.length,
        faults: run.steps.filter((s) => model.isFault?.(s.action)).length,
      },
      shrunk: { steps: shrunk.length, faults: shrunk.faults },
    };
  }
  for (const w of witnesses) {
    const actions = seen.get(w.name);
    if (!actions) continue;
    const found = minimizeRun(actions, isFault, failsAt(model, (s) => w.holds(s)));
    results.set(w.name, { name: w.name, kind: 'sometimes', verdict: 'witnessed', final: true, length: found.length, trace: found.value });
  }
  return {
    seed: result.seed,
    runs: result.numRuns,
    seconds: (performance.now() - started) / 1000,
    interrupted: result.interrupted,
    properties: properties.map(
      (p) =>
        results.get(p.name) ?? {
          name: p.name,
          kind: p.kind,
          verdict: p.kind === 'sometimes' ? 'not-witnessed' : 'holds',
          final: false,
        },
    ),
    ...(failure ? { failure } : {}),
  };
}

function shrinkFailure<S, A>(model: Model<S, A>, property: Property<S>, run: Run<S, A>): Failing<A, Trace<S, A> | Lasso<S, A>> {
  const actions = run.steps.map((s) => s.action);
  const isFault = (a: A) => model.isFault?.(a) ?? false;
  if (property.kind === 'always') return minimizeRun(actions, isFault, failsAt(model, (s) => !property.holds(s)));
  // A liveness failure: shrink the way into the cycle; the fair continuation follows from it.
  return minimizeRun(actions, isFault, (acts): Failing<A, Lasso<S, A>> | null => {
    const r = replayLenient(model, acts);
    const lasso = continuationLasso(model, property, r);
    if (!lasso) return null;
    // Keep the continuation's way into the cycle too, so that shrinking can cut it short.
    const kept = lasso.prefix.map((s) => s.action);
    return {
      kept,
      faults: kept.filter(isFault).length,
      length: lasso.prefix.length + lasso.cycle.length,
      value: { initial: r.initial, ...lasso },
    };
  });
}

function lassoLength(l: { prefix: unknown[]; cycle: unknown[] } | null): number {
  return l ? l.prefix.length + l.cycle.length : 0;
}
