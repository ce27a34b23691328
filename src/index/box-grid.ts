/**
 * A uniform grid over a layer's feature boxes, for the overlay's per-patch candidate search on layers of
 * similar-sized features (land-use parcels, farmland): a query reads the few cells its box covers, whose entries
 * carry their boxes inline, instead of descending a tree whose nodes lie far apart in memory — the search was
 * the largest single line of a county's patches × land-use profile, nearly all of it cache misses.
 *
 * Cells are about twice the median feature extent, so a feature lies in one to four cells. A pair (feature,
 * query) is reported from one cell only: the cell of the low corner of the intersection of the two boxes — the
 * cell index is monotone in the coordinate, so that cell lies in both boxes' cell ranges (the same rule as the
 * noding grid, src/overlay/noding.ts). Built only when few features span many cells (see {@link buildBoxGrid});
 * otherwise the caller keeps its tree.
 */
import type { TreeHits } from './tree-search.js';

/** Features spanning more cells than this go to a list every query scans. */
const MAX_CELLS_PER_ITEM = 16;
/** More such features than this (a layer of very mixed sizes), and no grid is built. */
const MAX_BIG = 64;

export interface BoxGrid {
  readonly x0: number;
  readonly y0: number;
  /** Cells per metre. */
  readonly f: number;
  readonly gx: number;
  readonly gy: number;
  /** Entries of cell c: [cellStart[c], cellStart[c + 1]); feature id and box (4 doubles) per entry. */
  readonly cellStart: Int32Array;
  readonly ids: Int32Array;
  readonly boxes: Float64Array;
  /** Features spanning many cells: ids and boxes, scanned by every query. */
  readonly bigIds: Int32Array;
  readonly bigBoxes: Float64Array;
}

/**
 * Grid column (or row) of coordinate v in a grid from v0 with f cells per unit and g cells: monotone in v and
 * clamped to [0, g), so boxes reaching outside the grid still get a cell range. Shared with the noding grid.
 *
 * @example
 * cellOf(12.5, 10, 0.5, 8); // 1
 */
export function cellOf(v: number, v0: number, f: number, g: number): number {
  const t = (v - v0) * f;
  return t <= 0 ? 0 : t >= g ? g - 1 : t | 0;
}

/**
 * The grid of the boxes `bboxes` (4 per feature, NaN for empty features, which are left out), or null when the
 * layer does not suit one (fewer than 1 024 features, or too many features far larger than the median).
 *
 * @example
 * const grid = buildBoxGrid(landuse.bboxes);
 */
