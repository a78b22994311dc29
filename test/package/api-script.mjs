// A plain Node script in a project that installed lockstep: it defines a toy
// protocol in JavaScript (the die-hard water jugs, where "never 4 litres" is
// the property to break), checks it with the API, and asserts.
import { assertHolds, check, defineProtocol, LockstepAssertionError, always } from 'lockstep';

const jugs = defineProtocol({
  name: 'jugs',
  title: 'the die-hard water jugs',
  bounds: [{ name: 'big', description: 'the big jug', default: 5, min: 3, max: 9 }],
  knobs: [],
  model: (config) => ({
    init: () => [{ small: 0, big: 0 }],
    actions: (s) => ['fillSmall', 'fillBig', 'emptySmall', 'emptyBig', 'smallToBig', 'bigToSmall'].filter((a) => next(s, a, config.big) !== null).map((type) => ({ type })),
    next: (s, a) => next(s, a.type, config.big),
  }),
  properties: () => [always('notFour', 'the big jug never holds 4', (s) => s.big !== 4)],
  actions: { types: ['fillSmall', 'fillBig', 'emptySmall', 'emptyBig', 'smallToBig', 'bigToSmall'], typeOf: (a) => a.type, parse: (v) => v, format: (a) => a.type },
  present: { narrate: (_b, a, s) => ({ actor: 'you', action: a.type, change: `${s.small}/${s.big}`, view: '' }), lanes: () => [{ id: 'you', label: 'you' }], events: () => [] },
  expectations: [],
});

function next(s, type, big) {
  const t = { ...s };
  if (type === 'fillSmall') t.small = 3;
  else if (type === 'fillBig') t.big = big;
  else if (type === 'emptySmall') t.small = 0;
  else if (type === 'emptyBig') t.big = 0;
  else if (type === 'smallToBig') { const n = Math.min(s.small, big - s.big); t.small -= n; t.big += n; }
  else { const n = Math.min(s.big, 3 - s.small); t.big -= n; t.small += n; }
  return t.small === s.small && t.big === s.big ? null : t;
}

const result = await check(jugs, { bounds: { big: 5 } });
let thrown = null;
try {
  await assertHolds(jugs, { bounds: { big: 5 } });
} catch (e) {
  thrown = e instanceof LockstepAssertionError ? e.message : `not a LockstepAssertionError: ${e}`;
}
const holds = await check(jugs, { bounds: { big: 3 } });
console.log(JSON.stringify({ outcome: result.outcome, length: result.properties[0].length, trace: result.properties[0].trace, holdsAt3: holds.outcome, thrown }));
