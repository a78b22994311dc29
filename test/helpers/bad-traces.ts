/**
 * Test helper: where the trace schema and the committed traces live (one
 * place to change when the schema moves), and a corpus of crafted trace
 * files that are not traces, each with the part of the message that must
 * name what is wrong and whether the JSON Schema alone refuses it too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const SCHEMA_PATH = join(root, 'schema/trace.schema.json');
export const TRACE_DIR = join(root, 'counterexamples');

/** Every committed trace file (the schema itself is not one). */
export function committedTraces(): string[] {
  return readdirSync(TRACE_DIR)
    .filter((f) => f.endsWith('.json') && join(TRACE_DIR, f) !== SCHEMA_PATH)
    .map((f) => join(TRACE_DIR, f));
}

export interface BadTrace {
  name: string;
  text: string;
  /** What the one line must say. */
  message: RegExp;
  /**
   * 'refuses': the schema refuses it as well. 'beyond': valid by the schema,
   * refused for what the schema cannot say (a request beyond the
   * configuration's bound, a fingerprint count). 'not-json': no schema applies.
   */
  schema: 'refuses' | 'beyond' | 'not-json';
}

type Json = Record<string, any>;
const good = (file: string): Json => JSON.parse(readFileSync(join(TRACE_DIR, file), 'utf8'));

