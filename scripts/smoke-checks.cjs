// The checks both smoke tests run on a build of tuban (scripts/smoke.cjs: dist/index.cjs; scripts/smoke.mjs:
// dist/index.js), after the build in CI: the ES-module-only dependencies must come out as working classes and the
// worker file must be found next to the bundle — mistakes that show only in a build, not in the tests.
const assert = require('node:assert/strict');

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
  assert.equal(t.toMu(2000), 3);
  // All cores (src/parallel): the same result from worker threads.
  const { layer: two } = t.fromGeoJSON(fc(square(0, 0, 10), square(20, 0, 10)), planar);
  const { layer: cover } = t.fromGeoJSON(fc(square(5, 5, 10), square(-5, -5, 10), square(25, 0, 2)), planar);
  const par = await t.tabulateParallel(two, cover, { measure: 'planar', threads: 2, chunkSize: 1 });
  assert.deepEqual(par, t.tabulate(two, cover, { measure: 'planar' }));
  assert.equal(par.patches[1].coveredM2, 4); // the 2 × 2 square inside the second patch, by hand
};
