/**
 * Layer geometry → SVG path data for the 卫片执法 HTML report (report-html.ts). Only drawing: no styling, no
 * HTML. The map's user unit is the metre of the layers' projected CRS, so the SVG keeps true scale and an
 * exact scale bar needs no conversion.
 *
 * Coordinates: SVG's y axis points down (SVG 1.1 §7.3, "the initial user coordinate system … positive y
 * downward"), Gauss–Krüger northing points up, so y is flipped about the map origin, the top-left corner
 * (minX, maxY) of the layers' common bbox. Every vertex is rounded once to the 0.1 m grid (a county map is
 * drawn at ~1:10 000, where 0.1 m is 0.01 mm on paper) and written relative to the previous vertex (`l`
 * commands, SVG 1.1 §8.3.4). Deltas are taken between ROUNDED absolute positions, in integer decimetres, so
 * rounding errors never accumulate along a ring: a reader that adds the deltas gets every vertex back to
 * ±0.05 m. Nothing is simplified: every stored vertex is drawn.
 */
import type { Layer } from '../geometry/types.js';

/** Where the map sits in the layers' CRS: its top-left corner and size, metres. */
export interface MapFrame {
  /** Projected x (easting) of SVG x = 0: the minimum x over the layers. */
  readonly originX: number;
  /** Projected y (northing) of SVG y = 0: the maximum y over the layers (y is flipped). */
  readonly originY: number;
  /** Extent in metres (at least 1, so that a single point still has a frame). */
  readonly width: number;
  readonly height: number;
}

/**
 * The frame holding every non-empty feature of the given layers, or null when there is none.
 *
 * @example
 * const frame = mapFrame([patches, townships]); // { originX: minX, originY: maxY, width, height }
 */
export function mapFrame(layers: readonly (Layer | undefined)[]): MapFrame | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const layer of layers) {
    if (layer === undefined) continue;
    const b = layer.bboxes;
    for (let i = 0; i < b.length; i += 4) {
      if (Number.isNaN(b[i])) continue; // empty feature (types.ts: NaN bbox)
      if (b[i] < minX) minX = b[i];
      if (b[i + 1] < minY) minY = b[i + 1];
      if (b[i + 2] > maxX) maxX = b[i + 2];
      if (b[i + 3] > maxY) maxY = b[i + 3];
    }
  }
  if (minX === Infinity) return null;
  return { originX: minX, originY: maxY, width: Math.max(1, maxX - minX), height: Math.max(1, maxY - minY) };
}

/**
 * A length given in integer decimetres, written in metres with at most one decimal and no redundant
 * characters ("12", "12.3", ".3", "-4.5"); the SVG number grammar (SVG 1.1 §8.3.9) accepts all of them.
 */
export function formatDecimetres(dm: number): string {
  if (dm === 0) return '0';
  const a = Math.abs(dm);
  const whole = Math.floor(a / 10);
  const tenth = a % 10;
  const s = tenth === 0 ? String(whole) : whole === 0 ? `.${tenth}` : `${whole}.${tenth}`;
  return dm < 0 ? `-${s}` : s;
}

/** Appends a number to path data: a minus sign separates by itself (SVG 1.1 §8.3.9 grammar), else a space. */
function pushNumber(out: string[], s: string): void {
  out.push(s.charCodeAt(0) === 45 /* '-' */ ? s : ` ${s}`);
}

/**
 * SVG path data of one feature: per ring `M x y` (absolute) then `l dx dy …` (relative) then `z`. Rings are
 * stored open (types.ts), and `z` closes them. Empty features give "".
 *
 * @example
 * featurePathData(layer, 0, frame); // "M0 20l10 0 0-10-10 0z" for the square (0,0)–(10,10) with originY 20
 */
