/**
 * Coverage on the protocol: at the default bounds every action type of the
 * correct design is taken, so none of its checks passes vacuously; a knob
 * or a bound that removes a code path shows as a dead action.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { propertiesFor } from '../../properties/index.ts';
import { ACTION_TYPES } from '../../spec/action.ts';
import type { Config } from '../../spec/config.ts';
import { protocolModel } from '../../spec/model.ts';

function coverage(partial: Partial<Config>) {
  const model = protocolModel(partial);
  return explore(model, propertiesFor(model.config, { liveness: false }));
}

describe('coverage of the protocol', () => {
  it('takes every action type of the correct design at the defaults (340,825 states)', () => {
    const r = coverage({});
    expect(r.states).toBe(340_825);
    // The core model's vocabulary: `restore` is Extension R's, and a core configuration does not offer it.
    expect(r.coverage!.map((c) => c.action)).toEqual(ACTION_TYPES.filter((t) => t !== 'restore'));
    expect(r.dead).toEqual([]);
    expect(r.coverage!.reduce((n, c) => n + c.taken, 0)).toBe(r.transitions);
  });

  it('shows the arbiter unused without test-and-set, and used with it', () => {
    expect(coverage({ requests: 1, knobs: ['no-test-and-set'] }).dead).toEqual(['testAndSet']);
    expect(coverage({ requests: 1 }).dead).toEqual([]);
  });

  it('shows the faults a bound rules out as dead', () => {
    expect(coverage({ requests: 1, crashes: 0 }).dead).toEqual(['crash']);
    expect(coverage({ requests: 1, cuts: 0 }).dead).toEqual(['cut', 'heal']);
  });
});
