/**
 * How jsts's per-pair cost depends on how it is called (for reading the "≈ 1.1 ms per pair" against the
 * ~0.1 ms the county bench measures): 2 000 land-use candidate pairs spread over the county, timed three passes
 * in one fresh process — (a) reading both GeoJSON geometries inside the loop, as naive code would, then
 * intersection + area; (b) the same pairs with geometries read beforehand (what overlay-county.bench.ts times).
 * The first pass is cold: jsts's code is not yet compiled.
 *
 *   npx tsx bench/jsts-cold.ts [dir]   (default bench/data/county)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import Flatbush from 'flatbush';
import bboxOf from '@turf/bbox';

interface Feature {
  geometry: unknown;
}
const dir = process.argv[2] ?? 'bench/data/county';
const read = (name: string) => (JSON.parse(readFileSync(join(dir, `${name}.geojson`), 'utf8')) as { features: Feature[] }).features;
const patches = read('patches');
const parcels = read('landuse');
const index = new Flatbush(parcels.length);
for (const f of parcels) {
  const b = bboxOf(f as never);
  index.add(b[0], b[1], b[2], b[3]);
}
index.finish();
const pairs: [number, number][] = [];
for (let p = 0; p < patches.length; p++) {
  const b = bboxOf(patches[p] as never);
  for (const i of index.search(b[0], b[1], b[2], b[3])) pairs.push([p, i]);
}
const step = Math.max(1, Math.floor(pairs.length / 2000));
const sample = pairs.filter((_, k) => k % step === 0).slice(0, 2000);
const reader = new GeoJSONReader(new GeometryFactory());
type Geometry = { getArea(): number };
const intersect = (a: unknown, b: unknown) => (SnapIfNeededOverlayOp.intersection(a, b) as Geometry).getArea();
for (let pass = 1; pass <= 3; pass++) {
  let throws = 0;
  let t = performance.now();
  for (const [p, i] of sample) {
    try {
      intersect(reader.read(patches[p].geometry), reader.read(parcels[i].geometry));
    } catch {
      throws++;
    }
  }
  const inLoop = ((performance.now() - t) * 1000) / sample.length;
  const a = sample.map(([p]) => reader.read(patches[p].geometry));
  const b = sample.map(([, i]) => reader.read(parcels[i].geometry));
  t = performance.now();
  for (let k = 0; k < sample.length; k++) {
    try {
      intersect(a[k], b[k]);
    } catch {
      throws++;
    }
  }
  const prebuilt = ((performance.now() - t) * 1000) / sample.length;
  console.log(`pass ${pass}: (a) geometries read in the loop ${inLoop.toFixed(1)} µs/pair; (b) read beforehand ${prebuilt.toFixed(1)} µs/pair; throws ${throws / 2}`);
}
