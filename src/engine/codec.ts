/**
 * How the engine turns a model's states into bytes and back: the model's own
 * canonical encoding when it has one, canonical JSON otherwise.
 */
import { ByteReader, ByteWriter, decodeJson, encodeJson } from './bytes.ts';
import { fingerprint } from './fingerprint.ts';
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

/**
 * The model's successor function, fast where the model allows: a private
 * copy of the state (encode, decode) changed in place by `nextInPlace`,
 * which the engine's tests hold equal to `next`. Without those, `next`.
 */
export function stepper<S, A>(model: Model<S, A>): (state: S, action: A) => S {
  const inPlace = model.nextInPlace?.bind(model);
  if (!inPlace || !model.encode || !model.decode) return model.next.bind(model);
  const clone = model.cloneForUpdate?.bind(model);
  if (clone) {
    return (state, action) => {
      const copy = clone(state);
      inPlace(copy, action);
      return copy;
    };
  }
  const encode = model.encode.bind(model);
  const decode = model.decode.bind(model);
  const w = new ByteWriter();
  const r = new ByteReader(w.buf);
  // A search asks for every successor of one state in a row: encode it once.
  let encoded: S | undefined;
  return (state, action) => {
    if (state !== encoded) {
      w.reset();
      encode(state, w);
      encoded = state;
    }
    r.buf = w.buf;
    r.pos = 0;
    r.end = w.length;
    const copy = decode(r);
    inPlace(copy, action);
    return copy;
  };
}

/**
 * The function that fingerprints a state the search has just encoded into
 * `encoded`: those bytes, or, with symmetry reduction, the model's canonical
 * bytes. Refuses symmetry reduction with `eventually` properties.
 */
export function identifier<S, A>(model: Model<S, A>, liveness: boolean): (state: S, encoded: ByteWriter, out: Int32Array) => void {
  const canonical = model.canonical?.bind(model);
  if (!canonical) return (_state, encoded, out) => fingerprint(encoded.buf, encoded.length, out);
  if (liveness) throw new Error('symmetry reduction is sound for safety properties only: check eventually properties without it');
  const canon = new ByteWriter();
  return (state, encoded, out) => {
    canon.reset();
    canonical(state, canon, encoded);
    fingerprint(canon.buf, canon.length, out);
  };
}
