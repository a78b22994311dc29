/**
 * A corpus of bad command lines, each run as a user runs it (the bin, a
 * subprocess): every one gets exit 2, one line on stderr of at most a few
 * hundred characters naming what is wrong, no stack trace, nothing on
 * stdout, and no work started (each is refused before a search begins).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockstepAsync } from './helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lockstep-argv-'));
const notATrace = join(tmp, 'not-a-trace.json');
writeFileSync(notATrace, '{"format": "something-else"}');
const huge = 'x'.repeat(100_000);

const CORPUS: [string[], RegExp][] = [
  [['check', '--requests', '-1'], /--requests/],
  [['check', '--requests', 'two'], /--requests/],
  [['check', '--requests', '0'], /requests must be a whole number from 1 to 15, not 0/],
  [['check', '--requests', '16'], /requests must be a whole number from 1 to 15/],
  [['check', '--requests', '1.5'], /--requests/],
  [['check', '--requests', '99999999999999999999'], /--requests/],
  [['check', '--crashes', '3'], /only two VMs/],
  [['check', '--cuts', '31'], /cuts must be a whole number from 0 to 30/],
  [['check', '--knob', 'nope'], /unknown knob/],
  [['check', '--knob', huge], /unknown knob/],
  [['check', '--knob', 'no-generation'], /no-generation.*restores|restores.*no-generation/],
  [['check', '--workers', '0'], /--workers/],
  [['check', '--workers', '65'], /--workers/],
  [['check', '--max-states', '0'], /--max-states/],
  [['check', '--time-limit', '0'], /--time-limit/],
  [['check', '--symmetry'], /--symmetry checks safety properties only.*add --no-liveness/],
  [['check', '--frobnicate'], /unknown option '--frobnicate'/],
  [['check', '--protocol', join(tmp, 'missing.ts')], /--protocol .*: no such file/],
  [['check', '--protocol', tmp], /--protocol .*: not a file/],
  [['check', '--protocol', notATrace], /--protocol .*: expected a \.ts or \.js module/],
  [['matrix', '--knob', 'no-drain'], /unknown option '--knob'/],
  [['matrix', '--symmetry', '--no-liveness', '--requests', '6'], /--symmetry takes at most 5 requests/],
  [['matrix', '--window', '0'], /window must be a whole number from 1/],
  [['fuzz', '--runs', '0'], /--runs/],
  [['fuzz', '--max-steps', '1000000000'], /--max-steps/],
  [['fuzz', '--seed', '4294967296'], /--seed: expected an integer from -2147483648 to 4294967295/],
  [['fuzz', '--seed', 'abc'], /--seed/],
  [['fuzz', '--seed', '1', '--path', 'garbage'], /--path: expected a fast-check path/],
  [['fuzz', '--seed', '1', '--path', '99999999999999999999'], /--path: expected a fast-check path/],
  [['fuzz', '--path', '1:2'], /--path replays a failure of one seed: give its --seed too/],
  [['fuzz', '--property', 'liveness'], /unknown property 'liveness'/],
  [['fuzz', '--time-limit', '0'], /--time-limit/],
  [['show', notATrace, '--format', 'svg'], /argument 'svg' is invalid/],
  [['show', notATrace], /not a trace/],
  [['explore', join(tmp, 'nope.json')], /cannot read \(ENOENT\)/],
  [['replay', mkdtempSync(join(tmpdir(), 'lockstep-empty-'))], /no \.json trace files in this folder/],
  [['replay'], /missing required argument/],
  [['conform', '--bug', 'nope'], /unknown bug 'nope'/],
  [['conform', '--schedules', 'x'], /--schedules/],
  [['conform', '--trace', join(tmp, 'nope.json')], /--trace .*: not a file/],
  [['review', '--traces', notATrace, '--requests', '1', '--crashes', '0', '--cuts', '0'], /--traces .*not a folder/],
  [['explode'], /unknown command 'explode'/],
];

const run = (args: string[]) => lockstepAsync(args, { cwd: tmp, timeoutMs: 60_000 });

describe('a corpus of bad command lines', () => {
  it('has at least 30', () => expect(CORPUS.length).toBeGreaterThanOrEqual(30));

  it('each: exit 2, one short line naming what is wrong, nothing on stdout, no stack', async () => {
    const results: Awaited<ReturnType<typeof run>>[] = [];
    // Two at a time: the machine has two cores.
    let next = 0;
    await Promise.all([0, 1].map(async () => {
      while (next < CORPUS.length) {
        const i = next++;
        results[i] = await run(CORPUS[i][0]);
      }
    }));
    const wrong = CORPUS.flatMap(([args, message], i) => {
      const r = results[i];
      const line = r.stderr.replace(/\n$/, '');
      const problems = [
        r.code !== 2 && `exit ${r.code}`,
        r.stdout !== '' && `stdout ${JSON.stringify(r.stdout.slice(0, 80))}`,
        line.includes('\n') && `${line.split('\n').length} lines`,
        line.length > 400 && `${line.length} characters`,
        !line.startsWith('lockstep: ') && 'no "lockstep: "',
        /\bat .*\.(ts|js):\d+/.test(line) && 'a stack trace',
        !message.test(line) && `message ${JSON.stringify(line.slice(0, 200))}`,
      ].filter(Boolean);
      return problems.length === 0 ? [] : [`${args.join(' ').slice(0, 80)}: ${problems.join('; ')}`];
    });
    expect(wrong).toEqual([]);
  }, 300_000);
});
