/**
 * The one writer every output goes through: what it refuses (anything at the
 * target that is not a regular file, a missing or read-only folder, a
 * read-only file, an empty path), what it writes through (a symlink, kept as
 * a link), that a failure is one UsageError line naming the target, that no
 * temporary file is left, also when the process is killed mid-write with the
 * cleanup hook installed, and the same rules on the command line.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.ts';
import { appendToFile, ensureFolder, liveTempFiles, writeFileAtomic } from '../src/files.ts';
import { lockstep } from './helpers/cli.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const fresh = () => mkdtempSync(join(tmpdir(), 'lockstep-files-'));
const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** The error `f` throws: a UsageError of one line. */
function refusal(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    const message = (e as Error).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
  throw new Error('expected a refusal');
}

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function socketAt(path: string): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(path, done));
}

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one, keeping its permission bits', () => {
    const dir = fresh();
    const path = join(dir, 'out.txt');
    writeFileAtomic(path, 'one');
    expect(readFileSync(path, 'utf8')).toBe('one');
    chmodSync(path, 0o640);
    writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(temps(dir)).toEqual([]);
  });

  it('refuses a folder, a FIFO, a socket and a device, and leaves each as it was', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'folder'));
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    await socketAt(join(dir, 'socket'));
    const targets: [string, RegExp][] = [
      ['folder', /folder: cannot write \(a folder, not a regular file\)$/],
      ['fifo', /fifo: cannot write \(a FIFO, not a regular file\)$/],
      ['socket', /socket: cannot write \(a socket, not a regular file\)$/],
    ];
    // A copy of /dev/null's device node (root only): replacing it would harm nobody, unlike /dev/full.
    if (spawnSync('mknod', [join(dir, 'null'), 'c', '1', '3']).status === 0) {
      targets.push(['null', /null: cannot write \(a character device, not a regular file\)$/]);
    }
    for (const [name, message] of targets) {
      const path = join(dir, name);
      const before = lstatSync(path);
      expect(refusal(() => writeFileAtomic(path, 'x'))).toMatch(message);
      const after = lstatSync(path);
      expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
    }
    expect(temps(dir)).toEqual([]);
  });

  it('writes through a symlink to its regular file, and the link stays a link', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.txt'), 'old');
    symlinkSync('real.txt', join(dir, 'link.txt'));
    symlinkSync('link.txt', join(dir, 'link2.txt'));
    writeFileAtomic(join(dir, 'link2.txt'), 'new');
    expect(readFileSync(join(dir, 'real.txt'), 'utf8')).toBe('new');
    expect(lstatSync(join(dir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'link2.txt')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link2.txt'))).toBe('link.txt');
    // A link to a file not there yet creates the file, as `echo > link` does.
    symlinkSync('later.txt', join(dir, 'dangling'));
    writeFileAtomic(join(dir, 'dangling'), 'made');
    expect(readFileSync(join(dir, 'later.txt'), 'utf8')).toBe('made');
    expect(lstatSync(join(dir, 'dangling')).isSymbolicLink()).toBe(true);
    // A link to a folder or a loop is refused like the thing it leads to.
    mkdirSync(join(dir, 'sub'));
    symlinkSync('sub', join(dir, 'to-folder'));
    expect(refusal(() => writeFileAtomic(join(dir, 'to-folder'), 'x'))).toMatch(/to-folder: cannot write \(a folder/);
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    expect(refusal(() => writeFileAtomic(join(dir, 'loop-a'), 'x'))).toMatch(/too many levels of symbolic links/);
    expect(temps(dir)).toEqual([]);
  });

  it('refuses an empty path, a missing folder, a file as a folder, a read-only file or folder', () => {
    const dir = fresh();
    expect(refusal(() => writeFileAtomic('', 'x'))).toMatch(/an empty path/);
    expect(refusal(() => writeFileAtomic(join(dir, 'nope', 'out.txt'), 'x'))).toMatch(/nope\/out\.txt: cannot write \(the folder .*nope does not exist\)$/);
    writeFileSync(join(dir, 'plain'), 'x');
    expect(refusal(() => writeFileAtomic(join(dir, 'plain', 'out.txt'), 'x'))).toMatch(/cannot write/);
    writeFileSync(join(dir, 'locked.txt'), 'keep');
    chmodSync(join(dir, 'locked.txt'), 0o444);
    expect(refusal(() => writeFileAtomic(join(dir, 'locked.txt'), 'x'))).toMatch(/locked\.txt: cannot write \(the file is read-only\)$/);
    expect(readFileSync(join(dir, 'locked.txt'), 'utf8')).toBe('keep');
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    expect(refusal(() => writeFileAtomic(join(dir, 'ro', 'out.txt'), 'x'))).toMatch(/out\.txt: cannot write \(the folder .*ro is read-only\)$/);
    expect(readdirSync(join(dir, 'ro'))).toEqual([]);
    expect(temps(dir)).toEqual([]);
    expect(liveTempFiles()).toEqual([]);
  });

  it('names the target as the caller says', () => {
    expect(refusal(() => writeFileAtomic(fresh(), 'x', '--out here'))).toMatch(/^--out here: cannot write \(a folder/);
  });
});

describe('ensureFolder and appendToFile', () => {
  it('creates a missing output folder, refuses a non-folder and a read-only one', () => {
    const dir = fresh();
    ensureFolder(join(dir, 'a', 'b'), '--save a/b');
    expect(statSync(join(dir, 'a', 'b')).isDirectory()).toBe(true);
    writeFileSync(join(dir, 'file'), 'x');
    expect(refusal(() => ensureFolder(join(dir, 'file'), '--save file'))).toBe('--save file: not a folder (a file)');
    expect(refusal(() => ensureFolder(join(dir, 'file', 'sub'), '--save file/sub'))).toMatch(/^--save file\/sub: cannot create the folder/);
    expect(refusal(() => ensureFolder('/dev/null', '--save /dev/null'))).toBe('--save /dev/null: not a folder (a character device)');
    expect(refusal(() => ensureFolder('', '--save'))).toBe('--save: an empty path');
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    expect(refusal(() => ensureFolder(join(dir, 'ro'), '--save ro'))).toMatch(/read-only/);
  });

  it('appends to a file, creating it; refuses a folder; a full device is one line', () => {
    const dir = fresh();
    appendToFile(join(dir, 'summary.md'), 'a');
    appendToFile(join(dir, 'summary.md'), 'b');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe('ab');
    expect(refusal(() => appendToFile(dir, 'x', 'GITHUB_STEP_SUMMARY'))).toBe('GITHUB_STEP_SUMMARY: cannot append (a folder, not a file)');
    expect(refusal(() => appendToFile('/dev/full', 'x'))).toBe('/dev/full: cannot append to (no space left on device, ENOSPC)');
    expect(refusal(() => appendToFile(join(dir, 'nope', 'summary.md'), 'x'))).toMatch(/does not exist/);
  });
});

describe('interrupted mid-write', () => {
  // A child writes a large file again and again; we kill it at a random moment.
  const child = (install: boolean) => `
    const f = await import(${JSON.stringify(join(root, 'src/files.ts'))});
    ${install ? 'f.installTempCleanup();' : ''}
    const text = 'x'.repeat(32 * 1024 * 1024);
    process.stdout.write('ready\\n');
    // Between writes the event loop turns, as it does in the CLI after a save.
    for (;;) {
      f.writeFileAtomic(process.argv[2], text);
      await new Promise((turn) => setImmediate(turn));
    }
  `;

  async function killMidWrite(script: string, dir: string, delayMs: number): Promise<NodeJS.Signals | null> {
    const p = spawn(process.execPath, ['--import', 'tsx', script, join(dir, 'big.txt')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((ready, fail) => {
        p.stdout!.once('data', () => ready());
        p.once('exit', (code) => fail(new Error(`the writer ended before it started (exit ${code})`)));
      });
      await new Promise((r) => setTimeout(r, delayMs));
      const ended = new Promise<NodeJS.Signals | null>((done) => p.once('exit', (_code, signal) => done(signal)));
      process.kill(p.pid!, 'SIGTERM');
      const late = new Promise<'late'>((done) => setTimeout(() => done('late'), 20_000).unref());
      const signal = await Promise.race([ended, late]);
      if (signal === 'late') throw new Error('the writer did not end within 20 s of SIGTERM');
      return signal;
    } finally {
      if (p.exitCode === null && p.signalCode === null) process.kill(p.pid!, 'SIGKILL');
    }
  }

  it('leaves no temporary file behind with the cleanup hook, and still ends by the signal', async () => {
    const dir = fresh();
    const script = join(dir, 'writer.mjs');
    writeFileSync(script, child(true));
    for (let i = 0; i < 8; i++) {
      expect(await killMidWrite(script, dir, 20 + i * 37)).toBe('SIGTERM');
      expect(temps(dir)).toEqual([]);
      if (existsSync(join(dir, 'big.txt'))) expect(statSync(join(dir, 'big.txt')).size).toBe(32 * 1024 * 1024);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('the check can fail: without the hook a kill mid-write leaves one', async () => {
    const dir = fresh();
    const script = join(dir, 'writer.mjs');
    writeFileSync(script, child(false));
    let left = 0;
    for (let i = 0; i < 8 && left === 0; i++) {
      await killMidWrite(script, dir, 20 + i * 37);
      left = temps(dir).length;
    }
    expect(left).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe('on the command line', () => {
  const trace = join(root, 'counterexamples/paper-partition.json');
  const oneLine = (r: { code: number | null; stderr: string }, message: RegExp) => {
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  };

  it('explore --out: a folder, an empty path, a missing folder, a FIFO are one line with exit 2', () => {
    const dir = fresh();
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    oneLine(lockstep('explore', trace, '--out', dir), /cannot write \(a folder, not a regular file\)/);
    oneLine(lockstep('explore', trace, '--out', ''), /an empty path/);
    oneLine(lockstep('explore', trace, '--out', join(dir, 'nope', 'x.html')), /does not exist/);
    oneLine(lockstep('explore', trace, '--out', join(dir, 'fifo')), /a FIFO, not a regular file/);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(temps(dir)).toEqual([]);
  });

  it('explore --out a symlink writes the page through it', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'page.html'), '');
    symlinkSync('page.html', join(dir, 'link.html'));
    expect(lockstep('explore', trace, '--out', join(dir, 'link.html')).code).toBe(0);
    expect(lstatSync(join(dir, 'link.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('check --save: a FIFO, a device or a read-only folder are one line with exit 2', () => {
    const dir = fresh();
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    const check = (save: string) => lockstep('check', '--requests', '1', '--crashes', '0', '--cuts', '0', '-q', '--knob', 'no-output-rule', '--save', save);
    oneLine(check(join(dir, 'fifo')), /--save .*fifo: not a folder \(a FIFO\)/);
    oneLine(check('/dev/null'), /--save \/dev\/null: not a folder \(a character device\)/);
    oneLine(check(join(dir, 'ro')), /--save .*ro: cannot write into the folder \(read-only\)/);
    expect(readdirSync(join(dir, 'ro'))).toEqual([]);
  });

  it('review with GITHUB_STEP_SUMMARY naming a folder, and --traces naming a file: one line each', () => {
    const dir = fresh();
    const bin = join(root, 'bin/lockstep.js');
    const review = (env: Record<string, string>, ...args: string[]) => {
      const r = spawnSync(process.execPath, [bin, 'review', '--requests', '1', '--crashes', '0', '--cuts', '0', '-q', ...args], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      return { code: r.status, stderr: r.stderr };
    };
    oneLine(review({ GITHUB_STEP_SUMMARY: dir }, '--traces', join(dir, 't'), '--out', join(dir, 'r.md')), /^lockstep: GITHUB_STEP_SUMMARY=.*: cannot append \(a folder, not a file\)$/m);
    writeFileSync(join(dir, 'file'), 'x');
    oneLine(review({}, '--traces', join(dir, 'file'), '--out', join(dir, 'r.md')), /^lockstep: --traces .*file: not a folder \(a file\)$/m);
  });
});
