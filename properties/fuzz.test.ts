/**
 * Random exploration at bounds exhaustive search cannot cover: four
 * requests, two crashes, two cuts. The correct design survives random
 * schedules (a failing CI run prints fast-check's seed and path), each
 * knob's violations are found and shrunk, and a seed is a replay.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fuzz } from '../src/engine/fuzz.ts';
import { continuationLasso, runChoices, schedules } from '../src/engine/random.ts';
import { isLasso, linear } from '../src/engine/trace.ts';
import { judgeLasso, judgeRun } from '../src/engine/replay.ts';
import { KNOBS, KNOB_NAMES } from '../spec/knobs.ts';
import { protocolModel } from '../spec/model.ts';
import { propertiesFor } from './index.ts';

const LARGE = { requests: 4, crashes: 2, cuts: 2 };
const correct = protocolModel(LARGE);
const props = propertiesFor(correct.config);
const always = props.filter((p) => p.kind === 'always');
const live = props.filter((p) => p.kind === 'eventually');

describe('the correct design at 4 requests, 2 crashes, 2 cuts', () => {
  test.prop([schedules(120)], { numRuns: 400 })('survives random schedules', (choices) => {
    const run = runChoices(correct, choices);
    for (const step of run.steps) for (const p of always) expect(p.holds(step.state), p.name).toBe(true);
    for (const p of live) expect(continuationLasso(correct, p, run), p.name).toBeNull();
  });

  it('reaches the failover duplicate in random runs', () => {
    const r = fuzz(correct, props, { runs: 300, maxSteps: 100, seed: 11 });
    expect(r.failure).toBeUndefined();
    const w = r.properties.find((p) => p.name === 'duplicatesHappen')!;
    expect(w.verdict).toBe('witnessed');
    expect(judgeRun(props.find((p) => p.name === 'duplicatesHappen')!, linear(w.trace)).verdict).toBe('witnessed');
  });
});

describe('each knob at 4 requests, 2 crashes, 2 cuts', () => {
  const cases = KNOB_NAMES.flatMap((k) => KNOBS[k].breaks.map((p) => [k, p] as const));

  it.each(cases)('%s: fuzz finds %s violated and shrinks it', (knob, name) => {
    const model = protocolModel({ ...LARGE, knobs: [knob] });
    const property = propertiesFor(model.config).find((p) => p.name === name)!;
    const r = fuzz(model, [property], { runs: 20_000, maxSteps: 100, seed: 1 });
    const result = r.properties[0];
    expect(result.verdict).toBe('violated');
    expect(r.failure!.shrunk.faults).toBeLessThanOrEqual(r.failure!.shrunkByFastCheck.faults);
    if (isLasso(result.trace!)) expect(judgeLasso(model, property, result.trace).verdict).toBe('violated');
    else expect(judgeRun(property, result.trace!).verdict).toBe('violated');
  });
});

describe('seeds', () => {
  it('the same seed gives the same result', () => {
    const model = protocolModel({ ...LARGE, knobs: ['unlogged-nondeterminism'] });
    const run = () => {
      const r = fuzz(model, propertiesFor(model.config), { runs: 5000, maxSteps: 100, seed: 2024 });
      return JSON.stringify({ failure: r.failure, runs: r.runs, properties: r.properties });
    };
    expect(run()).toBe(run());
  });

  it('seed and path replay the counterexample fast-check found', () => {
    const model = protocolModel({ ...LARGE, knobs: ['no-output-rule'] });
    const first = fuzz(model, propertiesFor(model.config), { runs: 5000, maxSteps: 100, seed: 5 });
    const again = fuzz(model, propertiesFor(model.config), { runs: 5000, maxSteps: 100, seed: 5, path: first.failure!.path });
    expect(again.failure?.property).toBe(first.failure?.property);
    expect(again.properties.find((p) => p.verdict === 'violated')?.trace).toEqual(
      first.properties.find((p) => p.verdict === 'violated')?.trace,
    );
  });
});

describe('the schedule arbitrary', () => {
  test.prop([schedules(60)])('every schedule is a valid run: each step was enabled', (choices) => {
    const run = runChoices(correct, choices);
    let s = run.initial;
    for (const step of run.steps) {
      expect(correct.actions(s)).toContainEqual(step.action);
      s = correct.next(s, step.action);
      expect(s).toEqual(step.state);
    }
  });

  it('makes faults and timeouts common enough to matter', () => {
    const samples = fc.sample(schedules(100), { numRuns: 200, seed: 3 });
    let faults = 0;
    let timeouts = 0;
    let steps = 0;
    for (const choices of samples) {
      for (const step of runChoices(correct, choices).steps) {
        steps++;
        if (step.action.type === 'crash' || step.action.type === 'cut') faults++;
        if (step.action.type === 'timeout') timeouts++;
      }
    }
    // With budgets 2+2, most long runs spend some; timeouts come up in most runs.
    expect(faults / samples.length).toBeGreaterThan(1);
    expect(timeouts / samples.length).toBeGreaterThan(0.5);
    expect(steps / samples.length).toBeGreaterThan(40);
  });
});
