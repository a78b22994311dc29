/**
 * Running a protocol definition: an exhaustive check (one thread or
 * several), a random search, and the configuration each needs. Every
 * command and the library API go through here, so a search is set up one
 * way whichever asks for it.
 */
import { explore, exploreAsync, type ExploreOptions, type ExploreReport } from '../engine/explore.ts';
import { fuzz, fuzzAsync, type FuzzOptions, type FuzzReport } from '../engine/fuzz.ts';
import type { Model, Property } from '../engine/model.ts';
import { exploreParallel, exploreParallelAsync } from '../engine/parallel.ts';
import type { ModelSource } from '../engine/parallel-layout.ts';
import { WorkerFailure } from '../engine/crew.ts';
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

interface Setup<S, A> {
  model: Model<S, A>;
  properties: Property<S>[];
  /** For several threads: where they build the model from. */
  source: ModelSource | null;
  workers: number;
}

function setUp<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: CheckOptions): Setup<S, A> {
  const liveness = options.liveness !== false;
  const symmetry = options.symmetry === true;
  if (symmetry) {
    const why = def.symmetry ? def.symmetry(config, { liveness }) : `protocol ${def.name} has no symmetry reduction`;
    if (why) throw new UsageError(why);
  }
  const model = withActionTypes(def, (options.model ? options.model(config) : def.model(config, { symmetry })) as Model<S, A>);
  const properties = def.properties(config, { liveness });
  const workers = options.workers ?? 1;
  const parallel = workers > 1 && def.module !== undefined && !options.model;
  const args: SearchArgs = { config, liveness, symmetry };
  return { model, properties, source: parallel ? { module: def.module!, adapter: WORKER_ADAPTER, args } : null, workers };
}

/** The model, counting transitions per action type of the definition's vocabulary when it does not do so itself. */
export function withActionTypes<S, A>(def: ProtocolDefinition<S, A>, model: Model<S, A>): Model<S, A> {
  if (model.actionTypes) return model;
  const index = new Map(def.actions.types.map((t, i) => [t, i]));
  return { ...model, actionTypes: def.actions.types, actionType: (a: A) => index.get(def.actions.typeOf(a)) ?? -1 };
}

export function checkConfig<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: CheckOptions = {}): ExploreReport<S, A> {
  const s = setUp(def, config, options);
  return s.source ? inWorkers(def, () => exploreParallel(s.model, s.properties, s.source!, s.workers, options)) : explore(s.model, s.properties, options);
}

/** A worker thread that cannot build the protocol's model is a problem of the protocol module: one line, not a stack. */
function inWorkers<T>(def: ProtocolDefinition, run: () => T): T {
  const said = (e: unknown) => new UsageError(`protocol ${def.name}: ${(e as Error).message.split('\n')[0]} (with --workers 1 the model is built in this thread only)`);
  try {
    const r = run();
    return r instanceof Promise ? (r.catch((e: unknown) => Promise.reject(e instanceof WorkerFailure ? said(e) : e)) as T) : r;
  } catch (e) {
    throw e instanceof WorkerFailure ? said(e) : e;
  }
}

/** The same search, giving the event loop a turn now and then so that `options.signal` (a Ctrl-C) can stop it with a partial report. */
export async function checkConfigAsync<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: CheckOptions = {}): Promise<ExploreReport<S, A>> {
  const s = setUp(def, config, options);
  return s.source ? inWorkers(def, () => exploreParallelAsync(s.model, s.properties, s.source!, s.workers, options)) : exploreAsync(s.model, s.properties, options);
}

export interface RandomOptions extends FuzzOptions {
  /** Check only these properties (by name). */
  only?: readonly string[];
}

function randomSetUp<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: RandomOptions): { model: Model<S, A>; properties: Property<S>[] } {
  let properties = def.properties(config, { liveness: true });
  if (options.only) {
    for (const name of options.only) {
      if (!properties.some((p) => p.name === name)) throw new UsageError(`unknown property '${name.slice(0, 60)}' (properties: ${properties.map((p) => p.name).join(', ')})`);
    }
    properties = properties.filter((p) => options.only!.includes(p.name));
  }
  return { model: withActionTypes(def, def.model(config, { symmetry: false })), properties };
}

export function fuzzConfig<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: RandomOptions): FuzzReport<S, A> {
  const s = randomSetUp(def, config, options);
  return fuzz(s.model, s.properties, options);
}

export async function fuzzConfigAsync<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, config: C, options: RandomOptions): Promise<FuzzReport<S, A>> {
  const s = randomSetUp(def, config, options);
  return fuzzAsync(s.model, s.properties, options);
}
