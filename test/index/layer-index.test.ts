import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayerIndex, TreeHits, layerIndex } from '../../src/index/index.js';
import { layerOf, rect } from '../overlay/helpers.js';

describe('LayerIndex', () => {
  it('returns exactly the features whose closed box meets the query, ascending, skipping empty features', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), fc.boolean()), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: -5, max: 60 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })),
        (boxes, [qx, qy, qw, qh]) => {
          // An "empty" feature: a degenerate ring the layer builder removes.
          const layer = layerOf(
            boxes.map(([x, y, w, h, empty]) => ({
              polys: [[empty ? [[x, y], [x + w, y], [x + 2 * w, y]] : rect(x, y, x + w, y + h)]],
            })),
          );
          const got = new LayerIndex(layer).search(qx, qy, qx + qw, qy + qh);
          const expected = boxes
            .map(([x, y, w, h, empty], f) => ({ f, hit: !empty && x <= qx + qw && x + w >= qx && y <= qy + qh && y + h >= qy }))
            .filter((r) => r.hit)
            .map((r) => r.f);
          expect(got).toEqual(expected);
        },
      ),
      { seed: 17, numRuns: 300 },
    );
  });

  it('searchInto and searchBoxInto (a box read from an array at an offset) give what search gives, with the boxes', () => {
    // 1 200 features take the grid path (≥ 1 024 of similar size), 30 the tree path.
    for (const n of [1200, 30]) {
      const layer = layerOf(Array.from({ length: n }, (_, f) => ({ polys: [[rect(f % 40, Math.floor(f / 40), (f % 40) + 1 + (f % 3) / 2, Math.floor(f / 40) + 1)]] })));
      const idx = new LayerIndex(layer);
      const hits = new TreeHits();
      const queries = new Float64Array(4 * 200);
      for (let q = 0; q < 200; q++) {
        const x = ((q * 37) % 45) - 2 + q / 200;
        const y = ((q * 11) % 34) - 2;
        queries.set([x, y, x + (q % 7), y + (q % 5)], 4 * q);
      }
      for (let q = 0; q < 200; q++) {
        const [x0, y0, x1, y1] = queries.subarray(4 * q, 4 * q + 4);
        const want = idx.search(x0!, y0!, x1!, y1!);
        for (const search of [() => idx.searchInto(x0!, y0!, x1!, y1!, hits), () => idx.searchBoxInto(queries, 4 * q, hits)]) {
          search();
          expect(Array.from(hits.ids.subarray(0, hits.n))).toEqual(want);
          for (let k = 0; k < hits.n; k++) {
            expect(Array.from(hits.boxes.subarray(4 * k, 4 * k + 4))).toEqual(Array.from(layer.bboxes.subarray(4 * want[k]!, 4 * want[k]! + 4)));
          }
        }
      }
    }
  });

  it('is cached per layer and works on a layer of empty features only', () => {
    const layer = layerOf([{ polys: [[rect(0, 0, 1, 1)]] }]);
    expect(layerIndex(layer)).toBe(layerIndex(layer));
    const empty = layerOf([{ polys: [[[[0, 0], [1, 0], [2, 0]]]] }]);
    expect(layerIndex(empty).search(-1, -1, 5, 5)).toEqual([]);
  });
});
