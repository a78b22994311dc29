/**
 * lockstep's public API: define a protocol, check it exhaustively, search it
 * randomly, replay a trace, assert in a test suite. Everything a protocol
 * module needs is exported here, with its types; the command line is built
 * on the same functions.
 */
export { defineProtocol } from './protocol/definition.ts';
export type {
  ActionVocabulary,
  BaseConfig,
  BoundSpec,
  DiagramEvent,
  Expectation,
  KnobSpec,
  Lane,
  Presentation,
  ProtocolDefinition,
  ReviewText,
  WitnessItem,
} from './protocol/definition.ts';
export { always, eventually, sometimes } from './engine/model.ts';
export type { Model, Property, PropertyKind } from './engine/model.ts';
export type { ByteReader, ByteWriter } from './engine/bytes.ts';
export type { StepWords } from './report/text.ts';
export type { Verdict } from './engine/explore.ts';
export type { Lasso, Step, Trace } from './engine/trace.ts';
export type { TraceFile, TraceSource } from './trace/file.ts';
export { makeConfig, designName } from './protocol/config.ts';
export { EXIT_CODES } from './protocol/result.ts';
export type { ExhaustiveResult, Outcome, PropertyOutcome, RandomResult, RunOutcome, RunResult } from './protocol/result.ts';
export { assertHolds, check, fuzz, LockstepAssertionError, replay } from './api.ts';
export type { AssertSpec, CheckSpec, Design, FuzzSpec, ReplayRun } from './api.ts';
export { runMatrix, runMatrixAsync, matrixOutcome, matrixTraces, expectationFor } from './protocol/matrix.ts';
export { loadTrace, replayTrace, savedTraceText, traceFileName, traceMermaid, tracesOf, writeTraces } from './protocol/traces.ts';
export type { AnyTrace, ReplayResult } from './protocol/traces.ts';
export { buildReview } from './protocol/review.ts';
export type { Review, ReviewItem } from './protocol/review.ts';
export { reviewMarkdown } from './protocol/review-markdown.ts';
export type { ConformanceSuite, ConformReport, ConformRunOptions } from './conform/suite.ts';
export type { Adapter } from './conform/adapter.ts';
export type { MatrixCell, MatrixOutcome, MatrixRow } from './protocol/matrix.ts';
export { loadProtocol } from './protocol/load.ts';
