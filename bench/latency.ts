/**
 * The performance thorn, measured on the real implementation: the client
 * sends at a fixed rate, the router delays every logging-channel frame
 * (entries p -> b, acks b -> p) by 0, 1, 5 or 10 ms and everything else not
 * at all, and the client measures each request's latency to its first
 * answer. With the Output Rule the primary holds each output until the
 * backup's ack, so latency grows by the round trip on the logging channel;
 * without it, it does not (and the design is not fault tolerant). A
 * flow-control window (paper 3.2) caps the unacknowledged entries: a small
 * one caps throughput at window / round trip. Then the
 * conformance loop's own speed: schedules per second and the time of one
 * 30-step schedule.
 *
 *   npx tsx bench/latency.ts           both parts
 *   npx tsx bench/latency.ts latency   the latency table only
 */
import { fileURLToPath } from 'node:url';
import { FtAdapter } from '../conform/ft-adapter.ts';
import { runConformance } from '../conform/run.ts';
import { propertiesFor } from '../properties/index.ts';
import { makeConfig } from '../spec/config.ts';
import { protocolModel } from '../spec/model.ts';
import { bundle } from '../src/conform/bundle.ts';
import { runSchedule } from '../src/conform/loop.ts';
import { World } from '../src/conform/world.ts';

const RATE = 200; // requests per second
const SECONDS = 1;
const DELAYS = [0, 1, 5, 10];
const WINDOWS: (number | null)[] = [null, 1, 8, 64];

async function latencyRun(js: string, delayMs: number, outputRule: boolean, window: number | null) {
  const world = await World.create();
  try {
    world.router.virtualAddress('service', 'p');
    const logging = new Set(['p>b', 'b>p']);
    world.router.autoDelay = (f) => (logging.has(`${f.from}>${f.to}`) ? delayMs : 0);
    const flags = ['--clock', 'real', '--tick', '5', '--timeout', '60000', '--heartbeat', '20', '--auto', '--output-rule', outputRule ? 'on' : 'off'];
    if (window !== null) flags.push('--window', String(window));
    const host = (name: string, ...args: string[]) => ({ name, command: process.execPath, args: [js, ...args, ...flags] });
    await world.fresh([host('p', 'vm', 'p', 'primary'), host('b', 'vm', 'b', 'backup'), host('s', 'arbiter'), host('c', 'client')]);
    const client = world.host('c');
    const n = Math.round(RATE * SECONDS);
    const started = performance.now();
    for (let i = 1; i <= n; i++) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      void client.request({ cmd: 'send', req: i });
    }
    // Wait for every answer (a small window holds requests back), at most 10 s.
    let got: { ms: number[]; span: number };
    for (const until = performance.now() + 10_000; ; ) {
      got = (await client.request({ cmd: 'latencies' })) as { ms: number[]; span: number };
      if (got.ms.length >= n || performance.now() > until) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const lat = got.ms.sort((a, b) => a - b);
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
    return { answered: lat.length, sent: n, median: q(0.5), p99: q(0.99), throughput: lat.length / (got.span / 1000) };
  } finally {
    await world.stop();
  }
}

async function latencySection(): Promise<void> {
  const js = await bundle(fileURLToPath(new URL('../impl/main.ts', import.meta.url)));
  console.log(`## Reply latency (client at ${RATE} requests/s for ${SECONDS} s; logging channel delayed by the router)\n`);
  const rows = [['logging delay', 'Output Rule', 'window', 'answered', 'median ms', 'p99 ms', 'answers/s']];
  for (const d of DELAYS) {
    for (const rule of [true, false]) {
      for (const w of WINDOWS) {
        const r = await latencyRun(js, d, rule, w);
        rows.push([`${d} ms`, rule ? 'on' : 'off', w === null ? 'none' : String(w), `${r.answered}/${r.sent}`, r.median.toFixed(2), r.p99.toFixed(2), r.throughput.toFixed(0)]);
      }
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
  console.log();
}

async function conformSection(): Promise<void> {
  console.log('## Conformance loop speed\n');
  const r = await runConformance({ schedules: 60, seed: 1 });
  const n = r.schedules.traces + r.schedules.random + r.schedules.aimed;
  console.log(`${n} schedules, ${r.steps} steps in ${r.seconds.toFixed(1)} s: ${(n / r.seconds).toFixed(1)} schedules/s, ${(r.steps / r.seconds).toFixed(0)} steps/s, ${r.processesStarted} processes started`);
  // One 30-step schedule without a crash, processes already running: the loop's cost per step.
  const config = makeConfig({ crashes: 0 });
  const model = protocolModel(config);
  const adapter = await FtAdapter.create({ config });
  try {
    const props = propertiesFor(config).filter((p) => p.kind !== 'eventually');
    const choices = Array.from({ length: 30 }, (_, i) => (i * 7919) % 4096);
    await runSchedule(model, adapter, props, { choices });
    const times: number[] = [];
    let steps = 0;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const run = await runSchedule(model, adapter, props, { choices: choices.map((c) => c + i) });
      times.push(performance.now() - t);
      steps = run.actions.length;
    }
    times.sort((a, b) => a - b);
    console.log(`one schedule of ${steps} steps across the four processes (no crash): median ${times[5].toFixed(0)} ms`);
  } finally {
    await adapter.stop();
  }
}

// `npm run bench -- latency` runs both parts, as does running this file alone; `... latency.ts latency` only the table.
const only = process.argv[1]?.endsWith('latency.ts') ? process.argv[2] : undefined;
if (only === undefined || only === 'latency') await latencySection();
if (only === undefined || only === 'conform') await conformSection();
