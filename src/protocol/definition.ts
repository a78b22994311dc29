/**
 * What a protocol gives lockstep, and all that lockstep knows of one. A
 * definition carries everything protocol-specific: how to build the model
 * from a configuration, the configuration's bounds and their limits, the
 * design variants (knobs) with the reviewer's question each answers, the
 * properties, the action vocabulary of trace files, how to narrate and draw a
 * step, and the verdicts expected at the bounds where they were established.
 * The command line, the matrix, the trace files, the explorer page and the
 * review checklist read only this, so a team's own protocol gets the whole
 * tool chain (as Stateright's `Model` carries its own `format_step`).
 */
import type { Verdict } from '../engine/explore.ts';
import type { Model, Property } from '../engine/model.ts';
import type { Event } from '../report/mermaid.ts';
import type { StepWords } from '../report/text.ts';

/** One bound of the configuration: a command-line option `--NAME` and a trace file's `config.NAME`. */
export interface BoundSpec {
  name: string;
  /** What it bounds, for `--help`. */
  description: string;
  /** Absent: the bound is optional and off unless given (an extension's parameter). */
  default?: number;
  min: number;
  max: number;
  /** Why the limit is what it is, said when a value is past it ("there are only two VMs to crash"). */
  why?: string;
}

/** A design variant that removes one safeguard, and the review item it becomes. */
export interface KnobSpec {
  name: string;
  /** The safeguard's name, as a checklist item. */
  title: string;
  /** What a design reviewer asks about it. */
  question: string;
  /** The design's answer, in a sentence. */
  answer: string;
  /** The safeguard the knob removes, and what the design does instead. */
  safeguard: string;
  instead: string;
  /** Where the design motivates the safeguard (a paper section, a design doc). */
  reference?: string;
  /** Properties the safeguard protects: the ones this knob alone is expected to break. */
  breaks: readonly string[];
  /** Bounds that must be set (and non-zero) for the knob to mean anything: the matrix adds its row only then. */
  requires?: readonly string[];
}

/** The configuration of one model: a value per bound (optional ones absent when off) and the knobs. */
export interface BaseConfig {
  knobs: readonly string[];
}

/**
 * Expected verdicts at one exact set of bounds, for one design: the
 * manifest the matrix, the review and the tests compare runs against (as
 * the TLA+ Examples pin results per configuration).
 */
export interface Expectation {
  /** Every bound's value (an optional bound absent means off). */
  bounds: Readonly<Record<string, number>>;
  /** The design: the knobs removed ([] for the correct design). */
  knobs: readonly string[];
  /** Verdict per property name; a property left out has no expectation. */
  verdicts: Readonly<Record<string, Verdict>>;
  /** Where the expectation comes from: a brief's table, or a run that someone checked by reasoning. */
  source: string;
  /** Distinct states, where pinned. */
  states?: number;
}

/** A lane of the diagrams (an actor), in left-to-right order. */
export interface Lane {
  id: string;
  label: string;
}

export type DiagramEvent = Event<string>;

/** The action vocabulary: what trace files store and the text shows. */
export interface ActionVocabulary<A, C> {
  /** Every action type, in a fixed order: coverage reports and dead-action lists use it. */
  types: readonly string[];
  typeOf(action: A): string;
  /** Reads an action from a trace file, checked against the configuration; throws an Error with a one-line message. */
  parse(value: unknown, config: C): A;
  /** One short line: `crash(p)`. */
  format(action: A): string;
  /** Whether the action is a fault the environment injects (counted in a counterexample's faults). */
  isFault?(action: A): boolean;
}

/** How a step reads and how it is drawn: the text timeline, Mermaid and the explorer share it. */
export interface Presentation<S, A, C> {
  /** `last` is the state the whole trace ends in, for words that depend on what comes later (the outputs that conflict). */
  narrate(before: S, action: A, after: S, last?: S): StepWords;
  lanes(config: C): readonly Lane[];
  events(before: S, action: A, after: S, last?: S): DiagramEvent[];
}

