/**
 * The properties lockstep checks of the protocol, in report order. A
 * property's identifier equals its name, because traces store the name.
 *
 * To add one: write it as a named `always`/`sometimes`/`eventually` value in
 * the file of its kind, add it here, and add it to each knob's `breaks` in
 * spec/knobs.ts where that knob is expected to violate it.
 */
import type { Property } from '../src/engine/model.ts';
import type { State } from '../spec/state.ts';
import { consistentOutput, noSplitBrain, outputRule } from './safety.ts';
import { duplicatesHappen } from './witness.ts';

export { consistentOutput, duplicatesHappen, noSplitBrain, outputRule };

export const PROPERTIES: readonly Property<State>[] = [noSplitBrain, outputRule, consistentOutput, duplicatesHappen];

export function propertyByName(name: string): Property<State> | undefined {
  return PROPERTIES.find((p) => p.name === name);
}
