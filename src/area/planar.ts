/**
 * Planar (projected-plane) polygon area by the shoelace formula, computed so that it stays exact to the last
 * bits at Gauss–Krüger magnitudes (x ≈ 4×10⁷ m): each ring is shifted to its first vertex (the shift is
 * exact by Sterbenz's lemma for coordinates within a factor 2 of each other), every cross product is taken
 * with its rounding error (Dekker's error-free product), and all parts are summed with Neumaier
 * compensation. The result is the correctly rounded area except in pathological cases, also for thin
 * slivers where naive shoelace sums lose most digits.
 *
 * Planar areas are NOT the legal areas (domain.md §4): use {@link ellipsoidArea} for those. Planar areas are
 * what the overlay works in and what GIS desktop tools show as "shape area".
 */
import { CrsError, InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { CompensatedSum, productError } from './summation.js';

/**
 * Signed area of the open ring with vertices `start..end-1` (vertex indices into interleaved `coords`):
 * positive when counter-clockwise (x east, y north). Units: coordinate units squared.
 *
 * @example
 * planarRingArea(Float64Array.of(0, 0, 2, 0, 2, 1, 0, 1), 0, 4); // 2
 */
export function planarRingArea(coords: Float64Array, start: number, end: number): number {
  const n = end - start;
  if (n < 3) return 0;
  const ox = coords[2 * start]!;
  const oy = coords[2 * start + 1]!;
  // Shoelace Σ (X_i·Y_{i+1} − X_{i+1}·Y_i) with X, Y relative to vertex `start`, whose terms vanish.
  let s = 0;
  let c = 0;
  let px = coords[2 * start + 2]! - ox;
  let py = coords[2 * start + 3]! - oy;
  for (let i = start + 2; i < end; i++) {
    const qx = coords[2 * i]! - ox;
    const qy = coords[2 * i + 1]! - oy;
    const p1 = px * qy;
    const e1 = productError(px, qy, p1);
    const p2 = -(qx * py);
    const e2 = -productError(qx, py, -p2);
    // Neumaier-add p1, p2, e1, e2 (inlined: this is the hot loop).
    let t = s + p1;
    c += Math.abs(s) >= Math.abs(p1) ? s - t + p1 : p1 - t + s;
    s = t;
    t = s + p2;
    c += Math.abs(s) >= Math.abs(p2) ? s - t + p2 : p2 - t + s;
    s = t;
    c += e1 + e2;
    px = qx;
    py = qy;
  }
  return (s + c) / 2;
}

function checkPlanar(layer: Layer): void {
  if (layer.crs !== null && layer.crs.kind === 'geographic') {
    throw new CrsError(
      `planar area needs projected coordinates in metres, but layer "${layer.name}" is in ${layer.crs.name} ` +
        '(longitude/latitude degrees); project it to its Gauss–Krüger zone first, or use ellipsoidArea for the legal area',
    );
  }
}

/** Area of one feature: Σ|exterior| − Σ|holes| over its polygons. */
function featureArea(layer: Layer, f: number, acc: CompensatedSum): number {
  const { coords, ringOffsets, polygonOffsets, featureOffsets } = layer;
  acc.reset();
  for (let p = featureOffsets[f]!; p < featureOffsets[f + 1]!; p++) {
    const r0 = polygonOffsets[p]!;
    for (let r = r0; r < polygonOffsets[p + 1]!; r++) {
      const a = Math.abs(planarRingArea(coords, ringOffsets[r]!, ringOffsets[r + 1]!));
      acc.add(r === r0 ? a : -a);
    }
  }
  return acc.value;
}

/**
 * Planar area of each feature (coordinate units squared, m² for Gauss–Krüger layers): Σ|exterior rings| −
 * Σ|holes|, so the result does not depend on ring orientation. Empty features get 0.
 *
 * @example
 * const areas = planarArea(layer); // Float64Array, one entry per feature
 */
export function planarArea(layer: Layer): Float64Array {
  checkPlanar(layer);
  const out = new Float64Array(layer.featureCount);
  const acc = new CompensatedSum();
  for (let f = 0; f < layer.featureCount; f++) out[f] = featureArea(layer, f, acc);
  return out;
}

/**
 * Planar area of one feature, as in {@link planarArea}.
 *
 * @example
 * featurePlanarArea(layer, 0);
 */
export function featurePlanarArea(layer: Layer, featureIndex: number): number {
  checkPlanar(layer);
  if (!(Number.isInteger(featureIndex) && featureIndex >= 0 && featureIndex < layer.featureCount)) {
    throw new InputError(`feature index must be an integer in [0, ${layer.featureCount}), got ${featureIndex}`);
  }
  return featureArea(layer, featureIndex, new CompensatedSum());
}

/**
 * Total planar area of a layer (compensated sum of the features' areas).
 *
 * @example
 * layerPlanarArea(layer); // m²
 */
export function layerPlanarArea(layer: Layer): number {
  const areas = planarArea(layer);
  const total = new CompensatedSum();
  for (let f = 0; f < areas.length; f++) total.add(areas[f]!);
  return total.value;
}
