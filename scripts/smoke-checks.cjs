// The checks both smoke tests run on a build of tuban (scripts/smoke.cjs: dist/index.cjs; scripts/smoke.mjs:
// dist/index.js), after the build in CI: the ES-module-only dependencies must come out as working classes and the
// worker file must be found next to the bundle — mistakes that show only in a build, not in the tests.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const fflate = require('fflate');

const square = (x, y, s) => ({
  type: 'Feature',
  properties: { id: `${x},${y}` },
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] },
});
const fc = (...features) => ({ type: 'FeatureCollection', features });

exports.check = async function check(t) {
  const planar = { requireCrs: false };
  const { layer: patches } = t.fromGeoJSON(fc(square(0, 0, 10)), planar);
  const { layer: parcels } = t.fromGeoJSON(fc(square(5, 5, 10), square(-5, -5, 10)), planar);
  const r = t.tabulate(patches, parcels, { measure: 'planar' });
  assert.equal(r.patches[0].coveredM2, 50); // two 5 × 5 corners, by hand
  assert.deepEqual(Array.from(t.layerIndex(parcels).search(0, 0, 1, 1)), [1]);
  const hits = new t.TreeHits();
  t.layerIndex(parcels).searchInto(0, 0, 1, 1, hits);
  assert.deepEqual(Array.from(hits.ids.subarray(0, hits.n)), [1]);
  assert.equal(t.toMu(2000), 3);
  // All cores (src/parallel): the same result from worker threads.
  const { layer: two } = t.fromGeoJSON(fc(square(0, 0, 10), square(20, 0, 10)), planar);
  const { layer: cover } = t.fromGeoJSON(fc(square(5, 5, 10), square(-5, -5, 10), square(25, 0, 2)), planar);
  const par = await t.tabulateParallel(two, cover, { measure: 'planar', threads: 2, chunkSize: 1 });
  assert.deepEqual(par, t.tabulate(two, cover, { measure: 'planar' }));
  assert.equal(par.patches[1].coveredM2, 4); // the 2 × 2 square inside the second patch, by hand
  // Loaded on first use (proj4 for reprojecting, fflate for deflated zip entries): they must load from a build.
  const { layer: gk } = t.fromGeoJSON(fc(square(39_500_000, 3_900_000, 10)), { crs: 'EPSG:4527' });
  const ll = t.reprojectLayer(gk, t.crsFromEpsg(4490));
  assert.ok(Math.abs(ll.coords[0] - 117) < 1e-9, `x = 39 500 000 lies on zone 39's central meridian, 117°E; got ${ll.coords[0]}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuban-smoke-'));
  try {
    const zip = path.join(dir, 'layer.zip');
    fs.writeFileSync(zip, fflate.zipSync({ 'layer.geojson': fflate.strToU8(JSON.stringify(fc(square(0, 0, 10)))) }, { level: 6 }));
    const { layer } = t.readLayer(zip, { requireCrs: false });
    assert.equal(t.tabulate(layer, layer, { measure: 'planar' }).patches[0].areaM2, 100);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
