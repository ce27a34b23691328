/**
 * All cores (issue 7): speed-up of tabulateParallel / tabulateLayersParallel over the single-threaded functions
 * at county scale (bench/data/county: 3 200 patches, 165 147 land-use parcels, 36 320 farmland polygons,
 * EPSG:4527; generated when missing), with tinybench, for each thread count asked. Each parallel result is
 * first checked to be identical to the single-threaded one (util.isDeepStrictEqual: numbers by Object.is).
 *
 *   node --max-old-space-size=8000 --import tsx/esm bench/parallel.bench.ts [dir] [--threads 1,2]
 *
 * Two regimes:
 * - warm: the same layer objects every run, so the per-layer work cached with a layer (spatial index, feature
 *   checks — in this thread for threads = 1, in each worker for the kept pool) is done once, in the warm-up;
 * - cold: fresh layer objects every run (same arrays, so nothing is re-read), so each run pays for the
 *   spatial index and the feature checks — in every worker — and the one copy into shared memory.
 * Worker start-up is left out of both (a kept pool, createTabulatePool) and timed on its own: from the
 * TypeScript sources it includes compiling them through tsx, which the built package does not do.
 *
 * The machine may be shared, so: before each timed run the bench waits (up to 30 s; `--no-wait` to skip) for
 * a quiet second, in which other processes used under 10 % of one core (Linux /proc/stat); next to the
 * wall-clock medians the table gives the CPU time of this process (all threads, process.cpuUsage) and of all
 * other processes during the run; and the bench measures how many cores are free at its start and end (CPU
 * time over wall time of N threads spinning on arithmetic). A speed-up can only be read against those.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Bench } from 'tinybench';
import type { Layer } from '../src/geometry/types.js';
import { readLayer } from '../src/io/read.js';
import { tabulate, tabulateLayers } from '../src/overlay/tabulate.js';
import { type TabulatePool, createTabulatePool, tabulateLayersParallel, tabulateParallel } from '../src/parallel/tabulate-parallel.js';

const args = process.argv.slice(2);
const threadsArg = args.indexOf('--threads');
const threadCounts = (threadsArg >= 0 ? args[threadsArg + 1] : '1,2').split(',').map(Number);
const dir = args.find((a, i) => !a.startsWith('--') && (threadsArg < 0 || i !== threadsArg + 1)) ?? new URL('./data/county/', import.meta.url).pathname;
const wait = !args.includes('--no-wait');
if (!existsSync(join(dir, 'landuse.geojson'))) {
  console.log(`generating the county fixture into ${dir} …`);
  const r = spawnSync('npx', ['tsx', 'fixtures/generate.ts', '--scale', 'county', '--seed', '1', '--out', dir], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('fixture generation failed');
}

/** Cores this process gets now: CPU time / wall time of `n` threads each spinning for about 0.3 s. */
async function freeCores(n: number): Promise<number> {
  const code = `require('node:worker_threads').parentPort.once('message', (m) => { let x = 0; for (let i = 0; i < 1.2e8; i++) x += Math.sqrt(i); require('node:worker_threads').parentPort.postMessage(x); });`;
  const ws = Array.from({ length: n }, () => new Worker(code, { eval: true }));
  await new Promise((r) => setTimeout(r, 200)); // let them start
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(ws.map((w) => new Promise((r) => { w.once('message', r); w.postMessage(0); })));
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  await Promise.all(ws.map((w) => w.terminate()));
  return (c.user + c.system) / 1000 / wall;
}
const maxThreads = Math.max(...threadCounts);

/** CPU time of every process on the machine so far, ms (Linux; NaN elsewhere). */
function machineCpuMs(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (f[0] + f[1] + f[2]) * (1000 / 100); // user, nice, system in USER_HZ = 100 ticks per second
  } catch {
    return NaN;
  }
}

/** Waits for a second in which other processes use under 10 % of a core (at most `maxMs`). */
async function quiet(maxMs = 30_000): Promise<void> {
  const until = performance.now() + maxMs;
  while (wait && performance.now() < until) {
    const m0 = machineCpuMs();
    const c0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const c = process.cpuUsage(c0);
    const others = machineCpuMs() - m0 - (c.user + c.system) / 1000;
    if (!(others >= 100)) return;
  }
}
const coresBefore = await freeCores(maxThreads);

const wall0 = performance.now();
const load = (name: string): Layer => readLayer(join(dir, `${name}.geojson`)).layer;
const patches = load('patches');
const landuse = load('landuse');
const farmland = load('farmland');
const loadMs = performance.now() - wall0;

/** A new layer object over the same arrays: every per-layer cache (WeakMap by object) misses. */
const fresh = (l: Layer): Layer => ({ ...l });

const pools = new Map<number, TabulatePool>();
let startupMs = 0;
for (const t of threadCounts) {
  if (t === 1) continue;
  const t0 = performance.now();
  const pool = createTabulatePool(t);
  await tabulateParallel(fresh(patches), fresh(patches), { measure: 'planar', pool, chunkSize: 1 }); // every worker up
  startupMs = Math.max(startupMs, performance.now() - t0);
  pools.set(t, pool);
}

