/**
 * Random exploration of both extensions together, at bounds exhaustive
 * search cannot reach (4 requests, 2 crashes, 2 cuts, a restore, window 2):
 * the correct design survives, reaches each witness, and each extension
 * knob's violations are found and shrunk.
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from '../src/engine/fuzz.ts';
import { judgeLasso, judgeRun } from '../src/engine/replay.ts';
import { isLasso } from '../src/engine/trace.ts';
import { KNOBS } from '../spec/knobs.ts';
import { protocolModel } from '../spec/model.ts';
import { propertiesFor } from './index.ts';

const LARGE = { requests: 4, crashes: 2, cuts: 2, restores: 1, window: 2 };

describe('the correct design with a restore and window 2 at 4 requests, 2 crashes, 2 cuts', () => {
  it('survives random schedules and reaches every witness', () => {
    const model = protocolModel(LARGE);
    const props = propertiesFor(model.config);
    const r = fuzz(model, props, { runs: 1500, maxSteps: 120, seed: 7 });
    expect(r.failure).toBeUndefined();
    const witnessed = r.properties.filter((p) => p.kind === 'sometimes').map((p) => [p.name, p.verdict]);
    expect(witnessed).toEqual([
      ['duplicatesHappen', 'witnessed'],
      ['restoredTakeover', 'witnessed'],
      ['stalls', 'witnessed'],
    ]);
  });
});

describe('each extension knob at the same bounds', () => {
  const cases = (['no-generation', 'no-flow-control'] as const).flatMap((k) => KNOBS[k].breaks.map((p) => [k, p] as const));

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
