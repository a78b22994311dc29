/**
 * How the engine turns a model's states into bytes and back: the model's own
 * canonical encoding when it has one, canonical JSON otherwise.
 */
import { ByteReader, ByteWriter, decodeJson, encodeJson } from './bytes.ts';
import type { Model } from './model.ts';

export interface Codec<S> {
  encode(state: S, out: ByteWriter): void;
  decode(input: ByteReader): S;
}

export function codecOf<S, A>(model: Model<S, A>): Codec<S> {
  if (model.encode && model.decode) {
    return { encode: model.encode.bind(model), decode: model.decode.bind(model) };
  }
  return { encode: encodeJson, decode: (input) => decodeJson(input) as S };
}

/** The bytes of one state, as a fresh array (for tests and traces, not the hot path). */
export function encodeState<S>(codec: Codec<S>, state: S): Uint8Array {
  const w = new ByteWriter();
  codec.encode(state, w);
  return w.view().slice();
}
