/**
 * Overlay (套合) speed at county scale (bench/data/county: ~165 k land-use parcels, 3 200 patches, EPSG:4527),
 * all engines in ONE run with tinybench. tuban runs the full jobs; jsts (JTS classic overlay, snap-if-needed)
 * and turf.intersect + area run, for each of the four jobs, over a fixed deterministic sample — every k-th of the
 * SAME flatbush candidate pairs, SAMPLE in all, spread over the whole county — so µs/pair compares like with like. Throws are counted,
 * never fatal. tuban is also timed planar, the area jsts computes.
 *
 *   node --max-old-space-size=8000 --expose-gc --import tsx/esm bench/overlay-county.bench.ts [dir]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { intersect as turfIntersect, area as turfArea, featureCollection } from '@turf/turf';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import type { Feature as GjFeature, MultiPolygon, Polygon } from 'geojson';
import type { Layer } from '../src/geometry/types.js';
import { readLayer } from '../src/io/read.js';
import { layerIndex } from '../src/index/index.js';
import { tabulate, tabulateLayers } from '../src/overlay/tabulate.js';

const SAMPLE = 2000;
const dir = process.argv[2] ?? new URL('./data/county/', import.meta.url).pathname;
const wall0 = performance.now();
const load = (name: string) => readLayer(join(dir, `${name}.geojson`)).layer;
type Feature = { geometry: unknown };
type TurfPoly = GjFeature<Polygon | MultiPolygon>;
const rawFeatures = (name: string): Feature[] =>
  (JSON.parse(readFileSync(join(dir, `${name}.geojson`), 'utf8')) as { features: Feature[] }).features;

const patches = load('patches');
const layers = { landuse: load('landuse'), farmland: load('farmland'), planning: load('planning') };

/** Vertices of feature f (ring offsets count vertices; rings are stored open). */
function vertices(l: Layer, f: number): number {
  const r = l.ringOffsets, p = l.polygonOffsets, fo = l.featureOffsets;
  return r[p[fo[f + 1]]] - r[p[fo[f]]];
}

/** Flatbush candidate pairs (patch, feature) of left × right in patch order, and vertices they touch. */
function pairsOf(left: Layer, right: Layer): { pairs: [number, number][]; verts: number } {
  const idx = layerIndex(right);
  const b = left.bboxes;
  const pairs: [number, number][] = [];
  let verts = 0;
  for (let p = 0; p < left.featureCount; p++) {
    const hits = idx.search(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3]);
    if (hits.length > 0) verts += vertices(left, p);
    for (const f of hits) {
      pairs.push([p, f]);
      verts += vertices(right, f);
    }
  }
  return { pairs, verts };
}

const jobs = [
  { name: 'patches × farmland', left: patches, right: layers.farmland, run: () => tabulate(patches, layers.farmland, { measure: 'ellipsoidal' }) },
  { name: 'patches × landuse (DLBM)', left: patches, right: layers.landuse, run: () => tabulate(patches, layers.landuse, { classBy: 'DLBM', measure: 'ellipsoidal' }) },
  { name: 'patches × farmland, planar', left: patches, right: layers.farmland, run: () => tabulate(patches, layers.farmland, { measure: 'planar' }) },
  { name: 'patches × landuse (DLBM), planar', left: patches, right: layers.landuse, run: () => tabulate(patches, layers.landuse, { classBy: 'DLBM', measure: 'planar' }) },
  { name: 'patches × planning (GZQLXDM)', left: patches, right: layers.planning, run: () => tabulate(patches, layers.planning, { classBy: 'GZQLXDM', measure: 'ellipsoidal' }) },
  { name: 'landuse × farmland (tabulateLayers)', left: layers.landuse, right: layers.farmland, run: () => tabulateLayers(layers.landuse, layers.farmland, { leftClassBy: 'DLBM' }) },
];
const cand = jobs.map((j) => pairsOf(j.left, j.right));
const loadMs = performance.now() - wall0;

