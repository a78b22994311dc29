/**
 * `npm run bench -- startup`: how long `lockstep --version` takes to start
 * from the installed package, as a ratio to `node -e 0` measured in the same
 * run (the machine is shared: read the ratio, not the milliseconds). The
 * package is packed and installed into an empty project first, as a user
 * gets it; the checkout's own entry (TypeScript through tsx) is shown beside.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from '../src/report/format.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 15;

/** Median wall time of a command, in milliseconds, over RUNS runs taken in turn with the others. */
function timeAll(commands: Record<string, string[]>, cwd: string): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, argv] of Object.entries(commands)) {
      const t = performance.now();
      const r = spawnSync(argv[0], argv.slice(1), { cwd, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
      samples[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.sort((a, b) => a - b)[Math.floor(v.length / 2)]]));
}

export function startupSection(): void {
  console.log('## Start-up\n');
  const packs = mkdtempSync(join(tmpdir(), 'lockstep-bench-pack-'));
  const project = mkdtempSync(join(tmpdir(), 'lockstep-bench-user-'));
  try {
    execFileSync('npm', ['pack', '--pack-destination', packs, '--silent'], { cwd: repo, stdio: 'pipe' });
    const tarball = join(packs, readdirSync(packs).find((f) => f.endsWith('.tgz'))!);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bench', version: '1.0.0', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project, stdio: 'pipe' });
    const node = process.execPath;
    const installed = join(project, 'node_modules/lockstep/bin/lockstep.js');
    const ms = timeAll(
      {
        'node -e 0': [node, '-e', '0'],
        'lockstep --version (installed)': [node, installed, '--version'],
        'lockstep check --requests 1 --workers 1 (installed)': [node, installed, 'check', '--requests', '1', '--workers', '1', '-q'],
        'lockstep --version (checkout, tsx)': [node, join(repo, 'bin/lockstep.js'), '--version'],
      },
      project,
    );
    const base = ms['node -e 0'];
    console.log(table([['command', 'median ms', 'x node -e 0'], ...Object.entries(ms).map(([k, v]) => [k, v.toFixed(0), (v / base).toFixed(1)])]));
    console.log(`\n(median of ${RUNS} runs each, the commands taken in turn)\n`);
  } finally {
    rmSync(packs, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  }
}
