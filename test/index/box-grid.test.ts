/**
 * The uniform grid of box-grid.ts against flatbush's own search over the same boxes: the same set for every
 * query, including boxes that only touch (closed boxes), empty features, features spanning many cells, and
 * queries partly or wholly outside the layer.
 */
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { buildBoxGrid, searchBoxGrid } from '../../src/index/box-grid.js';
import { TreeHits } from '../../src/index/tree-search.js';
import { prng } from '../area/helpers.js';

describe('buildBoxGrid / searchBoxGrid', () => {
  const rng = prng(20261129);
  const n = 5000;
  const boxes = new Float64Array(4 * n);
  for (let f = 0; f < n; f++) {
    if (f % 97 === 0) {
      boxes.fill(NaN, 4 * f, 4 * f + 4); // empty feature
      continue;
    }
    // Parcels of ~30 m on a 3 km square at Gauss–Krüger magnitudes, on a 1 m lattice so that boxes touch
    // exactly; every 250th one is 20 times larger (spans many cells).
    const s = f % 250 === 0 ? 600 : 10 + Math.floor(rng() * 40);
    const x = 39_500_000 + Math.floor(rng() * 3000);
    const y = 3_900_000 + Math.floor(rng() * 3000);
    boxes.set([x, y, x + s, y + Math.floor(s * (0.5 + rng()))], 4 * f);
  }
  const grid = buildBoxGrid(boxes);
  const tree = new Flatbush(n - Math.ceil(n / 97));
  const treeId: number[] = [];
  for (let f = 0; f < n; f++) {
    if (Number.isNaN(boxes[4 * f])) continue;
    tree.add(boxes[4 * f], boxes[4 * f + 1], boxes[4 * f + 2], boxes[4 * f + 3]);
    treeId.push(f);
  }
  tree.finish();
  const hits = new TreeHits();

  it('is built for a layer of similar-sized features, with the large ones in the scanned list', () => {
    expect(grid).not.toBeNull();
    expect(grid!.bigIds.length).toBeGreaterThan(0);
  });

  it('finds what flatbush finds, with each feature once and its own box, for 3 000 queries', () => {
    let nonEmpty = 0;
    for (let q = 0; q < 3000; q++) {
      const x = 39_500_000 - 200 + Math.floor(rng() * 3400);
      const y = 3_900_000 - 200 + Math.floor(rng() * 3400);
      const w = q % 10 === 0 ? 0 : Math.floor(rng() * 120); // some degenerate (point) queries
      const h = q % 10 === 0 ? 0 : Math.floor(rng() * 120);
      searchBoxGrid(grid!, Float64Array.of(x, y, x + w, y + h), 0, hits);
      const got = Array.from(hits.ids.subarray(0, hits.n)).sort((a, b) => a - b);
      const want = tree.search(x, y, x + w, y + h).map((i) => treeId[i]!).sort((a, b) => a - b);
      expect(got).toEqual(want);
      for (let k = 0; k < hits.n; k++) {
        const f = hits.ids[k]!;
        expect(Array.from(hits.boxes.subarray(4 * k, 4 * k + 4))).toEqual(Array.from(boxes.subarray(4 * f, 4 * f + 4)));
      }
      if (want.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(2000);
  });

  it('is not built for small layers or layers of very mixed sizes', () => {
    expect(buildBoxGrid(boxes.subarray(0, 4 * 1000))).toBeNull();
    const mixed = new Float64Array(4 * 2000);
    for (let f = 0; f < 2000; f++) {
      const s = f % 10 === 0 ? 5000 : 10;
      mixed.set([f * 3, 0, f * 3 + s, s], 4 * f);
    }
    expect(buildBoxGrid(mixed)).toBeNull();
  });
});
