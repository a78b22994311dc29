/**
 * Running a protocol definition: an exhaustive check (one thread or
 * several), a random search, and the configuration each needs. Every
 * command and the library API go through here, so a search is set up one
 * way whichever asks for it.
 */
import { explore, type ExploreOptions, type ExploreReport } from '../engine/explore.ts';
import { fuzz, type FuzzOptions, type FuzzReport } from '../engine/fuzz.ts';
import type { Model } from '../engine/model.ts';
import { exploreParallel } from '../engine/parallel.ts';
import { UsageError } from '../errors.ts';
import type { BaseConfig, ProtocolDefinition } from './definition.ts';
import { WORKER_ADAPTER, type SearchArgs } from './worker-build.ts';

export interface CheckOptions extends ExploreOptions {
  /** Check the eventually properties too (default); off saves the state graph's memory. */
  liveness?: boolean;
  /** Threads for the search (default 1). Needs the definition's `module` for more than one. */
  workers?: number;
  /** Symmetry reduction, where the definition allows it. */
  symmetry?: boolean;
  /** Another model than the definition's for this configuration: tests use it to break a design on purpose. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model?: (config: any) => Model<any, any>;
}

export function checkConfig<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: CheckOptions = {}): ExploreReport<S, A> {
  const liveness = options.liveness !== false;
  const symmetry = options.symmetry === true;
  if (symmetry) {
    const why = def.symmetry ? def.symmetry(config, { liveness }) : `protocol ${def.name} has no symmetry reduction`;
    if (why) throw new UsageError(why);
  }
  const model = (options.model ? options.model(config) : def.model(config, { symmetry })) as Model<S, A>;
  const properties = def.properties(config, { liveness });
  const workers = options.workers ?? 1;
  if (workers > 1 && def.module && !options.model) {
    const args: SearchArgs = { config, liveness, symmetry };
    return exploreParallel(model, properties, { module: def.module, adapter: WORKER_ADAPTER, args }, workers, options);
  }
  return explore(model, properties, options);
}

export interface RandomOptions extends FuzzOptions {
  /** Check only these properties (by name). */
  only?: readonly string[];
}

export function fuzzConfig<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: RandomOptions): FuzzReport<S, A> {
  let properties = def.properties(config, { liveness: true });
  if (options.only) {
    for (const name of options.only) {
      if (!properties.some((p) => p.name === name)) throw new UsageError(`unknown property '${name}' (properties: ${properties.map((p) => p.name).join(', ')})`);
    }
    properties = properties.filter((p) => options.only!.includes(p.name));
  }
  return fuzz(def.model(config, { symmetry: false }), properties, options);
}