// tuban, full jobs. Patch jobs: two warm-up runs each (JIT, and the per-feature checks tuban caches with a
// layer), then the median of 7; jsts alike. The whole-layer job is big: its first run is timed on its own (it
// checks every feature of both layers the patch jobs have not touched), then the median of 3 warm runs. turf, a hundred times slower, gets one warm-up and the median of 3. The cold, whole-process
// cost is what bench/overlay-geos.bench.ts measures.
const bench = new Bench({ iterations: 7, time: 0, warmup: true, warmupIterations: 2, warmupTime: 0 });
// A full collection before each task's warm-up and timed phase (with --expose-gc), untimed and the same for every
// engine, so no task pays for the garbage of the loading or of the task before it — and then a second's pause, also
// untimed: the collector goes on sweeping a heap of over a gigabyte on its background threads after gc() returns, and
// on two cores that slowed the next runs (a short task's first four or five: patches × planning 20–27 ms a run
// against 9.6 settled, so that the median of 7 was 21.5 ms; a 190 ms jsts pass absorbs it within its first run).
const gc = (globalThis as { gc?: () => void }).gc;
const SETTLE_MS = 1000;
const settle = async (): Promise<void> => {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
};
const opts = { async: false, beforeAll: settle } as const;
const slow = new Bench({ iterations: 3, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
const big = new Bench({ iterations: 3, time: 0, warmup: false });
for (const j of jobs) (j.left === patches ? bench : big).add(j.name, j.run, opts);

// jsts / turf on a sample of the candidate pairs of each of the four jobs (parsing not timed).
const reader = new GeoJSONReader(new GeometryFactory());
const raw: Record<string, Feature[]> = { patches: rawFeatures('patches') };
const throws: Record<string, number> = {};
const samples: { job: number; engine: string; n: number; bench: Bench }[] = [];
const jstsRuns: { job: number; n: number; run: () => unknown }[] = [];
const unreadable: Record<string, number> = {};
const countThrows: (() => void)[] = [];
const sampled = [
  [0, 'patches', 'farmland'],
  [1, 'patches', 'landuse'],
  [4, 'patches', 'planning'],
  [5, 'landuse', 'farmland'],
] as const;
for (const [job, leftName, rightName] of sampled) {
  const left = (raw[leftName] ??= rawFeatures(leftName));
  const right = (raw[rightName] ??= rawFeatures(rightName));
  const all = cand[job].pairs;
  const step = Math.max(1, Math.floor(all.length / SAMPLE));
  // Pairs whose GeoJSON jsts cannot even read (the fixture's unclosed-ring patch) are left out of both samples
  // and counted: they would be a throw before any overlay.
  const readable = (g: unknown): boolean => {
    try { reader.read(g); return true; } catch { return false; }
  };
  const spread = all.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const sample = spread.filter(([p, f]) => readable(left[p].geometry) && readable(right[f].geometry));
  unreadable[jobs[job].name] = spread.length - sample.length;
  const jp = sample.map(([p, f]) => [reader.read(left[p].geometry), reader.read(right[f].geometry)] as const);
  const tp = sample.map(([p, f]) => featureCollection([left[p], right[f]] as unknown as TurfPoly[]));
  const jk = `jsts ${jobs[job].name}`, tk = `turf ${jobs[job].name}`;
  // One pass over the sample each; returns the number of pairs that threw (counted once, by countThrows, outside
  // the timing).
  const jstsPass = (): number => {
    let thrown = 0;
    for (const [a, b] of jp) {
      try { SnapIfNeededOverlayOp.intersection(a, b).getArea(); } catch { thrown++; }
    }
    return thrown;
  };
  const turfPass = (): number => {
    let thrown = 0;
    for (const fc of tp) {
      try { const r = turfIntersect(fc); if (r !== null) turfArea(r); } catch { thrown++; }
    }
    return thrown;
  };
  jstsRuns.push({ job, n: sample.length, run: jstsPass });
  bench.add(jk, jstsPass, opts);
  slow.add(tk, turfPass, opts);
  samples.push({ job, engine: 'jsts', n: sample.length, bench }, { job, engine: 'turf', n: sample.length, bench: slow });
  countThrows.push(() => {
    throws[jk] = jstsPass();
    throws[tk] = turfPass();
  });
}
// One untimed pass over every tuban patch job and every jsts sample first, so that the first task timed does not
// also pay for the process settling after loading (the background sweeping of the freshly loaded 1 GB heap, the
// young generation growing to its working size): in earlier runs the first task was 10–30 % slower than the
// same job measured later in the same run.
for (const j of jobs) if (j.left === patches) j.run();
for (const r of jstsRuns) r.run();
await bench.run();
await slow.run();
for (const count of countThrows) count();
const layersJob = jobs.find((j) => j.left !== patches)!;
await settle();
const firstT0 = performance.now();
layersJob.run();
const firstLayersMs = performance.now() - firstT0;
await big.run();

// Paired rounds: the machine is shared and its speed drifts by ±20 % over a run, so tuban's tasks and jsts's
// above may meet different spells. Here each round times a tuban job and jsts on that job's sample back to back,
// each REPS times in a row as in the table (no GC forced in between: forcing one before every run shrinks V8's
// young generation and slows the allocating jsts by a third), which goes first alternating; the per-round ratio
// of µs/pair is free of the drift, and its median over the rounds is reported beside the table's ratio of
// medians.
const PAIRED_ROUNDS = 9;
const paired: string[] = [];
for (const [i, j] of jobs.entries()) {
  const s = jstsRuns.find((x) => jobs[x.job].right === j.right && jobs[x.job].left === j.left);
  if (s === undefined) continue;
  const rounds = j.left === patches ? PAIRED_ROUNDS : 5;
  const reps = j.left === patches ? 3 : 1;
  const ratios: number[] = [];
  const time = (f: () => void, n: number): number => {
    const t0 = performance.now();
    for (let k = 0; k < n; k++) f();
    return performance.now() - t0;
  };
  await settle();
  for (let r = 0; r < rounds; r++) {
    let tubanMs: number;
    let jstsMs: number;
    if (r % 2 === 0) {
      tubanMs = time(j.run, reps);
      jstsMs = time(s.run, reps);
    } else {
      jstsMs = time(s.run, reps);
      tubanMs = time(j.run, reps);
    }
    ratios.push(jstsMs / s.n / (tubanMs / cand[i].pairs.length));
  }
  ratios.sort((a, b) => a - b);
  paired.push(`| ${j.name} | ${rounds} | ×${ratios[rounds >> 1].toFixed(1)} | ×${ratios[0].toFixed(1)} – ×${ratios[rounds - 1].toFixed(1)} |`);
}

const meanMs = (b: Bench, name: string): number => {
  const r = b.getTask(name)?.result as { latency?: { p50: number }; error?: unknown } | undefined;
  if (r?.latency === undefined) throw new Error(`task ${name} did not complete: ${String(r?.error)}`);
  return r.latency.p50;
};
const fmt = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  '| job | candidate pairs | tuban time (ms) | tuban µs/pair | pairs/s | vertices/s | jsts µs/pair (×tuban) | turf µs/pair (×tuban) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
jobs.forEach((j, i) => {
  const ms = meanMs(j.left === patches ? bench : big, j.name);
  const { pairs, verts } = cand[i];
  const us = (ms * 1000) / pairs.length;
  const other = (engine: string) => {
    // The planar patch jobs share the samples of their ellipsoidal twins (same pairs).
    const s = samples.find((x) => jobs[x.job].right === j.right && jobs[x.job].left === j.left && x.engine === engine);
    if (s === undefined) return '—';
    const key = `${engine} ${jobs[s.job].name}`;
    const u = (meanMs(s.bench, key) * 1000) / s.n;
    const nThrows = throws[key];
    return `${fmt(u)} (×${fmt(u / us, 0)})${nThrows > 0 ? `, ${nThrows} throws/${s.n}` : ''}`;
  };
  lines.push(
    `| ${j.name} | ${pairs.length.toLocaleString('en-US')} | ${fmt(ms, 0)} | ${fmt(us, 2)} | ${fmt(pairs.length / (ms / 1000), 0)} | ` +
      `${fmt(verts / (ms / 1000), 0)} | ${other('jsts')} | ${other('turf')} |`,
  );
});
console.log(lines.join('\n'));
console.log(
  [
    '\nPaired rounds (tuban job and jsts sample back to back, 3 runs each in a row, 1 for land use × farmland; alternating which goes first):',
    '| job | rounds | jsts ÷ tuban, µs/pair, median of the rounds | lowest – highest round |',
    '|---|---:|---:|---:|',
    ...paired,
  ].join('\n'),
);
console.log(
  `\njsts/turf: every k-th candidate pair, ${SAMPLE} per job (left out, jsts cannot read their GeoJSON: ${JSON.stringify(unreadable)}); jsts median of 7 after 2 warm-ups, turf median of 3 after 1; tuban: patch jobs median of 7 after 2 warm-ups, tabulateLayers median of 3 after its first run (${fmt(firstLayersMs / 1000, 2)} s, with the first-use checks); ${gc ? `a full GC and a ${SETTLE_MS / 1000} s pause before each task, untimed` : 'no GC between tasks (run with --expose-gc)'}; ` +
    `tuban ellipsoidal; jsts planar area; turf on the projected coords (timing only, its area is not meaningful there). Load + index ${fmt(loadMs / 1000)} s. Peak RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB. ` +
    `Wall ${fmt((performance.now() - wall0) / 1000)} s.`,
);
