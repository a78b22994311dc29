/**
 * Reading actions written by hand or by another program: every field
 * checked against the vocabulary and the configuration's bounds, so that a
 * trace file that is not a run of this model is refused with one line that
 * names the problem.
 */
import { ACTION_TYPES, type Action } from './action.ts';
import type { Config } from './config.ts';
import { LINKS, VMS } from './state.ts';

export class ActionError extends Error {
  override name = 'ActionError';
}

type Json = Record<string, unknown>;

const FIELDS: Record<Action['type'], readonly string[]> = {
  send: ['req'],
  retry: ['req'],
  deliverRequest: ['req', 'nd?'],
  deliverLog: [],
  apply: ['nd?'],
  deliverAck: [],
  deliverOutput: ['seq', 'req', 'nd', 'from'],
  timeout: ['vm'],
  testAndSet: ['vm'],
  goLive: ['vm'],
  crash: ['vm'],
  cut: ['link'],
  heal: ['link'],
};

export function parseAction(value: unknown, config: Config): Action {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ActionError('an action must be an object');
  const a = value as Json;
  const type = a.type;
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
    throw new ActionError(`unknown action type ${quote(type)} (types: ${ACTION_TYPES.join(', ')})`);
  }
  const fields = FIELDS[type as Action['type']];
  const allowed = new Set(['type', ...fields.map((f) => f.replace('?', ''))]);
  for (const key of Object.keys(a)) {
    if (!allowed.has(key)) throw new ActionError(`${type}: unexpected field ${quote(key)}`);
  }
  const out: Json = { type };
  for (const f of fields) {
    const name = f.replace('?', '');
    if (!Object.hasOwn(a, name)) {
      if (f.endsWith('?')) continue;
      throw new ActionError(`${type}: missing field '${name}'`);
    }
    out[name] = field(type, name, a[name], config);
  }
  return out as unknown as Action;
}

function field(type: string, name: string, v: unknown, config: Config): unknown {
  const bad = (what: string) => new ActionError(`${type}: ${name} must be ${what}, not ${quote(v)}`);
  switch (name) {
    case 'req':
      if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > config.requests) throw bad(`a request from 1 to ${config.requests}`);
      return v;
    case 'seq':
      if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > config.requests) throw bad(`a seq from 1 to ${config.requests}`);
      return v;
    case 'nd':
      if (v !== 0 && v !== 1) throw bad('0 or 1');
      return v;
    case 'vm':
    case 'from':
      if (!(VMS as readonly unknown[]).includes(v)) throw bad(`a VM (${VMS.join(' or ')})`);
      return v;
    case 'link':
      if (!(LINKS as readonly unknown[]).includes(v)) throw bad(`a link (${LINKS.join(', ')})`);
      return v;
  }
  throw new ActionError(`${type}: unknown field ${name}`);
}

/** A value as a message echoes it: JSON (so control characters are escaped), at most 60 characters. */
function quote(v: unknown): string {
  const text = typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}
