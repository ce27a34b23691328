/**
 * Spatial index over a layer's feature boxes (flatbush: a packed static Hilbert R-tree, built once per layer).
 * Empty features (NaN box) are left out of the tree; result ids are feature indices of the layer.
 */
import Flatbush from 'flatbush';
import type { Layer } from '../geometry/types.js';

export class LayerIndex {
  /** The layer this index was built for. */
  readonly layer: Layer;
  private readonly tree: Flatbush | null;
  /** Tree item → feature index (empty features are skipped, so the two differ). */
  private readonly featureOf: Uint32Array;

  constructor(layer: Layer) {
    this.layer = layer;
    const b = layer.bboxes;
    let n = 0;
    for (let f = 0; f < layer.featureCount; f++) if (!Number.isNaN(b[4 * f])) n++;
    this.featureOf = new Uint32Array(n);
    if (n === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(n);
    let i = 0;
    for (let f = 0; f < layer.featureCount; f++) {
      if (Number.isNaN(b[4 * f])) continue;
      tree.add(b[4 * f], b[4 * f + 1], b[4 * f + 2], b[4 * f + 3]);
      this.featureOf[i++] = f;
    }
    tree.finish();
    this.tree = tree;
  }

  /**
   * Feature indices whose box meets the closed box [minX, maxX] × [minY, maxY], in ascending order.
   *
   * @example
   * const idx = layerIndex(parcels);
   * for (const f of idx.search(x0, y0, x1, y1)) console.log(parcels.attributes[f].DLBM);
   */
  search(minX: number, minY: number, maxX: number, maxY: number): number[] {
    if (this.tree === null) return [];
    const items = this.tree.search(minX, minY, maxX, maxY);
    for (let k = 0; k < items.length; k++) items[k] = this.featureOf[items[k]];
    // Ascending feature order keeps results deterministic (the tree returns Hilbert order).
    items.sort((a, b) => a - b);
    return items;
  }
}

const cache = new WeakMap<Layer, LayerIndex>();

/**
 * The index of a layer, built on first use and cached for the layer's lifetime.
 *
 * @example
 * const hits = layerIndex(parcels).search(39600000, 3940000, 39600100, 3940100);
 */
export function layerIndex(layer: Layer): LayerIndex {
  let idx = cache.get(layer);
  if (idx === undefined) {
    idx = new LayerIndex(layer);
    cache.set(layer, idx);
  }
  return idx;
}