interface Job {
  readonly name: string;
  readonly one: (a: Layer, b: Layer) => unknown;
  readonly par: (a: Layer, b: Layer, pool: TabulatePool) => Promise<unknown>;
  readonly left: Layer;
  readonly right: Layer;
  readonly iterations: number;
}
const jobs: Job[] = [
  {
    name: 'patches × landuse (DLBM)',
    one: (a, b) => tabulate(a, b, { classBy: 'DLBM' }),
    par: (a, b, pool) => tabulateParallel(a, b, { classBy: 'DLBM', pool }),
    left: patches,
    right: landuse,
    iterations: 5,
  },
  {
    name: 'landuse × farmland (tabulateLayers)',
    one: (a, b) => tabulateLayers(a, b, { leftClassBy: 'DLBM' }),
    par: (a, b, pool) => tabulateLayersParallel(a, b, { leftClassBy: 'DLBM', pool }),
    left: landuse,
    right: farmland,
    iterations: 2,
  },
];

const key = (job: string, regime: string, t: number): string => `${job} | ${regime} | ${t}`;
const results = new Map<string, number>();
const cpu = new Map<string, number[]>();
const othersCpu = new Map<string, number[]>();
const push = (m: Map<string, number[]>, k: string, v: number): void => {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
};
/** Runs f, adding its process CPU time (ms, all threads) and that of other processes to the samples of `name`. */
async function timedCpu(name: string, f: () => unknown): Promise<void> {
  const m0 = machineCpuMs();
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  const ours = (c.user + c.system) / 1000;
  push(cpu, name, ours);
  push(othersCpu, name, machineCpuMs() - m0 - ours);
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const job of jobs) {
  // Identity first (this is also the warm-up of the warm regime).
  const reference = job.one(job.left, job.right);
  for (const [t, pool] of pools) {
    if (!isDeepStrictEqual(await job.par(job.left, job.right, pool), reference)) throw new Error(`${job.name}: ${t} threads differ from 1`);
  }
  for (const regime of ['warm', 'cold'] as const) {
    const bench = new Bench({ iterations: job.iterations, time: 0, warmup: false });
    for (const t of threadCounts) {
      const name = key(job.name, regime, t);
      const args = (): [Layer, Layer] => (regime === 'warm' ? [job.left, job.right] : [fresh(job.left), fresh(job.right)]);
      const pool = pools.get(t);
      const hooks = { beforeEach: () => quiet() };
      if (pool === undefined) bench.add(name, () => timedCpu(name, () => job.one(...args())), hooks);
      else bench.add(name, () => timedCpu(name, () => job.par(...args(), pool)), hooks);
    }
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result as { latency?: { p50: number }; error?: unknown } | undefined;
      if (r?.latency === undefined) throw new Error(`task ${task.name} did not complete: ${String(r?.error)}`);
      results.set(task.name, r.latency.p50);
    }
  }
}
for (const pool of pools.values()) await pool.close();

const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const coresAfter = await freeCores(maxThreads);
const lines = [
  `| job | regime | ${threadCounts.map((t) => `${t} thread${t > 1 ? 's' : ''}: wall / CPU / others' CPU (ms)`).join(' | ')} | speed-up (wall) | CPU ÷ 1-thread CPU |`,
];
lines.push(`|---|---|${threadCounts.map(() => '---:').join('|')}|---|---|`);
for (const job of jobs) {
  for (const regime of ['warm', 'cold']) {
    const ms = threadCounts.map((t) => results.get(key(job.name, regime, t)) as number);
    const cp = threadCounts.map((t) => median(cpu.get(key(job.name, regime, t)) as number[]));
    const oth = threadCounts.map((t) => median(othersCpu.get(key(job.name, regime, t)) as number[]));
    const i1 = Math.max(0, threadCounts.indexOf(1));
    lines.push(
      `| ${job.name} | ${regime} | ${ms.map((m, i) => `${fmt(m)} / ${fmt(cp[i])} / ${fmt(oth[i])}`).join(' | ')} | ` +
        `${ms.map((m) => `×${fmt(ms[i1] / m, 2)}`).join(' / ')} | ${cp.map((c) => fmt(c / cp[i1], 2)).join(' / ')} |`,
    );
  }
}
console.log(lines.join('\n'));
console.log(
  `\n${wait ? 'each run after a quiet second (others < 10 % of a core); ' : ''}median of ${jobs.map((j) => `${j.iterations} (${j.name})`).join(', ')} runs; ellipsoidal measure; results identical at every thread count. ` +
    `Worker start-up from the sources (tsx): ${fmt(startupMs)} ms for the largest pool. Load ${fmt(loadMs / 1000, 1)} s. ` +
    `${availableParallelism()} cores, of which free for ${maxThreads} spinning threads: ${fmt(coresBefore, 2)} before, ${fmt(coresAfter, 2)} after (shared machine). Peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB. ` +
    `Wall ${fmt((performance.now() - wall0) / 1000, 1)} s.`,
);
