/**
 * A conformance run: many schedules, each driven on the model and on the
 * system in lockstep (loop.ts), from three sources in turn. First the
 * given traces (committed counterexamples and witnesses), run strictly:
 * where the model refuses a step, the system must refuse it too. Then
 * random schedules drawn by fast-check with the fuzzer's own generator
 * (engine/random.ts), so that a failure is shrunk by fast-check and
 * reproduced by its seed and path. Then schedules aimed at model states no
 * schedule has reached yet, one step past the states covered so far
 * (coverage.ts). The first failure stops the run and is shrunk again
 * action by action.
 */
import fc from 'fast-check';
import type { Model, Property } from '../engine/model.ts';
import { fairContinuation, schedules as scheduleArbitrary } from '../engine/random.ts';
import type { Adapter } from './adapter.ts';
import { Coverage } from './coverage.ts';
import { runSchedule, type Continuation, type Outcome, type Schedule, type ScheduleResult } from './loop.ts';
import { shrinkActions } from './shrink.ts';

export interface CampaignOptions<S, A> {
  model: Model<S, A>;
  adapter: Adapter<S, A>;
  properties: readonly Property<S>[];
  traces: readonly { name: string; actions: readonly A[] }[];
  /** Random and aimed schedules together. */
  schedules: number;
  seed: number;
  maxSteps: number;
  typeOf: (a: A) => string;
  /** Runs fast-check may spend shrinking a failure (40 unless given). */
  fastCheckShrinks?: number;
  /** The share of `schedules` aimed at uncovered states. */
  aimedShare?: number;
  onProgress?: (p: { schedules: number; phase: string }) => void;
}

export interface Failure<S, A> {
  source: 'trace' | 'random' | 'aimed';
  /** The trace's name, or fast-check's seed and path. */
  name?: string;
  seed?: number;
  path?: string;
  /** Steps of the schedule as found, and of the shrunk one. */
  foundSteps: number;
  actions: A[];
  outcome: Outcome<S, A>;
  shrinkAttempts: number;
}

export interface CampaignReport<S, A> {
  schedules: { traces: number; random: number; aimed: number; shrinking: number };
  steps: number;
  processesStarted: number;
  messagesCarried: number;
  /** Model states the system reached (and matched), and the uncovered states one step past them. */
  states: { covered: number; frontier: number };
  actionTypes: string[];
  witnessed: string[];
  /** Traces the model and the system both refused at the same step. */
  blocked: { name: string; step: number }[];
  failure?: Failure<S, A>;
  seconds: number;
}

