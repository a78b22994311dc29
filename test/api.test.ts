/**
 * The library API as a team's own test suite calls it: check, fuzz and
 * replay return the one result type, and assertHolds throws with the
 * counterexample and the command that replays it. On the built-in protocol
 * and on a protocol defined in the test itself.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import vmwareFt from '../protocol/index.ts';
import { assertHolds, check, defineProtocol, fuzz, LockstepAssertionError, replay, always, EXIT_CODES } from '../src/index.ts';
import { jugs, type JugAction, type Jugs } from './toy/jugs.ts';

const diehard = defineProtocol<Jugs, JugAction, { big: number; knobs: string[] }>({
  name: 'diehard',
  title: 'the die-hard water jugs',
  bounds: [{ name: 'big', description: 'the big jug', default: 5, min: 4, max: 9 }],
  knobs: [],
  model: () => jugs,
  properties: () => [always<Jugs>('notFour', 'the big jug never holds 4 litres', (s) => s.big !== 4)],
  actions: { types: ['fill', 'empty', 'pour'], typeOf: (a) => a.split(/[A-Z]/)[0], parse: (v) => v as JugAction, format: (a) => a },
  present: { narrate: (_b, a, s) => ({ actor: 'you', action: a, change: `${s.small}/${s.big}`, view: '' }), lanes: () => [{ id: 'you', label: 'you' }], events: () => [] },
  expectations: [],
});

describe('check', () => {
  it('holds for the correct built-in design, with a witness trace that replay accepts', async () => {
    const r = await check(vmwareFt, { bounds: { requests: 1, cuts: 0 } });
    expect([r.search, r.protocol, r.outcome, r.complete]).toEqual(['exhaustive', 'vmware-ft', 'holds', true]);
    const witness = r.properties.find((p) => p.outcome === 'witnessed')!;
    expect(replay(vmwareFt, witness.trace!)).toMatchObject({ search: 'replay', ok: true, outcome: 'holds' });
  });

  it('is violated for a knob, and incomplete when stopped early', async () => {
    const bad = await check(vmwareFt, { bounds: { requests: 1, cuts: 0 }, knobs: ['no-output-rule'] });
    expect(bad.outcome).toBe('violated');
    expect(EXIT_CODES[bad.outcome]).toBe(1);
    const partial = await check(vmwareFt, { maxStates: 500 });
    expect([partial.outcome, EXIT_CODES[partial.outcome]]).toEqual(['incomplete', 3]);
    expect(partial.properties.every((p) => p.outcome === 'incomplete' || p.outcome === 'violated' || p.outcome === 'witnessed')).toBe(true);
  });

  it('checks a protocol defined in the test', async () => {
    const r = await check(diehard);
    expect(r.outcome).toBe('violated');
    expect(r.properties[0]).toMatchObject({ name: 'notFour', outcome: 'violated', length: 6 });
  });
});

describe('fuzz', () => {
  it('finds a knob violation, shrinks it and names the replay command', async () => {
    const r = await fuzz(vmwareFt, { knobs: ['no-output-rule'], runs: 2000, seed: 1, properties: ['outputRule'] });
    expect(r.search).toBe('random');
    expect(r.outcome).toBe('violated');
    expect(r.properties[0]).toMatchObject({ outcome: 'violated', length: 2 });
    expect(r.replay).toMatch(/^lockstep fuzz --requests 2 --crashes 1 --cuts 1 --knob no-output-rule --max-steps 100 --seed 1 --path \S+$/);
  });

  it('holds when no violation is found in the runs asked for (not a proof, but the run is complete)', async () => {
    const r = await fuzz(vmwareFt, { runs: 200, seed: 3, properties: ['noSplitBrain'] });
    expect(r.outcome).toBe('holds');
  });
});

describe('assertHolds', () => {
  it('returns the result when everything holds', async () => {
    await expect(assertHolds(vmwareFt, { bounds: { requests: 1, cuts: 0 } })).resolves.toMatchObject({ outcome: 'holds' });
  });

  it('throws with the timeline, the replay command and the saved trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-assert-'));
    const error = await assertHolds(vmwareFt, { bounds: { requests: 1, cuts: 0 }, knobs: ['no-output-rule'], saveTo: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockstepAssertionError);
    const message = (error as Error).message;
    expect(message).toMatch(/outputRule \(always\): violated in 2 steps/);
    expect(message).toMatch(/>>2 +p +deliverRequest\(r1, nd=0\)/);
    expect(message).toMatch(/replay: lockstep check --requests 1 --crashes 1 --cuts 0 --knob no-output-rule/);
    expect(readdirSync(dir).sort()).toEqual(['no-output-rule--consistentOutput.json', 'no-output-rule--outputRule.json']);
    expect(message).toContain(`lockstep replay ${join(dir, 'no-output-rule--outputRule.json')}`);
    expect((error as LockstepAssertionError).result.outcome).toBe('violated');
  });
});
