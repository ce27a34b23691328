/**
 * tuban's side of the GEOS comparison, as a whole process: loads the layers itself, runs one overlay job and
 * prints its phases as one JSON line, so bench/overlay-geos.bench.ts can time the process from outside the
 * way it times the GEOS binary.
 *
 *   node --max-old-space-size=8000 --import tsx/esm bench/geos/tuban-job.ts \
 *     <dir> <left> <right> <planar|ellipsoidal> <classField|-> <tabulate|layers> <out> [geojson|shp]
 *
 * (overlay-geos.bench.ts runs it bundled by esbuild, with plain node.) The layers are `<dir>/<left>.geojson` and `<dir>/<right>.geojson`, or with `shp` the Shapefile sets
 * `<dir>/<left>.shp` and `<dir>/<right>.shp` (with their .dbf etc., as bench/geos/export.ts writes them):
 * the binary input, for comparing with GEOS reading WKB. Default `geojson`.
 *
 * `tabulate`: tabulate(left, right) and <out> gets the planar-or-ellipsoidal covered area per left feature
 * as little-endian float64 (GEOS's AREAS.f64 layout). `layers`: tabulateLayers(left, right) with the class
 * field on the left, and <out> gets JSON {leftClass: covered m²}. Writing <out> and counting candidate pairs
 * come after the timed job (phase `reportS`), but inside the whole-process time measured outside.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLayer } from '../../src/io/read.js';
import { TreeHits, layerIndex } from '../../src/index/index.js';
import { tabulate, tabulateLayers } from '../../src/overlay/tabulate.js';

const startupS = performance.now() / 1000; // since process start: node and module loading
const [dir, leftName, rightName, measure, classArg, mode, out, format = 'geojson'] = process.argv.slice(2);
if (
  out === undefined ||
  (measure !== 'planar' && measure !== 'ellipsoidal') ||
  (mode !== 'tabulate' && mode !== 'layers') ||
  (format !== 'geojson' && format !== 'shp')
) {
  console.error('usage: tuban-job.ts <dir> <left> <right> <planar|ellipsoidal> <classField|-> <tabulate|layers> <out> [geojson|shp]');
  process.exit(2);
}
const classField = classArg === '-' ? undefined : classArg;

let t = performance.now();
const left = readLayer(join(dir, `${leftName}.${format}`)).layer;
const right = readLayer(join(dir, `${rightName}.${format}`)).layer;
const loadS = (performance.now() - t) / 1000;

// layerIndex caches per layer and builds its grid (or tree) on first use, inside the overlay: this phase is only
// the index object now.
t = performance.now();
const index = layerIndex(right);
const indexS = (performance.now() - t) / 1000;

t = performance.now();
let write: () => void;
let repairs: number;
if (mode === 'tabulate') {
  const r = tabulate(left, right, { measure, ...(classField !== undefined ? { classBy: classField } : {}) });
  repairs = r.repairs.length;
  write = () => writeFileSync(out, new Float64Array(r.patches.map((p) => p.coveredM2)));
} else {
  const r = tabulateLayers(left, right, { measure, ...(classField !== undefined ? { leftClassBy: classField } : {}) });
  repairs = r.repairs.length;
  write = () => writeFileSync(out, JSON.stringify(Object.fromEntries(r.leftClasses.map((c) => [c.leftClass, c.areaM2 - c.uncoveredM2]))));
}
const overlayS = (performance.now() - t) / 1000;

t = performance.now();
write();
let pairs = 0;
const b = left.bboxes;
const hits = new TreeHits();
for (let p = 0; p < left.featureCount; p++) {
  if (Number.isNaN(b[4 * p])) continue;
  index.searchInto(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3], hits);
  pairs += hits.n;
}
const reportS = (performance.now() - t) / 1000;

console.log(
  JSON.stringify({
    left: { name: leftName, features: left.featureCount },
    right: { name: rightName, features: right.featureCount },
    measure,
    format,
    startupS,
    loadS,
    indexS,
    overlayS,
    reportS,
    pairs,
    repairs,
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