export async function runCampaign<S, A>(o: CampaignOptions<S, A>): Promise<CampaignReport<S, A>> {
  const started = performance.now();
  const coverage = new Coverage(o.model, o.typeOf);
  const witnessed = new Set<string>();
  const counts = { traces: 0, random: 0, aimed: 0, shrinking: 0 };
  const blocked: { name: string; step: number }[] = [];
  let steps = 0;
  let failure: Failure<S, A> | undefined;

  const run = async (schedule: Schedule<A>, phase: keyof typeof counts): Promise<ScheduleResult<S, A>> => {
    const r = await runSchedule(o.model, o.adapter, o.properties, schedule);
    counts[phase]++;
    if (phase !== 'shrinking') {
      steps += r.actions.length;
      coverage.add(r.outcome.kind === 'passed' ? r.states : r.states.slice(0, -1), r.actions);
      r.witnessed.forEach((w) => witnessed.add(w));
      o.onProgress?.({ schedules: counts.traces + counts.random + counts.aimed, phase });
    }
    return r;
  };
  const failingActions = (r: ScheduleResult<S, A>): A[] | null => {
    if (r.outcome.kind === 'passed') return null;
    const a = r.outcome.action;
    // A refused step is not among the steps taken; it is part of what fails.
    return r.outcome.kind === 'divergence' && r.outcome.why !== 'state' && a !== null ? [...r.actions, a] : [...r.actions];
  };
  /**
   * Candidates skip the steps the model refuses (any subsequence is then a
   * run of the model), unless the failure is the system taking a step the
   * model refuses: then they run strictly, and count only when they fail
   * the same way at the same kind of step, so that a candidate whose
   * dropped steps merely make a later one invalid is not taken for it.
   */
  const shrink = async (actions: A[], source: Failure<S, A>['source'], extra: Partial<Failure<S, A>>, found: Outcome<S, A>): Promise<Failure<S, A>> => {
    const isFault = (a: A) => o.model.isFault?.(a) ?? false;
    const strict = found.kind === 'divergence' && found.why === 'system-allows-model-refuses';
    const same = (x: Outcome<S, A>) =>
      !strict || (x.kind === 'divergence' && x.why === 'system-allows-model-refuses' && x.action !== null && found.action !== null && o.typeOf(x.action) === o.typeOf(found.action));
    const shrunk = await shrinkActions(actions, isFault, async (candidate) => {
      const r = await run({ actions: candidate, lenient: !strict }, 'shrinking');
      return same(r.outcome) ? failingActions(r) : null;
    });
    const final = await run({ actions: shrunk.actions, lenient: !strict }, 'shrinking');
    return { source, foundSteps: actions.length, actions: shrunk.actions, outcome: final.outcome, shrinkAttempts: shrunk.attempts, ...extra };
  };

  for (const t of o.traces) {
    const r = await run({ actions: t.actions }, 'traces');
    if (r.outcome.kind === 'passed' && r.outcome.blocked) blocked.push({ name: t.name, step: r.outcome.blocked.step });
    const bad = failingActions(r);
    if (bad) {
      failure = await shrink(bad, 'trace', { name: t.name }, r.outcome);
      break;
    }
  }

  const aimed = Math.floor(o.schedules * (o.aimedShare ?? 0.25));
  const randomRuns = o.schedules - aimed;
  if (!failure && randomRuns > 0) {
    // After each random prefix, the model's fair continuation to the eventually-property's goal (faults stop, links heal).
    const live = o.properties.find((p) => p.kind === 'eventually');
    const then: Continuation<A> | undefined = live && {
      property: live.name,
      steps: (state) => {
        const c = fairContinuation(o.model, live, state as S);
        return c.outcome === 'reached' ? c.steps.map((x) => x.action) : null;
      },
    };
    // fast-check shrinks by running the property again; each run is real processes, so its shrinking is capped.
    let failed: ScheduleResult<S, A> | null = null;
    let shrinkRuns = 0;
    const result = await fc.check(
      fc.asyncProperty(scheduleArbitrary(o.maxSteps), async (choices) => {
        if (failed && ++shrinkRuns > (o.fastCheckShrinks ?? 40)) return true;
        const r = await run({ choices, ...(then ? { then } : {}) }, failed ? 'shrinking' : 'random');
        if (r.outcome.kind !== 'passed' && !failed) failed = r;
        return r.outcome.kind === 'passed';
      }),
      { numRuns: randomRuns, seed: o.seed },
    );
    if (result.failed && result.counterexample) {
      const r = await run({ choices: result.counterexample[0] }, 'shrinking');
      const worst = r.outcome.kind !== 'passed' ? r : failed!;
      failure = await shrink(failingActions(worst)!, 'random', { seed: result.seed, path: result.counterexamplePath ?? '' }, worst.outcome);
    }
  }

  let frontier = 0;
  if (!failure && aimed > 0) {
    const targets = coverage.frontier();
    shuffle(targets, o.seed);
    for (const actions of targets) {
      if (counts.aimed >= aimed) break;
      const r = await run({ actions }, 'aimed');
      const bad = failingActions(r);
      if (bad) {
        failure = await shrink(bad, 'aimed', {}, r.outcome);
        break;
      }
    }
  }
  frontier = coverage.frontier().length;

  const stats = o.adapter.stats();
  return {
    schedules: counts,
    steps,
    processesStarted: stats.processesStarted,
    messagesCarried: stats.messagesCarried,
    states: { covered: coverage.states, frontier },
    actionTypes: [...coverage.actionTypes].sort(),
    witnessed: [...witnessed].sort(),
    blocked,
    ...(failure ? { failure } : {}),
    seconds: (performance.now() - started) / 1000,
  };
}

/** A deterministic shuffle (mulberry32), so that the same seed aims at the same states. */
function shuffle<T>(xs: T[], seed: number): void {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}
