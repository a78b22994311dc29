/**
 * The built-in protocol: VMware-FT-style primary/backup replication, as a
 * protocol definition. The model lives in `spec/`, the properties in
 * `properties/`; this module only assembles them into what every lockstep
 * command reads (bounds, knobs, vocabulary, presentation, expectations), so
 * the tool chain knows this protocol no better than it knows a team's own.
 */
import { propertiesFor } from '../properties/index.ts';
import { ACTION_TYPES, actorOf, formatAction, type Action } from '../spec/action.ts';
import { DEFAULTS, LIMITS, makeConfig as specConfig, type Config } from '../spec/config.ts';
import { conflictingOutput, diagramEvents, lanesFor } from '../spec/diagram.ts';
import { ALL_KNOB_NAMES, KNOBS } from '../spec/knobs.ts';
import { EXTENSION_EXPECTATIONS } from '../properties/expectations-ext.ts';
import { protocolModel } from '../spec/model.ts';
import { clientView, narrate } from '../spec/narrate.ts';
import { parseAction } from '../spec/parse.ts';
import type { State } from '../spec/state.ts';
import { MAX_SYMMETRIC_REQUESTS } from '../spec/symmetry.ts';
import { defineProtocol, type BoundSpec, type KnobSpec } from '../src/protocol/definition.ts';
import { EXPECTATIONS } from './expectations.ts';
import { REVIEW } from './review-text.ts';

const BOUND_TEXT: Record<string, { description: string; why?: string }> = {
  requests: { description: 'distinct client requests r1..rN', why: 'the encoding packs request and seq numbers in a byte' },
  crashes: { description: 'crash budget', why: 'there are only two VMs to crash' },
  cuts: { description: 'link-cut budget' },
  restores: { description: 'restore budget: times the cluster service may start a new backup on the spare host (Extension R)' },
  window: { description: "flow-control window: the backup's buffer and the primary's unacknowledged entries (Extension F; absent: no flow control)" },
};

const bounds: BoundSpec[] = Object.entries(LIMITS).map(([name, { min, max }]) => ({
  name,
  min,
  max,
  ...(name in DEFAULTS ? { default: (DEFAULTS as unknown as Record<string, number>)[name] } : {}),
  description: BOUND_TEXT[name]?.description ?? name,
  ...(BOUND_TEXT[name]?.why ? { why: BOUND_TEXT[name].why } : {}),
}));

/** The actions whose guard or effect each knob changes (spec/enabled.ts, spec/reducer.ts): the review checks they were taken. */
const KNOB_ACTIONS: Record<string, readonly string[]> = {
  'no-test-and-set': ['goLive'],
  'loser-keeps-running': ['testAndSet', 'goLive'],
  'no-output-rule': ['deliverRequest', 'deliverAck'],
  'no-drain': ['goLive'],
  'unlogged-nondeterminism': ['apply'],
  'ignore-retransmissions': ['deliverRequest', 'goLive'],
  'no-generation': ['restore', 'testAndSet'],
  'no-flow-control': ['deliverLog', 'deliverRequest'],
};

const knobs: KnobSpec[] = ALL_KNOB_NAMES.map((name) => {
  const k = KNOBS[name] as (typeof KNOBS)[typeof name] & { requires?: readonly string[] };
  return {
    name,
    title: k.title,
    question: k.question,
    answer: k.answer,
    safeguard: k.safeguard,
    instead: k.instead,
    reference: `paper ${k.paper}`,
    breaks: k.breaks,
    ...(k.requires ? { requires: k.requires } : {}),
    ...(KNOB_ACTIONS[name] ? { actions: KNOB_ACTIONS[name] } : {}),
  };
});

/** This module's URL; none in the explorer page, which is a browser bundle. */
const HERE: string | undefined = import.meta.url;
const TS = HERE?.endsWith('.ts') === true;

const vmwareFt = defineProtocol<State, Action, Config>({
  name: 'vmware-ft',
  title: 'primary/backup replication in the style of VMware FT',
  bounds,
  knobs,
  validate(config) {
    try {
      specConfig(config);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  },
  model: (config, { symmetry }) => protocolModel(config, { symmetry }),
  properties: (config, { liveness }) => propertiesFor(config, { liveness }),
  sizeWarning(config, { liveness }) {
    // Measured: README, "Three requests". Every further request multiplies the space many times over.
    if (config.requests === 3 && config.crashes <= 1 && config.cuts <= 1) {
      return `3 requests: about 38 million states; safety alone takes about 5 minutes on one thread and 1.2 GiB${liveness ? ', and the liveness graph needs about 2 GiB more (--no-liveness skips it)' : ''}; --symmetry cuts it to a sixth`;
    }
    if (config.requests >= 3) return `${config.requests} requests: far beyond what an exhaustive search finishes here; try --symmetry --no-liveness, --max-states, --time-limit, or lockstep fuzz`;
    return null;
  },
  symmetry(config, { liveness }) {
    if (liveness) return 'symmetry checks safety properties only (atLeastOnce could be judged wrongly on the reduced graph): add --no-liveness';
    if (config.requests > MAX_SYMMETRIC_REQUESTS) return `symmetry takes at most ${MAX_SYMMETRIC_REQUESTS} requests (it tries every renaming)`;
    return null;
  },
  actions: {
    types: ACTION_TYPES,
    typeOf: (a) => a.type,
    parse: parseAction,
    format: formatAction,
    isFault: (a) => a.type === 'crash' || a.type === 'cut',
  },
  present: {
    narrate: (before, action, after, last) => ({
      actor: action.type === 'deliverRequest' ? before.owner : actorOf(action),
      action: formatAction(action),
      change: narrate(before, action, after),
      view: `client: ${clientView(after)}`,
      ...(last && action.type === 'deliverOutput' && conflictingOutput(action, last) ? { emphasis: 'conflicting output' } : {}),
    }),
    lanes: (config) => lanesFor(config).map((id) => ({ id, label: id })),
    events: diagramEvents,
  },
  expectations: [...EXPECTATIONS, ...EXTENSION_EXPECTATIONS],
  review: REVIEW,
  // schema/ ships at the package's root: one folder up from protocol/ in a checkout, two from dist/protocol/.
  ...(HERE ? { schema: new URL(TS ? '../schema/trace.schema.json' : '../../schema/trace.schema.json', HERE).href } : {}),
  ...(HERE ? { conformance: new URL(`../conform/index${TS ? '.ts' : '.js'}`, HERE).href } : {}),
  ...(HERE ? { module: HERE } : {}),
});

export default vmwareFt;
