/**
 * The view-service primary/backup design (MIT 6.824 Lab 2 style) as a
 * lockstep protocol definition, written only against lockstep's public API:
 * `npx lockstep check --protocol examples/view-service/index.ts` and every
 * other command then check it as they check the built-in VMware FT design.
 * The contrast with VMware FT: epochs (view numbers handed out by a view
 * service) instead of a test-and-set flag on shared storage.
 */
import type { BoundSpec, Model, ProtocolDefinition } from '../../src/index.ts';
import { ACTION_TYPES, formatAction, isFault, parseAction, type Action } from './actions.ts';
import { cloneState, decodeState, encodeState } from './encode.ts';
import { EXPECTATIONS } from './expectations.ts';
import { KNOBS, REVIEW } from './knobs.ts';
import { apply, designOf, enabledActions, fairness, next } from './model.ts';
import { LANES, events, words } from './present.ts';
import { properties } from './properties.ts';
import { initialState, type Config, type State } from './state.ts';

const bounds: BoundSpec[] = [
  { name: 'requests', description: 'distinct client requests (appends) r1..rN', default: 2, min: 1, max: 3, why: 'every reply carries its history: more requests grow the space fast' },
  { name: 'crashes', description: 'crash budget: servers that fail for good', default: 1, min: 0, max: 3, why: 'there are three servers' },
  { name: 'delays', description: "late-ping budget: times the view service declares a live server dead", default: 1, min: 0, max: 2 },
  { name: 'losses', description: 'loss budget: client requests or replies the network drops', default: 0, min: 0, max: 2 },
];

export function viewServiceModel(config: Config): Model<State, Action> {
  const d = designOf(config);
  return {
    init: () => [initialState()],
    actions: (s) => enabledActions(s, d),
    next: (s, a) => next(s, a, d),
    nextInPlace: (s, a) => apply(s, a, d),
    cloneForUpdate: cloneState,
    encode: encodeState,
    decode: decodeState,
    fairness,
    isFault,
  };
}

// A plain object, not `defineProtocol(...)`: lockstep checks the definition when it loads the module
// (and the tests call defineProtocol on it), while the explorer's browser bundle of this module must not
// pull in lockstep's runtime API, which imports node:fs.
const viewService: ProtocolDefinition<State, Action, Config> = {
  name: 'view-service',
  title: 'primary/backup replication with a view service (MIT 6.824 Lab 2 style)',
  bounds,
  knobs: KNOBS,
  model: (config) => viewServiceModel(config),
  properties: (config, { liveness }) => properties(config.requests, liveness),
  actions: { types: ACTION_TYPES, typeOf: (a) => a.type, parse: parseAction, format: formatAction, isFault },
  present: { narrate: words, lanes: () => LANES, events },
  expectations: EXPECTATIONS,
  review: REVIEW,
  module: import.meta.url,
};

export default viewService;
