/**
 * The protocol as a model for the engine: `protocolModel(config)` gives the
 * initial state, the enabled actions, the reducer, the canonical encoding and
 * the fairness of each action. It has exactly the shape of the engine's
 * `Model` interface without importing it, so the spec depends on immer only.
 */
import { ACTION_TYPES, formatAction, type Action, type ActionType } from './action.ts';
import { makeConfig, type Config } from './config.ts';
import { designOf, type Design } from './design.ts';
import { enabledActions } from './enabled.ts';
import { decodeState, encodeState, type ByteSink, type ByteSource } from './encode.ts';
import { cloneForUpdate, initialState } from './init.ts';
import { applyAction, reduce } from './reducer.ts';
import { requestSymmetry, type EncodedState } from './symmetry.ts';
import { isUp, linkBetween, peerOf, type State } from './state.ts';

export interface ProtocolModel {
  readonly config: Config;
  readonly design: Design;
  init(): State[];
  actions(state: State): Action[];
  next(state: State, action: Action): State;
  nextInPlace(state: State, action: Action): void;
  cloneForUpdate(state: State): State;
  encode(state: State, out: ByteSink): void;
  decode(input: ByteSource): State;
  fairness(state: State, action: Action): string | null;
  isFault(action: Action): boolean;
  formatAction(action: Action): string;
  /** For coverage: the action types this configuration can take (`restore` only with Extension R), and an action's index among them. */
  readonly actionTypes: readonly ActionType[];
  actionType(action: Action): number;
  /** With symmetry reduction: the bytes that identify a state up to renaming requests (see symmetry.ts). */
  canonical?(state: State, out: ByteSink, encoded?: EncodedState): void;
}

export interface ModelOptions {
  /** Identify states that differ only by a renaming of requests (safety properties only). */
  symmetry?: boolean;
}

export function protocolModel(partial: Partial<Config> = {}, options: ModelOptions = {}): ProtocolModel {
  const config = makeConfig(partial);
  const design = designOf(config);
  // Only Extension R uses the spare: the core model neither encodes nor copies it.
  const spare = design.restoreBudget > 0;
  // A core configuration never restores: its coverage lists the vocabulary it always had.
  const actionTypes = spare ? ACTION_TYPES : ACTION_TYPES.filter((t) => t !== 'restore');
  const typeIndex = Object.fromEntries(actionTypes.map((t, i) => [t, i])) as Record<ActionType, number>;
  return {
    actionTypes,
    actionType: (a) => typeIndex[a.type] ?? -1,
    ...(options.symmetry ? { canonical: requestSymmetry(config.requests, spare) } : {}),
    config,
    design,
    init: () => [initialState()],
    actions: (s) => enabledActions(s, design),
    next: (s, a) => reduce(s, a, design),
    nextInPlace: (s, a) => applyAction(s, a, design),
    cloneForUpdate: spare ? cloneForUpdate : (s) => cloneForUpdate(s, false),
    encode: spare ? (s, w) => encodeState(s, w, undefined, true) : (s, w) => encodeState(s, w),
    decode: spare ? (r) => decodeState(r, true) : (r) => decodeState(r),
    fairness,
    isFault: (a) => a.type === 'crash' || a.type === 'cut',
    formatAction,
  };
}

/**
 * Weak fairness: every protocol action, and healing, is weakly fair, so a
 * fair run delivers what is sent and heals what is cut. Crashes and cuts are
 * not, nor is a restore: the cluster service may restore, it need not. A
 * timeout is fair only when it has a cause (the VM's current peer is dead,
 * or the link to it is cut): a spurious timeout may never happen.
 */
export function fairness(s: State, a: Action): string | null {
  switch (a.type) {
    case 'crash':
    case 'cut':
    case 'restore':
      return null;
    case 'timeout': {
      const peer = peerOf(s, a.vm);
      return !isUp(s.vms[peer]) || !s.links[linkBetween(a.vm, peer)] ? `timeout(${a.vm})` : null;
    }
    case 'deliverRequest':
      return `deliverRequest(r${a.req})`;
    case 'apply':
      return a.vm === undefined ? 'apply' : `apply(${a.vm})`;
    default:
      return formatAction(a);
  }
}
