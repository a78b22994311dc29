/**
 * Reading actions written by hand or by another program: every field
 * checked against the vocabulary and the configuration's bounds, so that a
 * trace file that is not a run of this model is refused with one line that
 * names the problem.
 */
import { ACTION_TYPES, type Action } from './action.ts';
import { restoresOf, type Config } from './config.ts';
import { ALL_LINKS, LINKS, VMS, type VmId } from './state.ts';

export class ActionError extends Error {
  override name = 'ActionError';
}

type Json = Record<string, unknown>;

const FIELDS: Record<Action['type'], readonly string[]> = {
  send: ['req'],
  retry: ['req'],
  deliverRequest: ['req', 'nd?'],
  deliverLog: ['vm?'],
  apply: ['vm?', 'nd?'],
  deliverAck: ['vm?'],
  deliverOutput: ['seq', 'req', 'nd', 'from'],
  timeout: ['vm'],
  testAndSet: ['vm'],
  goLive: ['vm'],
  restore: ['vm'],
  crash: ['vm'],
  cut: ['link'],
  heal: ['link'],
};

/**
 * The VMs a field may name: c only with Extension R on; and for the actions
 * that name a receiver only when it is not the core one, the one other VM
 * that can receive there (c a log entry, b an ack).
 */
function vmsFor(type: string, name: string, config: Config): readonly VmId[] {
  const spare = restoresOf(config) >= 1;
  if (name === 'vm' && (type === 'deliverLog' || type === 'apply')) return spare ? ['c'] : [];
  if (name === 'vm' && type === 'deliverAck') return spare ? ['b'] : [];
  if (type === 'restore') return spare ? ['p', 'b'] : [];
  return spare ? VMS : VMS.filter((v) => v !== 'c');
}

export function parseAction(value: unknown, config: Config): Action {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ActionError('an action must be an object');
  const a = value as Json;
  const type = a.type;
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
    throw new ActionError(`unknown action type ${quote(type)} (types: ${ACTION_TYPES.join(', ')})`);
  }
  if (type === 'restore' && restoresOf(config) < 1) throw new ActionError('restore: the configuration allows no restores');
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
    case 'from': {
      const allowed = vmsFor(type, name, config);
      if (allowed.length === 0) throw new ActionError(`${type}: unexpected field '${name}' (only with restores of at least 1)`);
      if (!(allowed as readonly unknown[]).includes(v)) throw bad(`a VM (${allowed.join(' or ')})`);
      return v;
    }
    case 'link': {
      const links = restoresOf(config) >= 1 ? ALL_LINKS : LINKS;
      if (!(links as readonly unknown[]).includes(v)) throw bad(`a link (${links.join(', ')})`);
      return v;
    }
  }
  throw new ActionError(`${type}: unknown field ${name}`);
}

/** A value as a message echoes it: JSON (so control characters are escaped), at most 60 characters. */
function quote(v: unknown): string {
  const text = typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}
