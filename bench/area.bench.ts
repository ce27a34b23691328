/**
 * Ellipsoidal area of a whole land-use layer, side by side, in one run:
 *
 *   (a) tuban ellipsoidArea, method 'exact' (default) and (a′) method 'national' (the rule as written);
 *   (b) proj4js inverse of every point + GeographicLib PolygonArea, on the SAME points as the national rule
 *       uses (every edge longer than 70 m cut by ⌊len/70⌋ interior points), Σ|exterior| − Σ|holes|;
 *   (c) turf.area (spherical, lon/lat) — a speed reference only: it is not an ellipsoidal area, and its
 *       input is converted to lon/lat before timing.
 *
 * Prints median and minimum ms per layer, µs per feature, the speed ratio (b)/(a) of the medians, and the largest relative difference between (a)
 * and (b) per feature, so that accuracy is visible in the same run.
 *
 *   npx tsx bench/area.bench.ts [layer.geojson]
 *
 * Default input: fixtures/reference/small-1/landuse.geojson (the reference county's 地类图斑 layer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { area as turfArea } from '@turf/turf';
import geodesic from 'geographiclib-geodesic';
import proj4 from 'proj4';
import { Bench } from 'tinybench';
import { ellipsoidArea } from '../src/area/ellipsoidal.js';
import { fromGeoJSON } from '../src/geometry/layer.js';
import type { Layer } from '../src/geometry/types.js';

const defaultInput = new URL('../fixtures/reference/small-1/landuse.geojson', import.meta.url);
const input = process.argv[2] ?? (existsSync(defaultInput) ? defaultInput.pathname : '');
if (input === '' || !existsSync(input)) {
  console.error(`usage: npx tsx bench/area.bench.ts <layer.geojson>   (not found: ${input || defaultInput.pathname})`);
  process.exit(2);
}
const { layer } = fromGeoJSON(JSON.parse(readFileSync(input, 'utf8')), { file: input });
const crs = layer.crs;
if (crs === null || crs.kind !== 'projected' || crs.falseEasting === undefined || crs.centralMeridian === undefined) {
  console.error(`${input}: needs a Gauss–Krüger layer, found ${crs?.name ?? 'no CRS'}`);
  process.exit(2);
}
const vertexCount = layer.coords.length / 2;

// ---- (b) proj4 + GeographicLib on the national rule's points ----
const toLonLat = proj4(crs.proj4, `+proj=longlat +a=${crs.ellipsoid.a} +f=${crs.ellipsoid.f} +no_defs`);
const geod = new geodesic.Geodesic.Geodesic(crs.ellipsoid.a, crs.ellipsoid.f);
const poly = geod.Polygon(false);

function ringGeographicLib(L: Layer, s: number, e: number): number {
  poly.Clear();
  const c = L.coords;
  for (let i = s; i < e; i++) {
    const x1 = c[2 * i]!;
    const y1 = c[2 * i + 1]!;
    const j = i + 1 < e ? i + 1 : s;
    const x2 = c[2 * j]!;
    const y2 = c[2 * j + 1]!;
    const len = Math.hypot(x2 - x1, y2 - y1);
    const k = len > 70 ? Math.floor(len / 70) : 0;
    for (let t = 0; t <= k; t++) {
      const [lon, lat] = toLonLat.forward([x1 + ((x2 - x1) * t) / (k + 1), y1 + ((y2 - y1) * t) / (k + 1)]);
      poly.AddPoint(lat!, lon!);
    }
  }
  return Math.abs(poly.Compute(false, true).area ?? NaN);
}

function geographicLibAreas(L: Layer): Float64Array {
  const out = new Float64Array(L.featureCount);
  for (let f = 0; f < L.featureCount; f++) {
    let a = 0;
    for (let p = L.featureOffsets[f]!; p < L.featureOffsets[f + 1]!; p++) {
      const r0 = L.polygonOffsets[p]!;
      for (let r = r0; r < L.polygonOffsets[p + 1]!; r++) {
        const ra = ringGeographicLib(L, L.ringOffsets[r]!, L.ringOffsets[r + 1]!);
        a += r === r0 ? ra : -ra;
      }
    }
    out[f] = a;
  }
  return out;
}

// ---- (c) turf on lon/lat features (conversion outside the timing) ----
const lonLatFeatures = Array.from({ length: layer.featureCount }, (_, f) => {
  const polygons: number[][][][] = [];
  for (let p = layer.featureOffsets[f]!; p < layer.featureOffsets[f + 1]!; p++) {
    const rings: number[][][] = [];
    for (let r = layer.polygonOffsets[p]!; r < layer.polygonOffsets[p + 1]!; r++) {
      const ring: number[][] = [];
      for (let i = layer.ringOffsets[r]!; i < layer.ringOffsets[r + 1]!; i++) {
        ring.push(toLonLat.forward([layer.coords[2 * i]!, layer.coords[2 * i + 1]!]));
      }
      ring.push(ring[0]!);
      rings.push(ring);
    }
    polygons.push(rings);
  }
  return { type: 'Feature' as const, properties: {}, geometry: { type: 'MultiPolygon' as const, coordinates: polygons } };
});

// ---- accuracy, once ----
const exact = ellipsoidArea(layer);
const national = ellipsoidArea(layer, { method: 'national' });
const gl = geographicLibAreas(layer);
const turfAreas = lonLatFeatures.map((f) => turfArea(f));
let worstExact = 0;
let worstExactAbs = 0;
let worstNational = 0;
let worstTurf = 0;
for (let f = 0; f < layer.featureCount; f++) {
  if (!(gl[f]! > 0)) continue;
  worstExact = Math.max(worstExact, Math.abs(exact[f]! - gl[f]!) / gl[f]!);
  worstExactAbs = Math.max(worstExactAbs, Math.abs(exact[f]! - gl[f]!));
  worstNational = Math.max(worstNational, Math.abs(national[f]! - gl[f]!) / gl[f]!);
  worstTurf = Math.max(worstTurf, Math.abs(turfAreas[f]! - gl[f]!) / gl[f]!);
}

// ---- speed ----
// Few iterations: on a county layer one GeographicLib pass takes seconds; medians of 5 are stable to a few %.
const bench = new Bench({ time: 2000, iterations: 5, warmup: true, warmupIterations: 1, warmupTime: 0 });
let sink = 0;
bench
  .add('(a) tuban ellipsoidArea exact', () => {
    sink += ellipsoidArea(layer)[0]!;
  })
  .add("(a') tuban ellipsoidArea national", () => {
    sink += ellipsoidArea(layer, { method: 'national' })[0]!;
  })
  .add('(b) proj4 + GeographicLib, 70 m points', () => {
    sink += geographicLibAreas(layer)[0]!;
  })
  .add('(c) turf.area (spherical, lon/lat given)', () => {
    for (const f of lonLatFeatures) sink += turfArea(f);
  });
await bench.run();

// Medians, not means: the machine may be shared, and a median of many runs is what a quiet machine shows.
const stat = (name: string, key: 'p50' | 'min'): number => {
  const task = bench.tasks.find((t) => t.name === name);
  const r = task?.result as { latency?: { p50: number; min: number } } | undefined;
  return r?.latency?.[key] ?? NaN;
};
console.log(`input: ${input}`);
console.log(`${layer.featureCount} features, ${vertexCount} vertices, CRS ${crs.name}\n`);
console.log('method                                     median ms/layer   min ms   µs/feature   max rel. diff vs (b)');
const rows: [string, number][] = [
  ['(a) tuban ellipsoidArea exact', worstExact],
  ["(a') tuban ellipsoidArea national", worstNational],
  ['(b) proj4 + GeographicLib, 70 m points', 0],
  ['(c) turf.area (spherical, lon/lat given)', worstTurf],
];
for (const [name, diff] of rows) {
  const ms = stat(name, 'p50');
  console.log(
    `${name.padEnd(42)} ${ms.toFixed(2).padStart(14)} ${stat(name, 'min').toFixed(2).padStart(8)} ${((ms * 1000) / layer.featureCount).toFixed(2).padStart(12)}   ${name.startsWith('(b)') ? '—' : diff.toExponential(2)}`,
  );
}
const b = stat('(b) proj4 + GeographicLib, 70 m points', 'p50');
const ratio = b / stat('(a) tuban ellipsoidArea exact', 'p50');
const ratioNat = b / stat("(a') tuban ellipsoidArea national", 'p50');
console.log(`\nspeed ratio of medians (b)/(a) = ${ratio.toFixed(1)}×   (b)/(a') = ${ratioNat.toFixed(1)}×   (target ≥ 10×)`);
console.log(`largest |(a) − (b)| over features: ${worstExactAbs.toExponential(2)} m²`);
console.log(
  "(b) is not exact either: GeographicLib's polygon area has an error floor of ~1e-5 m² per polygon (≈1e-7 on the\n" +
    'smallest parcels), and its geodesic edges between the 70 m points are not the straight Gauss–Krüger edges.\n' +
    "(a') differs from (b) by the literal rule's method error (see src/area/ellipsoidal.ts).",
);
if (sink === 42) console.log(''); // keep results alive
