/**
 * Overlay (套合) speed at county scale (bench/data/county: ~165 k land-use parcels, 3 200 patches, EPSG:4527),
 * all engines in ONE run with tinybench. tuban runs the full jobs; jsts (JTS classic overlay, snap-if-needed)
 * and turf.intersect + area run over a fixed deterministic sample — the first SAMPLE flatbush candidate pairs
 * — of the SAME candidate pairs, so µs/pair compares like with like. Throws are counted, never fatal.
 *
 *   node --max-old-space-size=8000 --import tsx/esm bench/overlay-county.bench.ts [dir]
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
  { name: 'patches × planning (GZQLXDM)', left: patches, right: layers.planning, run: () => tabulate(patches, layers.planning, { classBy: 'GZQLXDM', measure: 'ellipsoidal' }) },
  { name: 'landuse × farmland (tabulateLayers)', left: layers.landuse, right: layers.farmland, run: () => tabulateLayers(layers.landuse, layers.farmland, { leftClassBy: 'DLBM' }) },
];
const cand = jobs.map((j) => pairsOf(j.left, j.right));
const loadMs = performance.now() - wall0;

// tuban, full jobs. The whole-layer job is big: one timed iteration.
const bench = new Bench({ iterations: 3, time: 0, warmup: false });
const big = new Bench({ iterations: 1, time: 0, warmup: false });
for (const j of jobs) (j.left === patches ? bench : big).add(j.name, j.run);

// jsts / turf on the first SAMPLE pairs of patches × landuse and patches × farmland (parsing not timed).
const reader = new GeoJSONReader(new GeometryFactory());
const patchRaw = rawFeatures('patches');
const throws: Record<string, number> = {};
const samples: { job: number; engine: string; n: number }[] = [];
for (const [job, name] of [[1, 'landuse'], [0, 'farmland']] as const) {
  const raw = rawFeatures(name);
  const sample = cand[job].pairs.slice(0, SAMPLE);
  const jp = sample.map(([p, f]) => [reader.read(patchRaw[p].geometry), reader.read(raw[f].geometry)] as const);
  const tp = sample.map(([p, f]) => featureCollection([patchRaw[p], raw[f]] as unknown as TurfPoly[]));
  const jk = `jsts ${jobs[job].name}`, tk = `turf ${jobs[job].name}`;
  throws[jk] = throws[tk] = 0;
  bench.add(jk, () => {
    for (const [a, b] of jp) {
      try { SnapIfNeededOverlayOp.intersection(a, b).getArea(); } catch { throws[jk]++; }
    }
  });
  bench.add(tk, () => {
    for (const fc of tp) {
      try { const r = turfIntersect(fc); if (r !== null) turfArea(r); } catch { throws[tk]++; }
    }
  });
  samples.push({ job, engine: 'jsts', n: sample.length }, { job, engine: 'turf', n: sample.length });
}
await bench.run();
await big.run();

const meanMs = (b: Bench, name: string): number => {
  const r = b.getTask(name)?.result as { latency?: { mean: number }; error?: unknown } | undefined;
  if (r?.latency === undefined) throw new Error(`task ${name} did not complete: ${String(r?.error)}`);
  return r.latency.mean;
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
    const s = samples.find((x) => x.job === i && x.engine === engine);
    if (s === undefined) return '—';
    const key = `${engine} ${j.name}`;
    const u = (meanMs(bench, key) * 1000) / s.n;
    const nThrows = throws[key] / (bench.getTask(key)?.runs ?? 1); // the counter adds up over all runs
    return `${fmt(u)} (×${fmt(u / us, 0)})${nThrows > 0 ? `, ${nThrows} throws/${s.n}` : ''}`;
  };
  lines.push(
    `| ${j.name} | ${pairs.length.toLocaleString('en-US')} | ${fmt(ms, 0)} | ${fmt(us, 2)} | ${fmt(pairs.length / (ms / 1000), 0)} | ` +
      `${fmt(verts / (ms / 1000), 0)} | ${other('jsts')} | ${other('turf')} |`,
  );
});
console.log(lines.join('\n'));
console.log(
  `\njsts/turf: first ${SAMPLE} candidate pairs, 3 iterations; tuban: patch jobs 3 iterations, tabulateLayers 1; ` +
    `tuban ellipsoidal; jsts planar area; turf on the projected coords (timing only, its area is not meaningful there). Load + index ${fmt(loadMs / 1000)} s. Peak RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB. ` +
    `Wall ${fmt((performance.now() - wall0) / 1000)} s.`,
);
