/**
 * Overlay speed on the reference county (fixtures/reference/small-1): tuban's area-only kernel against jsts
 * (JTS classic overlay) and turf.intersect over the SAME flatbush candidate pairs.
 *
 *   node --import tsx/esm bench/overlay.bench.ts [--quick]
 *
 * Reported per layer: µs per patch–feature candidate pair and per patch. jsts and turf compute the
 * intersection polygon of every pair and take its planar area; tuban computes area(patch ∩ union of class)
 * for all candidates of a patch at once, which is the work a 套合 table needs.
 */
import { readFileSync } from 'node:fs';
import { intersect as turfIntersect, area as turfArea, featureCollection } from '@turf/turf';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import { fromGeoJSON } from '../src/geometry/layer.js';
import type { Layer } from '../src/geometry/types.js';
import { layerIndex } from '../src/index/index.js';
import { prepareLayer } from '../src/overlay/prepare.js';
import { tabulate } from '../src/overlay/tabulate.js';

const quick = process.argv.includes('--quick');
const dir = new URL('../fixtures/reference/small-1/', import.meta.url);
const json = (name: string) => JSON.parse(readFileSync(new URL(`${name}.geojson`, dir), 'utf8'));

function time(f: () => void, minMs = quick ? 200 : 1000): number {
  f(); // warm-up
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    f();
    n++;
    t = performance.now();
  }
  return (t - t0) / n;
}

const patchJson = json('patches');
const patches = fromGeoJSON(patchJson, { name: 'patches' }).layer;
const reader = new GeoJSONReader(new GeometryFactory());

function pairsOf(layer: Layer): [number, number][] {
  const idx = layerIndex(layer);
  const b = patches.bboxes;
  const pairs: [number, number][] = [];
  for (let p = 0; p < patches.featureCount; p++) {
    for (const f of idx.search(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3])) pairs.push([p, f]);
  }
  return pairs;
}

const rows: string[] = [];
for (const [name, classBy] of [
  ['landuse', 'DLBM'],
  ['farmland', undefined],
  ['planning', 'GZQLXDM'],
  ['townships', 'XZQDM'],
] as const) {
  const lj = json(name);
  const layer = fromGeoJSON(lj, { name }).layer;
  let t0 = performance.now();
  prepareLayer(layer).checkAll();
  prepareLayer(patches).checkAll();
  layerIndex(layer);
  const prepMs = performance.now() - t0;
  const pairs = pairsOf(layer);
  const ours = time(() => tabulate(patches, layer, { classBy, measure: 'planar' }));
  const oursEll = time(() => tabulate(patches, layer, { classBy, measure: 'ellipsoidal' }));
  // jsts / turf over the same candidate pairs (geometry parsing excluded from the timing).
  const pg = patchJson.features.map((f: { geometry: unknown }) => reader.read(f.geometry));
  const lg = lj.features.map((f: { geometry: unknown }) => reader.read(f.geometry));
  const sample = quick ? pairs.filter((_, i) => i % 10 === 0) : pairs;
  t0 = performance.now();
  let jstsFailed = 0;
  for (const [p, f] of sample) {
    try {
      SnapIfNeededOverlayOp.intersection(pg[p], lg[f]).getArea();
    } catch {
      jstsFailed++; // the self-intersecting patch: TopologyException
    }
  }
  const jsts = (performance.now() - t0) / sample.length;
  const turfSample = pairs.filter((_, i) => i % (quick ? 50 : 10) === 0);
  t0 = performance.now();
  for (const [p, f] of turfSample) {
    try {
      const r = turfIntersect(featureCollection([patchJson.features[p], lj.features[f]]));
      if (r !== null) turfArea(r);
    } catch {
      // turf may throw on the invalid patch too
    }
  }
  const turf = (performance.now() - t0) / turfSample.length;
  const perPair = (ours * 1000) / pairs.length;
  rows.push(
    `${name.padEnd(10)} ${String(pairs.length).padStart(5)} pairs | tuban planar ${perPair.toFixed(2).padStart(6)} µs/pair ` +
      `(${((ours * 1000) / patches.featureCount).toFixed(1)} µs/patch), ellipsoidal ${((oursEll * 1000) / pairs.length).toFixed(2)} µs/pair | ` +
      `jsts ${(jsts * 1000).toFixed(0)} µs/pair (×${((jsts * 1000) / perPair).toFixed(0)}) | ` +
      `turf ${(turf * 1000).toFixed(0)} µs/pair (×${((turf * 1000) / perPair).toFixed(0)}) | prepare ${prepMs.toFixed(0)} ms` +
      (jstsFailed > 0 ? ` | jsts threw on ${jstsFailed} pairs` : ''),
  );
  console.log(rows[rows.length - 1]);
}