export function buildBoxGrid(bboxes: Float64Array): BoxGrid | null {
  const n = bboxes.length / 4;
  if (n < 1024) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  // Extents of every 8th feature, for the median.
  const sample = new Float64Array((n >> 3) + 1);
  let m = 0;
  for (let f = 0; f < n; f++) {
    const a = bboxes[4 * f];
    if (a !== a) continue;
    const b = bboxes[4 * f + 1];
    const c = bboxes[4 * f + 2];
    const d = bboxes[4 * f + 3];
    if (a < x0) x0 = a;
    if (b < y0) y0 = b;
    if (c > x1) x1 = c;
    if (d > y1) y1 = d;
    if ((f & 7) === 0) sample[m++] = Math.max(c - a, d - b);
  }
  if (m === 0) return null;
  const ext = sample.subarray(0, m).sort();
  const size = 2 * ext[m >> 1]!;
  const w = x1 - x0;
  const h = y1 - y0;
  if (!(size > 0) || !(w > 0) || !(h > 0)) return null;
  // At most ~4 cells per feature.
  let f = 1 / size;
  while ((w * f + 1) * (h * f + 1) > 4 * n) f /= 1.5;
  const gx = Math.max(1, Math.ceil(w * f));
  const gy = Math.max(1, Math.ceil(h * f));
  const nCells = gx * gy;
  const cellStart = new Int32Array(nCells + 1);
  // Each feature's cell range (cx0 = −1: empty or spanning many cells), counted, then filled.
  const rx0 = new Int32Array(n).fill(-1);
  const rx1 = new Int32Array(n);
  const ry0 = new Int32Array(n);
  const ry1 = new Int32Array(n);
  let nBig = 0;
  let entries = 0;
  for (let k = 0; k < n; k++) {
    const a = bboxes[4 * k];
    if (a !== a) continue;
    const cx0 = cellOf(a, x0, f, gx);
    const cx1 = cellOf(bboxes[4 * k + 2], x0, f, gx);
    const cy0 = cellOf(bboxes[4 * k + 1], y0, f, gy);
    const cy1 = cellOf(bboxes[4 * k + 3], y0, f, gy);
    const cells = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
    if (cells > MAX_CELLS_PER_ITEM) {
      if (++nBig > MAX_BIG) return null;
      continue;
    }
    rx0[k] = cx0;
    rx1[k] = cx1;
    ry0[k] = cy0;
    ry1[k] = cy1;
    entries += cells;
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) cellStart[cy * gx + cx + 1]++;
  }
  for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
  const ids = new Int32Array(entries);
  const boxes = new Float64Array(4 * entries);
  const bigIds = new Int32Array(nBig);
  const bigBoxes = new Float64Array(4 * nBig);
  const fill = cellStart.slice(0, nCells);
  let big = 0;
  for (let k = 0; k < n; k++) {
    const a = bboxes[4 * k];
    if (a !== a) continue;
    const cx0 = rx0[k];
    if (cx0 < 0) {
      bigIds[big] = k;
      for (let i = 0; i < 4; i++) bigBoxes[4 * big + i] = bboxes[4 * k + i];
      big++;
      continue;
    }
    for (let cy = ry0[k]; cy <= ry1[k]; cy++) {
      for (let cx = cx0; cx <= rx1[k]; cx++) {
        const e = fill[cy * gx + cx]++;
        ids[e] = k;
        for (let i = 0; i < 4; i++) boxes[4 * e + i] = bboxes[4 * k + i];
      }
    }
  }
  return { x0, y0, f, gx, gy, cellStart, ids, boxes, bigIds, bigBoxes };
}

/**
 * The features whose box meets the closed box q[at .. at + 4) (minX, minY, maxX, maxY), in no particular order, into
 * `hits` (cleared first): the same set a tree search over the same boxes gives. The box comes in an array: read from
 * it, its numbers are unboxed doubles here (as parameters they would come boxed, and a conditional choosing between
 * one of them and a grid box boxed the grid box: ~15 heap numbers a query on land use).
 *
 * @example
 * searchBoxGrid(grid, Float64Array.of(39_600_000, 3_940_000, 39_600_100, 3_940_100), 0, hits);
 */
export function searchBoxGrid(g: BoxGrid, q: Float64Array, at: number, hits: TreeHits): void {
  hits.n = 0;
  const minX = q[at];
  const minY = q[at + 1];
  const maxX = q[at + 2];
  const maxY = q[at + 3];
  const { x0, y0, f, gx, gy, cellStart, ids, boxes, bigIds, bigBoxes } = g;
  for (let k = 0; k < bigIds.length; k++) {
    if (maxX < bigBoxes[4 * k] || maxY < bigBoxes[4 * k + 1] || minX > bigBoxes[4 * k + 2] || minY > bigBoxes[4 * k + 3]) continue;
    hits.push(bigIds[k], bigBoxes, 4 * k);
  }
  const qx0 = cellOf(minX, x0, f, gx);
  const qx1 = cellOf(maxX, x0, f, gx);
  const qy0 = cellOf(minY, y0, f, gy);
  const qy1 = cellOf(maxY, y0, f, gy);
  for (let cy = qy0; cy <= qy1; cy++) {
    for (let cx = qx0; cx <= qx1; cx++) {
      const c = cy * gx + cx;
      const end = cellStart[c + 1];
      for (let e = cellStart[c]; e < end; e++) {
        const a = boxes[4 * e];
        const b = boxes[4 * e + 1];
        if (maxX < a || maxY < b || minX > boxes[4 * e + 2] || minY > boxes[4 * e + 3]) continue;
        // Report from the cell of the low corner of the two boxes' intersection only.
        const ix = cellOf(a > minX ? a : minX, x0, f, gx);
        const iy = cellOf(b > minY ? b : minY, y0, f, gy);
        if (ix !== cx || iy !== cy) continue;
        hits.push(ids[e], boxes, 4 * e);
      }
    }
  }
}
