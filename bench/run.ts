/**
 * `npm run bench`: the speed and memory figures, measured in one run on this
 * machine. Rates are reported beside an in-process baseline (the naive
 * search in bench/naive.ts) so that the ratios survive a noisy, shared
 * machine; absolute times are printed too, but read the ratios.
 *
 *   npm run bench                 everything
 *   npm run bench -- exhaustive   only the exhaustive engine (and liveness)
 *   npm run bench -- fuzz         only random exploration
 *   npm run bench -- startup      only the start-up of the installed package
 */
import { cpus } from 'node:os';
import { propertiesFor } from '../properties/index.ts';
import { checkDesign, type ProtocolReport } from '../protocol/builtin.ts';
import { explore } from '../src/engine/explore.ts';
import { fuzz } from '../src/engine/fuzz.ts';
import { bytes, count, table } from '../src/report/format.ts';
import type { Config } from '../spec/config.ts';
import { KNOBS, KNOB_NAMES } from '../spec/knobs.ts';
import { protocolModel } from '../spec/model.ts';
import { naiveSearch } from './naive.ts';
import { startupSection } from './startup.ts';

const only = process.argv[2];
const fixed = (n: number, d = 2) => n.toFixed(d);
const REPEATS = 3;

function exhaustiveSection(): void {
  console.log(`## Exhaustive search (node ${process.version}, ${cpus().length} cores: ${cpus()[0]?.model ?? '?'})\n`);
  const defaults: Partial<Config> = { requests: 2, crashes: 1, cuts: 1 };
  const larger: Partial<Config> = { requests: 2, crashes: 1, cuts: 2 };

  const baseline = naiveSearch(protocolModel(defaults), 150_000);
  const baseRate = baseline.transitions / baseline.seconds;
  console.log(
    `baseline (immer + JSON.stringify + Set of strings, first ${count(baseline.states)} states): ${count(baseline.states / baseline.seconds)} states/s, ${count(baseRate)} transitions/s\n`,
  );

  const rows: string[][] = [
    ['config', 'properties', 'workers', 'states', 'transitions', 'seconds', 'states/s', 'transitions/s', 'x baseline', 'x 1 worker', 'table B/state', 'peak RSS'],
  ];
  const runs: { name: string; config: Partial<Config>; liveness: boolean; symmetry?: boolean }[] = [
    { name: '2 req, 1 crash, 1 cut', config: defaults, liveness: false },
    { name: '2 req, 1 crash, 1 cut', config: defaults, liveness: true },
    { name: '2 req, 1 crash, 2 cuts', config: larger, liveness: false },
    { name: '2 req, 1 crash, 2 cuts', config: larger, liveness: false, symmetry: true },
  ];
  const secondsOf = new Map<string, number>();
  for (const r of runs) {
    // Best of REPEATS, one and two workers taken in turn, so that a burst of
    // load from elsewhere on a shared machine does not decide the ratio.
    const best = new Map<number, ProtocolReport>();
    for (let rep = 0; rep < REPEATS; rep++) {
      for (const workers of [1, 2]) {
        const { report } = checkDesign(r.config, { workers, liveness: r.liveness, symmetry: r.symmetry });
        if (!best.has(workers) || report.seconds < best.get(workers)!.seconds) best.set(workers, report);
      }
    }
    let oneWorker = 0;
    for (const [workers, report] of best) {
      const rate = report.transitions / report.seconds;
      if (workers === 1) oneWorker = rate;
      rows.push([
        r.name,
        r.liveness ? 'safety + liveness' : r.symmetry ? 'safety, symmetry' : 'safety',
        String(workers),
        count(report.states),
        count(report.transitions),
        fixed(report.seconds),
        count(report.states / report.seconds),
        count(rate),
        fixed(rate / baseRate, 1),
        fixed(rate / oneWorker),
        fixed(report.bytesPerState, 1),
        bytes(report.peakRssBytes),
      ]);
      if (!r.symmetry) secondsOf.set(`${r.name}|${r.liveness}|${workers}`, report.seconds);
      if (r.liveness && report.liveness && workers === 1) {
        const l = report.liveness;
        console.log(
          `liveness pass (1 worker): ${fixed(l.seconds)} s of SCC analysis after a ${fixed(report.searchSeconds)} s search that also recorded the graph; ` +
            `graph ${bytes(l.graphBytes)} = ${fixed(l.bytesPerState, 1)} B/state extra\n`,
        );
      }
    }
  }
  console.log(table(rows));
  const ratio = (w: number) => fixed(secondsOf.get(`${runs[1].name}|true|${w}`)! / secondsOf.get(`${runs[0].name}|false|${w}`)!);
  console.log(`\nsafety + liveness / safety alone, at the defaults: ${ratio(1)}x with 1 worker, ${ratio(2)}x with 2`);
  console.log(
    `\n(each row is the best of ${REPEATS} runs, one and two workers in turn; worker threads are kept from one search to the next, as in \`lockstep matrix\`, so the best run is one with warm threads, like the one-worker runs after the first; "x 1 worker" compares transitions/s with the one-worker row above it; peak RSS is the whole process's so far)\n`,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function fuzzSection(): void {
  console.log('## Random exploration: time to the first violation, and shrinking\n');
  const seeds = [1, 2, 3, 4, 5];
  const large = { requests: 4, crashes: 2, cuts: 2 };
  // Shortest counterexamples at the defaults, from exhaustive search.
  const shortest = new Map<string, number>();
  for (const knob of KNOB_NAMES) {
    const model = protocolModel({ knobs: [knob] });
    for (const p of explore(model, propertiesFor(model.config)).properties) {
      if (p.verdict === 'violated') shortest.set(`${knob}/${p.name}`, p.length!);
    }
  }
  const rows: string[][] = [['knob', 'property', 'median s (4/2/2)', 'max s', 'shrunk steps (4/2/2)', 'faults', 'shrunk at defaults', 'BFS shortest', 'ratio']];
  for (const knob of KNOB_NAMES) {
    for (const name of KNOBS[knob].breaks) {
      const times: number[] = [];
      const lengths: number[] = [];
      const faults: number[] = [];
      const atDefaults: number[] = [];
      for (const seed of seeds) {
        const model = protocolModel({ ...large, knobs: [knob] });
        const property = propertiesFor(model.config).find((p) => p.name === name)!;
        const r = fuzz(model, [property], { runs: 100_000, maxSteps: 100, seed });
        times.push(r.seconds);
        lengths.push(r.failure ? r.failure.shrunk.steps : NaN);
        faults.push(r.failure ? r.failure.shrunk.faults : NaN);
        const small = protocolModel({ knobs: [knob] });
        const d = fuzz(small, [propertiesFor(small.config).find((p) => p.name === name)!], { runs: 100_000, maxSteps: 100, seed });
        atDefaults.push(d.failure ? d.failure.shrunk.steps : NaN);
      }
      const best = shortest.get(`${knob}/${name}`) ?? NaN;
      rows.push([
        knob,
        name,
        fixed(median(times)),
        fixed(Math.max(...times)),
        String(median(lengths)),
        String(median(faults)),
        String(median(atDefaults)),
        String(best),
        fixed(median(atDefaults) / best),
      ]);
    }
  }
  console.log(table(rows));
  console.log(`\n(${seeds.length} seeds each; up to 100,000 schedules of up to 100 steps; "ratio" = median shrunk length at the defaults / the shortest counterexample exhaustive search finds there)\n`);
}

if (!only || only === 'exhaustive') exhaustiveSection();
if (!only || only === 'fuzz') fuzzSection();
if (!only || only === 'startup') startupSection();