export function featurePathData(layer: Layer, feature: number, frame: MapFrame): string {
  const { coords, ringOffsets, polygonOffsets, featureOffsets } = layer;
  const out: string[] = [];
  const ringStart = polygonOffsets[featureOffsets[feature]];
  const ringEnd = polygonOffsets[featureOffsets[feature + 1]];
  for (let r = ringStart; r < ringEnd; r++) {
    const v0 = ringOffsets[r];
    const v1 = ringOffsets[r + 1];
    if (v1 <= v0) continue;
    let px = 0;
    let py = 0;
    for (let v = v0; v < v1; v++) {
      // x − originX is exact (Sterbenz) for coordinates of one county; one rounding to the 0.1 m grid.
      const x = Math.round((coords[2 * v] - frame.originX) * 10);
      const y = Math.round((frame.originY - coords[2 * v + 1]) * 10);
      if (v === v0) {
        out.push('M', formatDecimetres(x));
        pushNumber(out, formatDecimetres(y));
        if (v1 - v0 > 1) out.push('l');
      } else {
        const dx = formatDecimetres(x - px);
        out.push(v === v0 + 1 || dx.charCodeAt(0) === 45 ? dx : ` ${dx}`);
        pushNumber(out, formatDecimetres(y - py));
      }
      px = x;
      py = y;
    }
    out.push('z');
  }
  return out.join('');
}

/**
 * A point inside a feature for its label, in the layer's coordinates: on the horizontal line through the
 * middle of the feature's largest polygon, the midpoint of the widest stretch inside it (even-odd over that
 * polygon's rings). Unlike the bbox centre or the centroid this lies inside concave and holed shapes. Null
 * for an empty feature.
 *
 * @example
 * const [x, y] = labelPoint(townships, 3)!;
 */
export function labelPoint(layer: Layer, feature: number): [number, number] | null {
  const { coords, ringOffsets, polygonOffsets, featureOffsets } = layer;
  let best = -1;
  let bestArea = -Infinity;
  for (let p = featureOffsets[feature]; p < featureOffsets[feature + 1]; p++) {
    const r = polygonOffsets[p];
    const a = Math.abs(ringArea(coords, ringOffsets[r], ringOffsets[r + 1]));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  if (best < 0) return null;
  const r0 = polygonOffsets[best];
  const r1 = polygonOffsets[best + 1];
  let minY = Infinity;
  let maxY = -Infinity;
  for (let v = ringOffsets[r0]; v < ringOffsets[r0 + 1]; v++) {
    const y = coords[2 * v + 1];
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  // Off the exact middle by an irrational fraction, so the line almost surely passes through no vertex.
  const yLine = minY + (maxY - minY) * (0.5 + 0.01 * Math.SQRT1_2);
  const xs: number[] = [];
  for (let r = r0; r < r1; r++) {
    const v0 = ringOffsets[r];
    const v1 = ringOffsets[r + 1];
    for (let v = v0; v < v1; v++) {
      const w = v + 1 === v1 ? v0 : v + 1;
      const ya = coords[2 * v + 1];
      const yb = coords[2 * w + 1];
      if (ya > yLine === yb > yLine) continue;
      const xa = coords[2 * v];
      const xb = coords[2 * w];
      xs.push(xa + ((yLine - ya) / (yb - ya)) * (xb - xa));
    }
  }
  xs.sort((a, b) => a - b);
  let bestX = NaN;
  let bestWidth = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > bestWidth) {
      bestWidth = xs[i + 1] - xs[i];
      bestX = (xs[i] + xs[i + 1]) / 2;
    }
  }
  if (Number.isNaN(bestX)) {
    const b = layer.bboxes;
    return [(b[4 * feature] + b[4 * feature + 2]) / 2, (b[4 * feature + 1] + b[4 * feature + 3]) / 2];
  }
  return [bestX, yLine];
}

/** Shoelace area of an open ring, shifted to its first vertex (coordinates are ~10⁷ m, domain.md §3). */
function ringArea(coords: Float64Array, v0: number, v1: number): number {
  if (v1 - v0 < 3) return 0;
  const ox = coords[2 * v0];
  const oy = coords[2 * v0 + 1];
  let s = 0;
  for (let v = v0 + 1; v + 1 < v1; v++) {
    s += (coords[2 * v] - ox) * (coords[2 * v + 3] - oy) - (coords[2 * v + 2] - ox) * (coords[2 * v + 1] - oy);
  }
  return s / 2;
}

/**
 * A round length for a scale bar: the largest 1, 2 or 5 × 10ⁿ metres not above `max`.
 *
 * @example
 * niceLength(1450); // 1000
 */
export function niceLength(max: number): number {
  if (!(max > 0)) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [5, 2, 1]) if (m * pow <= max) return m * pow;
  return pow;
}
