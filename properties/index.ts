/**
 * The properties lockstep checks of the protocol, in report order. A
 * property's identifier equals its name, because traces store the name.
 * The liveness goal depends on how many requests the client sends, so the
 * list is made per configuration.
 *
 * To add one: write it as a named `always`/`sometimes`/`eventually` value in
 * the file of its kind, add it here, and add it to each knob's `breaks` in
 * spec/knobs.ts where that knob is expected to violate it.
 */
import type { Property } from '../src/engine/model.ts';
import type { Config } from '../spec/config.ts';
import type { State } from '../spec/state.ts';
import { atLeastOnceFor } from './liveness.ts';
import { consistentOutput, noSplitBrain, outputRule } from './safety.ts';
import { duplicatesHappen } from './witness.ts';

export { consistentOutput, duplicatesHappen, noSplitBrain, outputRule };

export const SAFETY: readonly Property<State>[] = [noSplitBrain, outputRule, consistentOutput, duplicatesHappen];

export function propertiesFor(config: Pick<Config, 'requests'>, options: { liveness?: boolean } = {}): Property<State>[] {
  return options.liveness === false ? [...SAFETY] : [...SAFETY, atLeastOnceFor(config.requests)];
}

export const PROPERTY_NAMES: readonly string[] = propertiesFor({ requests: 1 }).map((p) => p.name);

export function propertyByName(name: string, config: Pick<Config, 'requests'>): Property<State> | undefined {
  return propertiesFor(config).find((p) => p.name === name);
}
