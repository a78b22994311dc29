/**
 * What a protocol gives `lockstep conform`: a conformance suite, the bridge
 * from its model to a real implementation (the adapter, the processes, the
 * mapping of states). The protocol definition names the suite's module by
 * path rather than importing it, so the model's bundles (worker threads, the
 * explorer page) never carry the implementation's process code.
 */
import type { BoundValues } from '../protocol/config.ts';
import type { BaseConfig } from '../protocol/definition.ts';
import type { CampaignReport } from './campaign.ts';

export interface ConformRunOptions {
  schedules?: number;
  seed?: number;
  maxSteps?: number;
  /** Run the implementation with this injected bug (one of the suite's `bugs`). */
  bug?: string | null;
  /** Drive this trace file only. */
  trace?: string;
  /** Bounds of the model (the defaults unless given). */
  bounds?: BoundValues;
  /** Where a failure's trace is saved; nothing is saved without it. */
  save?: string;
  onProgress?: (p: { schedules: number; phase: string }) => void;
}

export interface ConformReport<S = unknown, A = unknown> extends CampaignReport<S, A> {
  bug: string | null;
  seed: number;
  config: BaseConfig;
  /** Every process the run started (all ended when it returns). */
  pids: number[];
  /** The failure's trace file, when one was saved. */
  saved?: string;
}

export interface ConformanceSuite {
  /** The implementation under test, in a line. */
  title: string;
  /** Injectable implementation bugs: name → what goes wrong. */
  bugs: Readonly<Record<string, string>>;
  run(options: ConformRunOptions): Promise<ConformReport>;
}
