/**
 * `fuzz`: random schedules through fast-check, every always-property checked
 * along every run, every eventually-property checked on a fair, fault-free
 * continuation of it, and witnesses collected on the way. The first failure
 * is shrunk by fast-check (fewer, smaller choices), then by `minimizeRun`
 * (fewer faults, then fewer steps), and reported with the seed and path that
 * reproduce it. `fuzzAsync` gives the event loop a turn every ~50 ms, so
 * that a signal handler can stop it (through `signal`) with what it found.
 */
import fc from 'fast-check';
import { coverageOf, typeCounters } from './assemble.ts';
import type { Model, Property } from './model.ts';
import type { Coverage, PropertyResult } from './results.ts';
import { turnOfTheLoop } from './turn.ts';
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
  /** Stop (with `stoppedBecause: 'interrupted'`) once this is aborted; see `fuzzAsync`. */
  signal?: AbortSignal;
}

/** Why a random search ended: it ran all its runs, found a failure, or was stopped by its time limit or from outside. */
export type FuzzStopReason = 'runs-done' | 'violated' | 'time-limit' | 'interrupted';

export interface FuzzFailure {
  property: string;
  seed: number;
  path: string;
  /** The run as fast-check shrank it, and after lockstep's own shrinking. */
  shrunkByFastCheck: { steps: number; faults: number };
  shrunk: { steps: number; faults: number };
}

/** `coverage` counts the steps of every run tried, fast-check's shrinking included (a run is cut short at a violation). */
export interface FuzzReport<S, A> extends Partial<Coverage> {
  seed: number;
  runs: number;
  seconds: number;
  /** Stopped before its runs were done, by the time limit or the signal. */
  interrupted: boolean;
  /** Ran every run it was asked to, or stopped at a failure as it is meant to. */
  complete: boolean;
  stoppedBecause: FuzzStopReason;
  properties: PropertyResult<S, A>[];
  failure?: FuzzFailure;
}

export function fuzz<S, A>(model: Model<S, A>, properties: readonly Property<S>[], options: FuzzOptions): FuzzReport<S, A> {
  const f = prepare(model, properties, options);
  return f.finish(fc.check(fc.property(schedules(options.maxSteps), f.predicate), f.parameters));
}

/** `fuzz`, giving the event loop a turn every ~50 ms of runs, and stopping with what it found once `options.signal` is aborted. */
export async function fuzzAsync<S, A>(model: Model<S, A>, properties: readonly Property<S>[], options: FuzzOptions): Promise<FuzzReport<S, A>> {
  const f = prepare(model, properties, options);
  let nextTurn = performance.now() + 50;
  const predicate = async (choices: number[]): Promise<boolean> => {
    if (performance.now() >= nextTurn) {
      await turnOfTheLoop();
      nextTurn = performance.now() + 50;
    }
    return f.predicate(choices);
  };
  return f.finish(await fc.check(fc.asyncProperty(schedules(options.maxSteps), predicate), f.parameters));
}

/** The predicate and parameters of a random search, and how its result becomes a report. */
function prepare<S, A>(model: Model<S, A>, properties: readonly Property<S>[], options: FuzzOptions) {
  const started = performance.now();
  const taken = typeCounters(model);
  const typeOf = taken ? model.actionType!.bind(model) : null;
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
    if (typeOf) for (const step of run.steps) taken![typeOf(step.action)]++;
    for (const w of witnesses) {
      if (seen.has(w.name)) continue;
      const at = run.steps.findIndex((s) => w.holds(s.state));
      if (at >= 0) seen.set(w.name, run.steps.slice(0, at + 1).map((s) => s.action));
    }
    return failing(run) === null;
  };

  const signal = options.signal;
  // Once the signal is aborted, every run left is an interruption: fast-check stops, keeping what it found.
  const abort: fc.Plugin<[number[]]> = () => ({
    decorateRun: (run) => (value) => (signal?.aborted ? new fc.PreconditionFailure(true) : run(value)),
  });
  const parameters: fc.Parameters<[number[]]> = {
    numRuns: options.runs,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.timeLimitSeconds !== undefined
      ? { interruptAfterTimeLimit: options.timeLimitSeconds * 1000, markInterruptAsFailure: false }
      : {}),
    ...(signal ? { plugins: [abort] } : {}),
  };
  return { predicate, parameters, finish: report };

  function report(result: fc.RunDetails<[number[]]>): FuzzReport<S, A> {
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
    const stoppedBecause: FuzzStopReason = failure ? 'violated' : signal?.aborted ? 'interrupted' : result.interrupted ? 'time-limit' : 'runs-done';
    return {
      seed: result.seed,
      runs: result.numRuns,
      seconds: (performance.now() - started) / 1000,
      interrupted: result.interrupted,
      complete: stoppedBecause === 'runs-done' || stoppedBecause === 'violated',
      stoppedBecause,
      ...coverageOf(model, taken),
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
