/**
 * lockstep as a user installs it: `npm pack`, then `npm install` of the
 * tarball into an empty project outside the repository, and there the bin,
 * a protocol written in that project against the public API, and a plain
 * Node script that imports the API. What is in the tarball is what users
 * get: compiled JavaScript and declarations, no tests, no TypeScript build
 * on start-up.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(new URL('./package/', import.meta.url));
let project: string;
let files: string[];

function run(cmd: string, args: string[], cwd = project) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lockstep = (...args: string[]) => run(process.execPath, [join(project, 'node_modules/lockstep/bin/lockstep.js'), ...args]);

beforeAll(() => {
  const packs = mkdtempSync(join(tmpdir(), 'lockstep-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', packs, '--silent'], { cwd: repo, stdio: 'pipe', timeout: 240_000 });
  const tarball = join(packs, readdirSync(packs).find((f) => f.endsWith('.tgz'))!);
  files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  project = mkdtempSync(join(tmpdir(), 'lockstep-user-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-team', version: '1.0.0', private: true, type: 'module' }));
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball]);
  if (install.code !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  copyFileSync(join(here, 'my-protocol.ts'), join(project, 'my-protocol.ts'));
  copyFileSync(join(here, 'api-script.mjs'), join(project, 'api-script.mjs'));
  rmSync(packs, { recursive: true, force: true });
}, 480_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the published tarball', () => {
  it('holds compiled JavaScript with declarations, the bin and the schema, and no tests, benches or CI scripts', () => {
    expect(files).toContain('package/dist/src/index.js');
    expect(files).toContain('package/dist/src/index.d.ts');
    expect(files).toContain('package/dist/protocol/cli.js');
    expect(files).toContain('package/bin/lockstep.js');
    expect(files).toContain('package/schema/trace.schema.json');
    expect(files.filter((f) => /\.test\.|\/test\/|\/bench\/|\.ci\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('declares every module the CLI imports at run time as a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg.private).toBeUndefined();
    for (const dep of ['commander', 'esbuild', 'fast-check', 'immer', 'tsx']) expect(Object.keys(pkg.dependencies)).toContain(dep);
  });
});

describe('installed into an empty project', () => {
  it('answers --version', () => {
    const r = lockstep('--version');
    expect([r.code, r.stdout.trim()]).toEqual([0, JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version]);
  });

  it('checks the built-in protocol, as JSON', () => {
    const r = lockstep('check', '--requests', '1', '--json', '-q');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ protocol: 'vmware-ft', outcome: 'holds', complete: true });
    expect(result.properties.map((p: { outcome: string }) => p.outcome)).toEqual(['holds', 'holds', 'holds', 'witnessed', 'holds']);
  });

  it("checks the team's own protocol, written in TypeScript against the API, with every command", () => {
    const ok = lockstep('matrix', '--protocol', './my-protocol.ts', '-q', '--workers', '2');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ack-before-copy\s+VIOLATED\(4\) ok/);
    const bad = lockstep('check', '--protocol', './my-protocol.ts', '--knob', 'ack-before-copy', '-q', '--save', 'traces');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/noLostWrite\s+always\s+violated \(4 steps\)/);
    const replay = lockstep('replay', '--protocol', './my-protocol.ts', 'traces');
    expect(replay.code, replay.stderr).toBe(0);
    const page = lockstep('explore', '--protocol', './my-protocol.ts', 'traces/ack-before-copy--noLostWrite.json', '--out', 'page.html');
    expect(page.code, page.stderr).toBe(0);
    expect(readFileSync(join(project, 'page.html'), 'utf8')).not.toMatch(/require\("/);
    // A trace of this protocol is not a trace of the built-in one.
    const wrong = lockstep('replay', 'traces/ack-before-copy--noLostWrite.json');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toMatch(/^lockstep: .*a trace of protocol "copy-then-ack", not of vmware-ft/);
  });

  it('runs a plain Node script that imports the API and checks a toy model', () => {
    const r = run(process.execPath, ['api-script.mjs']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ outcome: 'violated', length: 6, holdsAt3: 'holds' });
    expect(out.trace).toMatchObject({ format: 'lockstep-trace', protocol: 'jugs', property: 'notFour', expect: 'violated' });
    expect(out.thrown).toMatch(/notFour \(always\): violated in 6 steps/);
    expect(out.thrown).toMatch(/replay: lockstep check --protocol <the module that exports it> --big 5/);
  });

  it('keeps its dist out of the repository', () => {
    expect(existsSync(join(project, 'node_modules/lockstep/dist/src/cli/program.js'))).toBe(true);
  });
});
