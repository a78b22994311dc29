/**
 * Every file lockstep writes goes through here, so that the promise holds in
 * one place: a target is either absent, its old version, or complete; nothing
 * that is not a regular file is ever replaced (a symlink is written through,
 * as editors do, and stays a link); a failure is one line naming the target
 * and the reason; and no temporary file outlives the process, also when it
 * is interrupted (the CLI installs `installTempCleanup`).
 */
import {
  accessSync,
  appendFileSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/** Temporary files being written now: what an exit or a signal must remove. */
const live = new Set<string>();
let counter = 0;

/**
 * Writes `text` to `path` atomically: a temporary file beside the real
 * target, flushed, then renamed over it. `what` names the target in errors
 * (say `--out report.html`); by default the path itself.
 */
export function writeFileAtomic(path: string, text: string, what = path): void {
  const target = writableTarget(path, what);
  const tmp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${counter++}.tmp`);
  live.add(tmp);
  let fd: number | undefined;
  try {
    // 'wx': never follow or reuse something already at the temporary name.
    fd = openSync(tmp, 'wx', target.mode ?? 0o666);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target.path);
  } catch (e) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(tmp, { force: true });
    throw cannot('write', what, e);
  } finally {
    live.delete(tmp);
  }
}

/** Appends to a log-like file (GITHUB_STEP_SUMMARY): created if missing, refused if a folder. */
export function appendToFile(path: string, text: string, what = path): void {
  if (path === '') throw new UsageError(`${what}: an empty path`);
  const st = statOrNull(path, statSync);
  if (st?.isDirectory()) throw new UsageError(`${what}: cannot append (a folder, not a file)`);
  if (st && !st.isFile() && !st.isFIFO() && !st.isCharacterDevice()) throw new UsageError(`${what}: cannot append (${kindOf(st)})`);
  if (!st) folderFor(path, what);
  try {
    appendFileSync(path, text);
  } catch (e) {
    throw cannot('append to', what, e);
  }
}

/** An output folder (`--save DIR`): created if missing, refused if something else is there. */
export function ensureFolder(dir: string, what = dir): void {
  if (dir === '') throw new UsageError(`${what}: an empty path`);
  const st = statOrNull(dir, statSync);
  if (st && !st.isDirectory()) throw new UsageError(`${what}: not a folder (${kindOf(st)})`);
  if (!st) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw cannot('create the folder', what, e);
    }
  }
  if (!writable(dir, st ?? statSync(dir))) throw new UsageError(`${what}: cannot write into the folder (read-only)`);
}

/** Removes every temporary file still being written. Safe to call at any time. */
export function removeTempFiles(): void {
  for (const tmp of live) rmSync(tmp, { force: true });
  live.clear();
}

/** The temporary files being written now (for tests). */
export function liveTempFiles(): string[] {
  return [...live];
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

/**
 * Removes temporary files on exit and on SIGINT, SIGTERM and SIGHUP. A
 * signal with no other listener then takes its default course (the process
 * ends with 128 + the signal's number, as without this hook); with another
 * listener (a partial report, say), that listener decides. Because a write
 * is synchronous, a signal that arrives during one is handled after it: the
 * target is complete and the temporary file gone, or, if the write failed,
 * gone too.
 */
export function installTempCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeTempFiles);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      removeTempFiles();
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

interface Target {
  /** The regular file to replace or create: the path itself or where its symlinks lead. */
  path: string;
  /** The existing file's permission bits, kept by the new version. */
  mode?: number;
}

function writableTarget(path: string, what: string): Target {
  if (path === '') throw new UsageError(`${what}: an empty path`);
  const real = followLinks(path, what);
  const st = statOrNull(real, lstatSync);
  if (st === null) {
    folderFor(real, what);
    return { path: real };
  }
  if (!st.isFile()) throw new UsageError(`${what}: cannot write (${kindOf(st)}, not a regular file)`);
  if (!writable(real, st)) throw new UsageError(`${what}: cannot write (the file is read-only)`);
  folderFor(real, what);
  return { path: real, mode: st.mode & 0o7777 };
}

/** Where a chain of symlinks leads (the last link's target may not exist yet). */
function followLinks(path: string, what: string): string {
  let at = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const st = statOrNull(at, lstatSync);
    if (st === null || !st.isSymbolicLink()) return at;
    at = resolve(dirname(at), readlinkSync(at));
  }
  throw new UsageError(`${what}: cannot write (too many levels of symbolic links)`);
}

/** The folder a new file goes into must exist, be a folder, and be writable. */
function folderFor(path: string, what: string): void {
  const dir = dirname(resolve(path));
  const st = statOrNull(dir, statSync);
  if (st === null) throw new UsageError(`${what}: cannot write (the folder ${dir} does not exist)`);
  if (!st.isDirectory()) throw new UsageError(`${what}: cannot write (${dir} is not a folder)`);
  if (!writable(dir, st)) throw new UsageError(`${what}: cannot write (the folder ${dir} is read-only)`);
}

/**
 * Writable by us. As root, access() says yes to everything, so the
 * permission bits are asked too: a file or folder that nobody may write is
 * read-only for lockstep, as it is for an editor.
 */
function writable(path: string, st: Stats): boolean {
  if ((st.mode & 0o222) === 0) return false;
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function statOrNull(path: string, stat: typeof statSync | typeof lstatSync): Stats | null {
  try {
    return stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return null;
    throw new UsageError(`${path}: cannot look at it (${reason(e)})`);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return st.isFile() ? 'a file' : 'not a regular file';
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'a file of the temporary name is in the way',
  EIO: 'input/output error',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EFBIG: 'the file is too large',
  EXDEV: 'the target is on another file system',
};

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === undefined ? 'error' : REASONS[code] ? `${REASONS[code]}, ${code}` : code;
}

function cannot(doing: string, what: string, e: unknown): UsageError {
  return e instanceof UsageError ? e : new UsageError(`${what}: cannot ${doing} (${reason(e)})`);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing: the first error is the one to report.
  }
}
