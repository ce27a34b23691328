// Smoke test of the ES module build (dist/index.js), run by CI after the build: the ES-module-only
// dependencies must come out as working classes (a bundling mistake shows only here, not in the tests).
import assert from 'node:assert/strict';
import * as t from '../dist/index.js';

const square = (x, y, s) => ({
  type: 'Feature',
  properties: { id: `${x},${y}` },
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] },
});
const fc = (...features) => ({ type: 'FeatureCollection', features });
const { layer: patches } = t.fromGeoJSON(fc(square(0, 0, 10)), { requireCrs: false });
const { layer: parcels } = t.fromGeoJSON(fc(square(5, 5, 10), square(-5, -5, 10)), { requireCrs: false });
const r = t.tabulate(patches, parcels, { measure: 'planar' });
assert.equal(r.patches[0].coveredM2, 50); // two 5 × 5 corners, by hand
assert.deepEqual(Array.from(t.layerIndex(parcels).search(0, 0, 1, 1)), [1]);
assert.equal(t.toMu(2000), 3);
console.log('ES module build: ok');