/** [name, edit of a good trace, message, schema] */
const EDITS: [string, (t: Json) => unknown, RegExp, BadTrace['schema']?][] = [
  // config
  ['nested knob', (t) => (t.config.knobs = [['ignore-retransmissions']]), /config: knobs\[0\] must be a knob .*not \["ignore-retransmissions"\]/],
  ['config a list', (t) => (t.config = []), /config: must be an object, not \[\]/],
  ['config null', (t) => (t.config = null), /config: must be an object, not null/],
  ['config a string', (t) => (t.config = 'defaults'), /config: must be an object/],
  ['config missing', (t) => delete t.config, /missing field "config"/],
  ['requests null', (t) => (t.config.requests = null), /config: requests must be a whole number from 1 to 15, not null/],
  ['requests a string', (t) => (t.config.requests = '2'), /config: requests must be a whole number .*not "2"/],
  ['requests a fraction', (t) => (t.config.requests = 2.5), /config: requests must be a whole number .*not 2\.5/],
  ['requests zero', (t) => (t.config.requests = 0), /config: requests must be a whole number from 1 to 15, not 0/],
  ['requests 16', (t) => (t.config.requests = 16), /config: requests .* not 16/],
  ['crashes 3', (t) => (t.config.crashes = 3), /config: crashes must be a whole number from 0 to 2, not 3/],
  ['cuts negative', (t) => (t.config.cuts = -1), /config: cuts .* not -1/],
  ['cuts a boolean', (t) => (t.config.cuts = true), /config: cuts .* not true/],
  ['knobs a string', (t) => (t.config.knobs = 'no-drain'), /config: knobs must be a list/],
  ['knobs null', (t) => (t.config.knobs = null), /config: knobs must be a list of knob names, not null/],
  ['knobs an object', (t) => (t.config.knobs = {}), /config: knobs must be a list/],
  ['knob repeated', (t) => (t.config.knobs = ['no-drain', 'no-drain']), /config: knobs\[1\]: "no-drain" is listed twice/],
  ['knob unknown', (t) => (t.config.knobs = ['no-epochs']), /config: knobs\[0\] must be a knob .*not "no-epochs"/],
  ['knob a number', (t) => (t.config.knobs = [1]), /config: knobs\[0\] .*not 1/],
  ['config extra field', (t) => (t.config.budget = 1), /config: unexpected field "budget"/],
  // envelope
  ['$schema a number', (t) => (t.$schema = 5), /"\$schema" must be a string, not 5/],
  ['$schema null', (t) => (t.$schema = null), /"\$schema" must be a string, not null/],
  ['format missing', (t) => delete t.format, /"format" must be "lockstep-trace"/],
  ['format other', (t) => (t.format = 'lockstep'), /"format" must be "lockstep-trace"/],
  ['version a string', (t) => (t.version = '1'), /version "1" is not supported/],
  ['version 2', (t) => (t.version = 2), /version 2 is not supported/],
  ['version missing', (t) => delete t.version, /missing field "version"/],
  ['title a number', (t) => (t.title = 5), /"title" must be a string, not 5/],
  ['title null', (t) => (t.title = null), /"title" must be a string, not null/],
  ['description a list', (t) => (t.description = ['a']), /"description" must be a string/],
  ['extra field', (t) => (t.comment = 'hi'), /unexpected field "comment"/],
  ['property missing', (t) => delete t.property, /missing field "property"/],
  ['property a number', (t) => (t.property = 5), /unknown property 5/],
  ['property unknown', (t) => (t.property = 'liveness'), /unknown property "liveness"/],
  ['expect missing', (t) => delete t.expect, /missing field "expect"/],
  ['expect unknown', (t) => (t.expect = 'ok'), /"expect" must be one of .*not "ok"/],
  ['expect null', (t) => (t.expect = null), /"expect" must be one of .*not null/],
  ['source a list', (t) => (t.source = [{ kind: 'hand' }]), /"source" must be an object/],
  ['source a string', (t) => (t.source = 'hand'), /"source" must be an object, not "hand"/],
  ['source without kind', (t) => (t.source = {}), /"source\.kind" must be one of/],
  ['source kind unknown', (t) => (t.source = { kind: 'manual' }), /"source\.kind" .*not "manual"/],
  ['source seed a string', (t) => (t.source = { kind: 'random', seed: '1' }), /"source\.seed" must be an integer, not "1"/],
  ['source seed a fraction', (t) => (t.source = { kind: 'random', seed: 1.5 }), /"source\.seed" must be an integer, not 1\.5/],
  ['source path a number', (t) => (t.source = { kind: 'random', path: 5 }), /"source\.path" must be a string/],
  ['source command null', (t) => (t.source = { kind: 'hand', command: null }), /"source\.command" must be a string, not null/],
  ['source extra field', (t) => (t.source = { kind: 'hand', by: 'me' }), /source: unexpected field "by"/],
  // actions and cycle
  ['actions missing', (t) => delete t.actions, /missing field "actions"/],
  ['actions an object', (t) => (t.actions = {}), /"actions" must be a list of actions/],
  ['actions null', (t) => (t.actions = null), /"actions" must be a list of actions, not null/],
  ['action null', (t) => (t.actions[0] = null), /actions\[0\] \(step 1\): an action must be an object/],
  ['action a list', (t) => (t.actions[0] = ['cut', 'p-b']), /actions\[0\] \(step 1\): an action must be an object/],
  ['action without type', (t) => (t.actions[1] = { vm: 'p' }), /actions\[1\] \(step 2\): unknown action type undefined/],
  ['action type a number', (t) => (t.actions[1] = { type: 5 }), /unknown action type 5/],
  ['action type unknown', (t) => (t.actions[1] = { type: 'reboot', vm: 'p' }), /unknown action type "reboot"/],
  ['action extra field', (t) => (t.actions[1] = { type: 'timeout', vm: 'p', why: 'x' }), /step 2\): timeout: unexpected field "why"/],
  ['action missing field', (t) => (t.actions[1] = { type: 'timeout' }), /step 2\): timeout: missing field 'vm'/],
  ['req a string', (t) => (t.actions[1] = { type: 'send', req: '1' }), /send: req must be a request from 1 to 2, not "1"/],
  ['req zero', (t) => (t.actions[1] = { type: 'send', req: 0 }), /send: req must be .* not 0/],
  ['vm unknown', (t) => (t.actions[1] = { type: 'timeout', vm: 'q' }), /timeout: vm must be a VM \(p or b\), not "q"/],
  ['link unknown', (t) => (t.actions[0] = { type: 'cut', link: 'p-q' }), /cut: link must be a link .*not "p-q"/],
  ['output without from', (t) => (t.actions[1] = { type: 'deliverOutput', seq: 1, req: 1, nd: 0 }), /deliverOutput: missing field 'from'/],
  ['nd 2', (t) => (t.actions[1] = { type: 'apply', nd: 2 }), /apply: nd must be 0 or 1, not 2/],
  ['nd null', (t) => (t.actions[1] = { type: 'deliverRequest', req: 1, nd: null }), /deliverRequest: nd must be 0 or 1, not null/],
  ['cycle an object', (t) => (t.cycle = {}), /"cycle" must be a list of actions/],
  ['cycle of numbers', (t) => (t.cycle = [5]), /cycle\[0\] \(step cycle 1\): an action must be an object/],
  ['fingerprints a string', (t) => (t.fingerprints = 'abc'), /"fingerprints" must be a list of 16-digit hex strings, not "abc"/],
  ['fingerprint a number', (t) => (t.fingerprints = t.actions.map(() => 5)), /fingerprints\[0\] must be 16 hex digits .*not 5/],
  ['fingerprint upper case', (t) => (t.fingerprints = t.actions.map(() => 'ABCDEF0123456789')), /fingerprints\[0\] must be 16 hex digits/],
  // beyond the schema
  ['req beyond the bound', (t) => (t.actions[1] = { type: 'send', req: 3 }), /send: req must be a request from 1 to 2, not 3/, 'beyond'],
  ['fingerprints one short', (t) => (t.fingerprints = t.actions.slice(1).map(() => '0123456789abcdef')), /"fingerprints" must have one entry per step \(7\), not 6/, 'beyond'],
  // hostile values: bounded and escaped in the message
  ['property of 400,000 characters', (t) => (t.property = 'x'.repeat(400_000)), /unknown property "x{60,80}…$/],
  ['escape sequences in a value', (t) => (t.property = '\u001b[2J\u001b]0;pwned\u0007ok'), /unknown property "\\u001b\[2J\\u001b\]0;pwned\\u0007ok"/],
  ['bidi override in a field name', (t) => (t['\u202eevil'] = 1), /unexpected field "\\u202eevil"/],
  ['C1 control in an action type', (t) => (t.actions[0] = { type: '\u009b2J' }), /unknown action type "\\x9b2J"/],
  ['a deep list as an action', (t) => (t.actions[0] = JSON.parse('['.repeat(1000) + ']'.repeat(1000))), /actions\[0\] \(step 1\): an action must be an object/],
  ['long field name', (t) => (t['k'.repeat(100_000)] = 1), /unexpected field "k{60,80}…$/],
];

/** Whole texts that are not a trace object at all. */
const TEXTS: [string, string, RegExp, BadTrace['schema']][] = [
  ['empty', '', /empty file, not a trace/, 'not-json'],
  ['blank', ' \n\t\n', /empty file, not a trace/, 'not-json'],
  ['a BOM only', '\ufeff', /empty file, not a trace/, 'not-json'],
  ['truncated', JSON.stringify(good('paper-partition.json')).slice(0, 100), /not JSON/, 'not-json'],
  ['a BOM then garbage', '\ufeff{nope', /not JSON/, 'not-json'],
  ['two BOMs', `\ufeff\ufeff${JSON.stringify(good('paper-partition.json'))}`, /not JSON/, 'not-json'],
  ['requests huge', JSON.stringify(good('paper-partition.json')).replace('"requests":2', '"requests":1e400'), /config: requests .* not Infinity/, 'refuses'],
  ['a list', '[1, 2]', /not a trace: expected a JSON object/, 'refuses'],
  ['a string', '"lockstep-trace"', /not a trace: expected a JSON object/, 'refuses'],
  ['null', 'null', /not a trace: expected a JSON object/, 'refuses'],
  ['__proto__ field', JSON.stringify(good('paper-partition.json')).replace(/^\{/, '{"__proto__":{"x":1},'), /unexpected field "__proto__"/, 'refuses'],
];

export function badTraces(): BadTrace[] {
  const edited = EDITS.map(([name, edit, message, schema = 'refuses']) => {
    const base = name === 'nested knob' ? 'ignore-retransmissions--atLeastOnce.json' : 'paper-partition.json';
    const t = good(base);
    edit(t);
    return { name, text: JSON.stringify(t, null, 2), message, schema };
  });
  return [...edited, ...TEXTS.map(([name, text, message, schema]) => ({ name, text, message, schema }))];
}
