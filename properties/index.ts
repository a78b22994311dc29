/**
 * The properties lockstep checks of the protocol, in report order. A
 * property's identifier equals its name, because traces store the name.
 * The liveness goal depends on how many requests the client sends, and the
 * extensions' properties on their bounds, so the list is made per
 * configuration: `restoredTakeover` only with restores, `boundedLag` and
 * `stalls` only with a window.
 *
 * To add one: write it as a named `always`/`sometimes`/`eventually` value in
 * the file of its kind, add it here, and add it to each knob's `breaks` in
 * spec/knobs.ts where that knob is expected to violate it.
 */
import type { Property } from '../src/engine/model.ts';
import { restoresOf, type Config } from '../spec/config.ts';
import type { State } from '../spec/state.ts';
import { boundedLagFor, stallsFor } from './flow.ts';
import { atLeastOnceFor } from './liveness.ts';
import { consistentOutput, noSplitBrain, outputRule } from './safety.ts';
import { duplicatesHappen, restoredTakeover } from './witness.ts';

export { consistentOutput, duplicatesHappen, noSplitBrain, outputRule, restoredTakeover };

/** The core model's safety properties and witness. */
export const SAFETY: readonly Property<State>[] = [noSplitBrain, outputRule, consistentOutput, duplicatesHappen];

type Bounds = Pick<Config, 'requests'> & Partial<Pick<Config, 'restores' | 'window'>>;

export function propertiesFor(config: Bounds, options: { liveness?: boolean } = {}): Property<State>[] {
  const flow = config.window === undefined ? [] : [boundedLagFor(config.window), stallsFor(config.window)];
  const restore = restoresOf(config) >= 1 ? [restoredTakeover] : [];
  const safety = [noSplitBrain, outputRule, consistentOutput, ...flow.slice(0, 1), duplicatesHappen, ...restore, ...flow.slice(1)];
  return options.liveness === false ? safety : [...safety, atLeastOnceFor(config.requests)];
}

/** Every property name a trace may name, with every extension on. */
export const PROPERTY_NAMES: readonly string[] = propertiesFor({ requests: 1, restores: 1, window: 1 }).map((p) => p.name);

export function propertyByName(name: string, config: Bounds): Property<State> | undefined {
  return propertiesFor(config).find((p) => p.name === name);
}