/** A witness (a `sometimes` property) as a review item. */
export interface WitnessItem {
  property: string;
  title: string;
  question: string;
  answer: string;
}

export interface ReviewText {
  /** The checklist's heading. */
  title: string;
  /** Witnesses that are checklist items of their own. */
  witnesses?: readonly WitnessItem[];
  /** What the evidence does not cover: one bullet each. */
  limits?: readonly string[];
}

export interface ProtocolDefinition<S = any, A = any, C extends BaseConfig = any> {
  /** Names the protocol in trace files: a trace of another protocol is refused. Letters, digits and '-'. */
  name: string;
  /** One line: what is modelled. */
  title: string;
  bounds: readonly BoundSpec[];
  knobs: readonly KnobSpec[];
  /** Checks that span bounds (beyond each bound's range): a one-line problem, or null. */
  validate?(config: C): string | null;
  model(config: C, options: { symmetry: boolean }): Model<S, A>;
  /** Properties in report order; without liveness, the eventually properties are left out. */
  properties(config: C, options: { liveness: boolean }): Property<S>[];
  /** What a user should know before a search this large starts (its size, its time, what to do instead), or null. */
  sizeWarning?(config: C, options: { liveness: boolean }): string | null;
  /** Whether symmetry reduction may be used: null when it may, else why not (one line). Absent: never. */
  symmetry?(config: C, options: { liveness: boolean }): string | null;
  actions: ActionVocabulary<A, C>;
  present: Presentation<S, A, C>;
  expectations: readonly Expectation[];
  review?: ReviewText;
  /** File URL of a JSON Schema for this protocol's trace files: saved traces name it (relative) as their `$schema`. */
  schema?: string;
  /**
   * The module of the protocol's conformance suite (see src/conform/suite.ts),
   * for `lockstep conform`: a file URL, not an import, so that the model's
   * bundles never carry the implementation's process code.
   */
  conformance?: string;
  /**
   * The module whose default export this definition is. Worker threads and
   * the explorer page build the model from it; lockstep sets it when it
   * loads a definition from a file.
   */
  module?: string;
}

/** Checks a definition's own consistency and returns it: a typo in a knob's `breaks` is an error here, not a silent miss. */
export function defineProtocol<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>): ProtocolDefinition<S, A, C> {
  const problems = definitionProblems(def);
  if (problems.length > 0) throw new Error(`protocol ${JSON.stringify(def.name)}: ${problems.join('; ')}`);
  return def;
}

export function definitionProblems(def: ProtocolDefinition): string[] {
  const out: string[] = [];
  if (typeof def.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/i.test(def.name)) out.push('name must be letters, digits and -');
  const boundNames = def.bounds.map((b) => b.name);
  for (const b of def.bounds) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(b.name) || b.name === 'knobs') out.push(`bound ${JSON.stringify(b.name)}: not a usable name`);
    if (!Number.isInteger(b.min) || !Number.isInteger(b.max) || b.min > b.max) out.push(`bound ${b.name}: min and max must be whole numbers, min <= max`);
    if (b.default !== undefined && (b.default < b.min || b.default > b.max)) out.push(`bound ${b.name}: default outside min..max`);
  }
  if (new Set(boundNames).size !== boundNames.length) out.push('bound names repeat');
  const knobNames = def.knobs.map((k) => k.name);
  if (new Set(knobNames).size !== knobNames.length) out.push('knob names repeat');
  for (const k of def.knobs) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(k.name)) out.push(`knob ${JSON.stringify(k.name)}: use lower-case letters, digits and -`);
    for (const r of k.requires ?? []) if (!boundNames.includes(r)) out.push(`knob ${k.name} requires unknown bound ${r}`);
  }
  for (const e of def.expectations) {
    for (const k of e.knobs) if (!knobNames.includes(k)) out.push(`an expectation names unknown knob ${k}`);
    for (const b of Object.keys(e.bounds)) if (!boundNames.includes(b)) out.push(`an expectation names unknown bound ${b}`);
  }
  if (def.actions.types.length === 0) out.push('actions.types is empty');
  return out;
}
