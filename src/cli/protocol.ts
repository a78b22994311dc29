/**
 * The one place in src/ that knows the protocol: it builds the model and the
 * property list for a configuration, gives the renderers their words, and
 * says what the brief expects of each design.
 */
import { propertiesFor } from '../../properties/index.ts';
import { actorOf, formatAction, type Action } from '../../spec/action.ts';
import { designName, makeConfig, type Config } from '../../spec/config.ts';
import { KNOBS } from '../../spec/knobs.ts';
import { protocolModel } from '../../spec/model.ts';
import { conflictingOutput } from '../../spec/diagram.ts';
import { clientView, narrate } from '../../spec/narrate.ts';
import type { State } from '../../spec/state.ts';
import { explore, type ExploreOptions, type ExploreReport, type Verdict } from '../engine/explore.ts';
import type { Model, Property } from '../engine/model.ts';
import { exploreParallel } from '../engine/parallel.ts';
import { PROTOCOL_SOURCE, type ProtocolArgs } from './protocol-source.ts';
import type { Narrator } from '../report/text.ts';

export type ProtocolReport = ExploreReport<State, Action>;

export interface CheckOptions extends ExploreOptions {
  /** Check atLeastOnce too (default); off saves the graph's memory at large bounds. */
  liveness?: boolean;
  /** Another model than the spec's for a configuration: tests use it to break the design on purpose. */
  model?: (config: Config) => Model<State, Action>;
  /** Threads for the search (default 1). */
  workers?: number;
  /** Symmetry reduction over request identities (safety properties only: needs `liveness: false`). */
  symmetry?: boolean;
}

export function checkDesign(partial: Partial<Config>, options: CheckOptions = {}): { config: Config; report: ProtocolReport } {
  const config = makeConfig(partial);
  const symmetry = options.symmetry === true;
  const model = options.model ? options.model(config) : protocolModel(config, { symmetry });
  const liveness = options.liveness !== false;
  const properties = propertiesFor(config, { liveness });
  const workers = options.workers ?? 1;
  if (workers > 1 && !options.model) {
    const source = { module: PROTOCOL_SOURCE, args: { config, liveness, symmetry } satisfies ProtocolArgs };
    return { config, report: exploreParallel(model, properties, source, workers, options) };
  }
  return { config, report: explore(model, properties, options) };
}

export const protocolNarrator: Narrator<State, Action> = (before, action, after, last) => ({
  actor: action.type === 'deliverRequest' ? before.owner : actorOf(action),
  action: formatAction(action),
  change: narrate(before, action, after),
  view: clientView(after),
  ...(last && action.type === 'deliverOutput' && conflictingOutput(action, last) ? { emphasis: 'conflicting output' } : {}),
});

/**
 * The brief's expectation for one property of one design: the correct design
 * violates nothing and reaches the failover duplicate; a knob violates
 * exactly its row of the table.
 */
export function expectedVerdict(config: Config, property: Property<State>): Verdict {
  const broken = new Set<string>(config.knobs.flatMap((k) => KNOBS[k].breaks));
  if (property.name === 'duplicatesHappen') {
    return config.knobs.every((k) => KNOBS[k].duplicates) ? 'witnessed' : 'not-witnessed';
  }
  if (property.kind === 'sometimes') return 'witnessed';
  return broken.has(property.name) ? 'violated' : 'holds';
}

export { designName };
