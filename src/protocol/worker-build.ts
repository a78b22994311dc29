/**
 * How a search worker thread builds the model: from the same definition
 * module the coordinating thread loaded, and the plain-data arguments of the
 * search (configuration, liveness, symmetry). The model is handed over once,
 * by module.
 */
import type { Model, Property } from '../engine/model.ts';
import type { BaseConfig, ProtocolDefinition } from './definition.ts';

export interface SearchArgs {
  config: BaseConfig;
  liveness: boolean;
  symmetry: boolean;
}

export function buildSearch(def: ProtocolDefinition, args: SearchArgs): { model: Model<unknown, unknown>; properties: Property<unknown>[] } {
  return {
    model: def.model(args.config, { symmetry: args.symmetry }),
    properties: def.properties(args.config, { liveness: args.liveness }),
  };
}

/** The worker's `build`, from the namespace of a module whose default export is a definition. */
export function adapt(namespace: { default: ProtocolDefinition }): (args: unknown) => ReturnType<typeof buildSearch> {
  return (args) => buildSearch(namespace.default, args as SearchArgs);
}

export const WORKER_ADAPTER = new URL(import.meta.url).href;
