import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayerIndex, layerIndex } from '../../src/index/index.js';
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

  it('is cached per layer and works on a layer of empty features only', () => {
    const layer = layerOf([{ polys: [[rect(0, 0, 1, 1)]] }]);
    expect(layerIndex(layer)).toBe(layerIndex(layer));
    const empty = layerOf([{ polys: [[[[0, 0], [1, 0], [2, 0]]]] }]);
    expect(layerIndex(empty).search(-1, -1, 5, 5)).toEqual([]);
  });
});
