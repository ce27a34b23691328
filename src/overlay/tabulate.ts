/**
 * 套合 tables: how much of each patch lies on each class of a layer, and the same for a whole layer against
 * another (county totals per class pair).
 *
 * Semantics: for patch P and class c, area(P ∩ U_c) with U_c the union of the layer's features of class c —
 * features of one class that overlap each other are counted once — and the part of P covered by no feature of
 * the layer, area(P) − area(P ∩ ⋃ all features), so that parts + uncovered = area(P) whenever the classes do
 * not overlap each other (tessellating layers). Invalid geometry is read by the even-odd rule (repair.ts) and
 * reported per feature, never thrown.
 */
import { toMu } from '../area/units.js';
import { idOf } from '../geometry/build.js';
import type { Attributes, Layer } from '../geometry/types.js';
import { growI32 } from '../geometry/growable.js';
import { InputError, CrsError } from '../errors.js';
import { sameCrs } from '../crs/index.js';
import { layerIndex } from '../index/index.js';
import type { FeatureFacts } from './kernel.js';
import { giveKernel, takeKernel } from './kernel-pool.js';
import { type EdgeMeasure, type MeasureOption, resolveMeasure } from './measure.js';
import { LARGE_FEATURE_EDGES, prepareLayer } from './prepare.js';
import type { RepairReport } from './repair.js';

/**
 * How features are grouped into classes: an attribute name (its value as text; a missing or null value is the
 * class ""), or a function (return null to leave the feature out entirely). Without it, every feature is in
 * the one class "".
 */
export type ClassBy = string | ((attributes: Attributes, featureIndex: number) => string | null);

export interface TabulateOptions {
  /** Class of each feature of `layer` (e.g. `"DLBM"`, `"GZQLXDM"`). */
  classBy?: ClassBy;
  /**
   * `'ellipsoidal'` (the legal area on the ellipsoid; needs a Gauss–Krüger CRS), `'ellipsoidal-national'`,
   * `'planar'` (projection plane), or your own {@link EdgeMeasure}. Default: `'ellipsoidal'` when the layers
   * have a projected CRS, else `'planar'`.
   */
  measure?: MeasureOption;
  /** Attribute naming patches in the result (e.g. `"JCBH"`); default the GeoJSON id. */
  patchIdField?: string;
  /** Attribute naming the layer's features in repair reports (e.g. `"BSM"`). */
  layerIdField?: string;
  /**
   * Called with (patches done, patch count) before every {@link PROGRESS_EVERY}th patch and once at the end
   * (done = count), for progress displays; it must not throw. Not called more often, so a display can read
   * the clock in it without slowing the loop.
   */
  onProgress?: (done: number, total: number) => void;
}

/** How many patches {@link tabulate} processes between two `onProgress` calls. */
export const PROGRESS_EVERY = 16;

export interface ClassArea {
  readonly class: string;
  readonly areaM2: number;
  /** 亩 (m² × 3/2000, correctly rounded by src/area's toMu), unrounded to decimals. */
  readonly areaMu: number;
}

export interface PatchTabulation {
  readonly patchIndex: number;
  readonly patchId: string | number | null;
  /** The patch's own area (even-odd rule), m². */
  readonly areaM2: number;
  readonly areaMu: number;
  /** area(P ∩ U_c) per class with a non-zero result, sorted by class. */
  readonly parts: readonly ClassArea[];
  /** area(P ∩ union of all features), m². */
  readonly coveredM2: number;
  /** area(P) − coveredM2: the part of the patch on no feature of the layer, m². */
  readonly uncoveredM2: number;
  readonly uncoveredMu: number;
}

export interface TabulateResult {
  readonly patchesLayer: string;
  readonly layer: string;
  /** Which area was computed (`"ellipsoidal"`, `"planar"`, …). */
  readonly measure: string;
  /** One entry per patch feature, in order (empty patches have zero areas). */
  readonly patches: readonly PatchTabulation[];
  /** Features of either input read by the even-odd rule because they are not simple. */
  readonly repairs: readonly RepairReport[];
}

/** Class index per feature (−1: left out) and the class names. *
 * @example
 * const { classOf, names } = classesOf(landuse, 'DLBM'); // names[classOf[f]] === landuse.attributes[f].DLBM
 */
export function classesOf(layer: Layer, classBy: ClassBy | undefined): { classOf: Int32Array; names: string[] } {
  // By field (or none): cached with the layer, whose attributes are read-only, as its index and prepared facts
  // are — a county's 165 000 parcels take ~5 ms to class, a twentieth of a whole patches × land-use overlay.
  if (typeof classBy === 'function') return computeClasses(layer, classBy);
  let byField = classCache.get(layer);
  if (byField === undefined) classCache.set(layer, (byField = new Map()));
  const key = classBy === undefined ? 'none' : `field:${classBy}`;
  let c = byField.get(key);
  if (c === undefined) byField.set(key, (c = computeClasses(layer, classBy)));
  return c;
}

const classCache = new WeakMap<Layer, Map<string, { classOf: Int32Array; names: string[] }>>();

function computeClasses(layer: Layer, classBy: ClassBy | undefined): { classOf: Int32Array; names: string[] } {
  const classOf = new Int32Array(layer.featureCount);
  const names: string[] = [];
  const ids = new Map<string, number>();
  for (let f = 0; f < layer.featureCount; f++) {
    let name: string | null;
    if (classBy === undefined) name = '';
    else if (typeof classBy === 'string') {
      const v = layer.attributes[f][classBy];
      name = v === null || v === undefined ? '' : String(v);
    } else {
      name = classBy(layer.attributes[f], f);
      if (name !== null && typeof name !== 'string') {
        throw new InputError(`classBy must return a string or null, found ${typeof name} for feature ${f}`);
      }
    }
    if (name === null) {
      classOf[f] = -1;
      continue;
    }
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      names.push(name);
      ids.set(name, id);
    }
    classOf[f] = id;
  }
  return { classOf, names };
}

/** Default measure and the CRS agreement check shared by the table functions. *
 * @example
 * const m = measureFor(patches, landuse, 'planar');
 */
export function measureFor(a: Layer, b: Layer, option: MeasureOption | undefined): EdgeMeasure {
  // One layer in a known CRS and the other in coordinates of unknown meaning (local, engineering, or a file
  // whose CRS was not declared) cannot be overlaid: nothing says the numbers are in the same plane.
  if ((a.crs === null) !== (b.crs === null)) {
    const [known, unknown] = a.crs !== null ? [a, b] : [b, a];
    throw new CrsError(
      `layer "${known.name}" is in ${known.crs!.name} but layer "${unknown.name}" has no coordinate system; ` +
        `declare it (e.g. crs: 'EPSG:${known.crs!.epsg ?? 4527}') so that both are known to be in one plane`,
    );
  }
  if (a.crs !== null && b.crs !== null && !sameCrs(a.crs, b.crs)) {
    throw new CrsError(
      `layers "${a.name}" (${a.crs.name}) and "${b.name}" (${b.crs.name}) are in different coordinate systems; ` +
        'reproject one of them first',
    );
  }
  const crs = a.crs ?? b.crs;
  const chosen = option ?? (crs !== null && crs.kind === 'projected' ? 'ellipsoidal' : 'planar');
  return resolveMeasure(chosen, crs, a.crs !== null ? a.name : b.name);
}

/**
 * Runs the kernel for every patch against the layer's features and hands each patch's results to `visit`:
 * the patch area, the covered area and, per class present, the class id and its area. With `range`, only the
 * patches [start, end) are run (src/parallel gives each worker thread a range; a patch's results do not depend
 * on which patches ran before it in the same kernel).
 *
 * @example
 * forEachPatch(patches, farmland, classOf, 1, planarMeasure(), (p, area, covered) => console.log(p, covered / area));
 */
export function forEachPatch(
  patches: Layer,
  layer: Layer,
  classOf: Int32Array,
  nClasses: number,
  measure: EdgeMeasure,
  visit: PatchVisitor,
  onProgress?: (done: number, total: number) => void,
  range?: readonly [start: number, end: number],
): void {
  const prepP = prepareLayer(patches);
  const prepL = prepareLayer(layer);
  const index = layerIndex(layer);
  const kernel = takeKernel();
  const hits = kernel.candidateHits;
  const localOf = new Int32Array(nClasses).fill(-1);
  let classIds = new Int32Array(16);
  let areas = new Float64Array(16);
  let facts = new Array<FeatureFacts>(64);
  const pb = patches.bboxes;
  const [start, end] = range ?? [0, patches.featureCount];
  try {
    for (let p = start; p < end; p++) {
      if (onProgress !== undefined && p % PROGRESS_EVERY === 0) onProgress(p, patches.featureCount);
      if (Number.isNaN(pb[4 * p])) {
        visit(p, 0, 0, classIds, areas, 0);
        continue;
      }
      kernel.setPatch(patches, p, prepP.fact(p));
      index.searchBoxInto(pb, 4 * p, hits);
      const cands = hits.ids;
      touchFeatures(layer, cands, hits.n);
      // The classes present first: when there is one, its group would equal group 0 (all candidates) piece by piece,
      // so the kernel keeps group 0 only and both areas are read from it (the same sums, bit for bit).
      let n = 0;
      if (facts.length < hits.n) facts = new Array<FeatureFacts>(hits.n * 2);
      for (let k = 0; k < hits.n; k++) {
        const c = classOf[cands[k]];
        if (c < 0) continue;
        // Fetched here, in a short loop, so that their cache misses overlap.
        facts[k] = prepL.fact(cands[k]);
        if (localOf[c] >= 0) continue;
        localOf[c] = n++;
        if (n > classIds.length) {
          classIds = growI32(classIds, n);
          areas = new Float64Array(classIds.length);
        }
        classIds[n - 1] = c;
      }
      const single = n === 1;
      for (let k = 0; k < hits.n; k++) {
        const f = cands[k];
        const c = classOf[f];
        if (c < 0) continue;
        kernel.addCandidate(layer, f, facts[k], hits.boxes, 4 * k);
        kernel.addGroup(0);
        if (!single) kernel.addGroup(1 + localOf[c]);
      }
      kernel.run(measure, single ? 1 : 1 + n);
      for (let i = 0; i < n; i++) {
        areas[i] = kernel.groupArea(single ? 0 : 1 + i);
        localOf[classIds[i]] = -1;
      }
      visit(p, kernel.patchArea(), n > 0 ? kernel.groupArea(0) : 0, classIds, areas, n);
    }
  } finally {
    giveKernel(kernel);
  }
  onProgress?.(end, patches.featureCount);
}

/**
 * What touchFeatures read, kept where the compiler cannot prove it unused, so the reads are not optimised away: in an
 * array, as a number returned from a call or stored in a module variable would be boxed in a heap number per patch.
 */
const TOUCHED = new Float64Array(1);

/**
 * Reads each feature ids[0..n) through its offset chain (feature → polygon → ring → vertex) one level at a time
 * for all of them, then every cache line of the features the kernel scans whole, so that the cache misses of the
 * candidates of a patch overlap instead of coming one after another when the kernel reaches each candidate.
 * Adds what was read to TOUCHED.
 */
function touchFeatures(layer: Layer, ids: Int32Array, n: number): void {
  const fo = layer.featureOffsets;
  const po = layer.polygonOffsets;
  const ro = layer.ringOffsets;
  const c = layer.coords;
  let t = 0;
  for (let k = 0; k < n; k++) t += po[fo[ids[k]]];
  for (let k = 0; k < n; k++) t += ro[po[fo[ids[k]]]];
  for (let k = 0; k < n; k++) {
    const f = ids[k];
    const v0 = ro[po[fo[f]]];
    const v1 = ro[po[fo[f + 1]]];
    // Every cache line (4 vertices) of a feature the kernel reads whole; the first of a large one (it has a
    // segment index, so only a part is read).
    if (v1 - v0 <= LARGE_FEATURE_EDGES) for (let v = v0; v < v1; v += 4) t += c[2 * v];
    else t += c[2 * v0];
  }
  TOUCHED[0] += t;
}

/** What {@link forEachPatch} hands over per patch (the arrays are reused: read `classIds[0..n)`, `areas[0..n)` at once). */
export type PatchVisitor = (p: number, areaP: number, covered: number, classIds: Int32Array, areas: Float64Array, n: number) => void;

/**
 * Runs the overlay loop of a table function: calls `visit` once per patch, in patch order, with what
 * {@link forEachPatch} gives.
 */
export type PatchDriver = (visit: PatchVisitor) => void;

/**
 * For each patch: its area per class of `layer` (m² and 亩) and the part covered by no feature of the layer.
 *
 * @example
 * const { layer: patches } = fromGeoJSON(patchJson, { idField: 'JCBH' });
 * const { layer: landuse } = fromGeoJSON(landuseJson);
 * const t = tabulate(patches, landuse, { classBy: 'DLBM', patchIdField: 'JCBH' });
 * for (const p of t.patches) console.log(p.patchId, p.parts.map((c) => `${c.class} ${c.areaMu.toFixed(2)}`), p.uncoveredMu);
 */
export function tabulate(patches: Layer, layer: Layer, options: TabulateOptions = {}): TabulateResult {
  const measure = measureFor(patches, layer, options.measure);
  const { classOf, names } = classesOf(layer, options.classBy);
  return tabulateFrom(patches, layer, options, measure.kind, names, (visit) =>
    forEachPatch(patches, layer, classOf, names.length, measure, visit, options.onProgress),
  );
}

/**
 * The result-building half of {@link tabulate}, with the overlay loop supplied by `drive` (the class names are
 * those of {@link classesOf}). tabulateParallel (src/parallel) drives it with per-patch results computed in
 * worker threads, so that both paths build their tables with this same code.
 *
 * @example
 * const { classOf, names } = classesOf(landuse, 'DLBM');
 * const m = measureFor(patches, landuse, 'planar');
 * const t = tabulateFrom(patches, landuse, {}, m.kind, names, (visit) => forEachPatch(patches, landuse, classOf, names.length, m, visit));
 */
export function tabulateFrom(
  patches: Layer,
  layer: Layer,
  options: TabulateOptions,
  measureKind: string,
  names: readonly string[],
  drive: PatchDriver,
): TabulateResult {
  const out: PatchTabulation[] = new Array(patches.featureCount);
  const tabulation = patchTabulator(patches, names, options.patchIdField);
  drive((p, areaP, covered, classIds, areas, n) => {
    out[p] = tabulation(p, areaP, covered, classIds, areas, n);
  });
  return {
    patchesLayer: patches.name,
    layer: layer.name,
    measure: measureKind,
    patches: out,
    repairs: [
      ...prepareLayer(patches, { idField: options.patchIdField }).repairs,
      ...(layer === patches ? [] : prepareLayer(layer, { idField: options.layerIdField }).repairs),
    ],
  };
}

export interface TabulateLayersOptions {
  /** Class of the left layer's features (e.g. `"DLBM"`). */
  leftClassBy?: ClassBy;
  /** Class of the right layer's features (e.g. `"GZQLXDM"`; none for farmland). */
  rightClassBy?: ClassBy;
  /** Also return the table per left feature. */
  perFeature?: boolean;
  measure?: MeasureOption;
  leftIdField?: string;
  rightIdField?: string;
}

export interface ClassPairArea {
  readonly leftClass: string;
  readonly rightClass: string;
  readonly areaM2: number;
  readonly areaMu: number;
}

export interface LeftClassArea {
  readonly leftClass: string;
  /** Total area of the left class. */
  readonly areaM2: number;
  /** Part of it on no feature of the right layer. */
  readonly uncoveredM2: number;
}

export interface TabulateLayersResult {
  readonly left: string;
  readonly right: string;
  readonly measure: string;
  /** Σ over left features of class a of area(feature ∩ U_b), per (a, b) with a non-zero total; sorted. */
  readonly totals: readonly ClassPairArea[];
  /** Per left class: its area and the part on no right feature; sorted. */
  readonly leftClasses: readonly LeftClassArea[];
  /** Per left feature (when `perFeature`), as {@link tabulate} gives per patch. */
  readonly features?: readonly PatchTabulation[];
  readonly repairs: readonly RepairReport[];
}

/**
 * A whole layer against another: county totals per (left class, right class) — land use × farmland by DLBM,
 * land use × planning by (DLBM, GZQLXDM) — and, if asked, per left feature. Left features are taken one by
 * one, so where left features overlap each other their overlap counts once per feature.
 *
 * @example
 * const t = tabulateLayers(landuse, planning, { leftClassBy: 'DLBM', rightClassBy: 'GZQLXDM' });
 * for (const r of t.totals) console.log(r.leftClass, r.rightClass, r.areaMu.toFixed(2));
 */
export function tabulateLayers(left: Layer, right: Layer, options: TabulateLayersOptions = {}): TabulateLayersResult {
  const measure = measureFor(left, right, options.measure);
  const L = classesOf(left, options.leftClassBy);
  const R = classesOf(right, options.rightClassBy);
  return tabulateLayersFrom(left, right, options, measure.kind, L, R.names, (visit) =>
    forEachPatch(left, right, R.classOf, R.names.length, measure, visit),
  );
}

/**
 * The result-building half of {@link tabulateLayers}: `drive` runs the left features against the right layer
 * (classes `rightNames`) in left-feature order, so the compensated sums add up in the same order whichever
 * way the overlays were computed (tabulateLayersParallel, src/parallel).
 *
 * @example
 * const L = classesOf(landuse, 'DLBM');
 * const R = classesOf(farmland, undefined);
 * const m = measureFor(landuse, farmland, 'planar');
 * tabulateLayersFrom(landuse, farmland, {}, m.kind, L, R.names, (visit) => forEachPatch(landuse, farmland, R.classOf, R.names.length, m, visit));
 */
export function tabulateLayersFrom(
  left: Layer,
  right: Layer,
  options: TabulateLayersOptions,
  measureKind: string,
  L: { readonly classOf: Int32Array; readonly names: readonly string[] },
  rightNames: readonly string[],
  drive: PatchDriver,
): TabulateLayersResult {
  const R = { names: rightNames };
  const nR = R.names.length;
  // Compensated sums per (left class, right class), per left class total and uncovered.
  const pair = new Map<number, [number, number]>();
  const leftTotal = new Map<number, [number, number, number, number]>();
  const features: PatchTabulation[] | undefined = options.perFeature ? new Array(left.featureCount) : undefined;
  const tabulation = features !== undefined ? patchTabulator(left, rightNames, options.leftIdField) : undefined;
  const add = (acc: number[], i: number, v: number): void => {
    const s = acc[i];
    const t = s + v;
    acc[i + 1] += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    acc[i] = t;
  };
  drive((p, areaP, covered, classIds, areas, n) => {
    const lc = L.classOf[p];
    if (lc >= 0) {
      let lt = leftTotal.get(lc);
      if (lt === undefined) leftTotal.set(lc, (lt = [0, 0, 0, 0]));
      add(lt, 0, areaP);
      add(lt, 2, areaP - covered);
      for (let i = 0; i < n; i++) {
        if (areas[i] === 0) continue;
        const key = lc * nR + classIds[i];
        let acc = pair.get(key);
        if (acc === undefined) pair.set(key, (acc = [0, 0]));
        add(acc, 0, areas[i]);
      }
    }
    if (tabulation !== undefined) features![p] = tabulation(p, areaP, covered, classIds, areas, n);
  });
  const totals: ClassPairArea[] = [];
  for (const [key, acc] of pair) {
    const a = acc[0] + acc[1];
    totals.push({ leftClass: L.names[Math.floor(key / nR)], rightClass: R.names[key % nR], areaM2: a, areaMu: toMu(a) });
  }
  totals.sort((x, y) => cmp(x.leftClass, y.leftClass) || cmp(x.rightClass, y.rightClass));
  const leftClasses: LeftClassArea[] = [];
  for (const [lc, acc] of leftTotal) {
    leftClasses.push({ leftClass: L.names[lc], areaM2: acc[0] + acc[1], uncoveredM2: acc[2] + acc[3] });
  }
  leftClasses.sort((x, y) => cmp(x.leftClass, y.leftClass));
  return {
    left: left.name,
    right: right.name,
    measure: measureKind,
    totals,
    leftClasses,
    ...(features !== undefined ? { features } : {}),
    repairs: [
      ...prepareLayer(left, { idField: options.leftIdField }).repairs,
      ...(left === right ? [] : prepareLayer(right, { idField: options.rightIdField }).repairs),
    ],
  };
}

/**
 * The builder of one patch's {@link PatchTabulation} from what {@link forEachPatch} hands over, for the patches of
 * `patches` against classes `names`: parts listed by class name, with 亩 by toMu. The classes are ranked by name
 * once, so a patch's few parts are put in order by an insertion sort on integers instead of a sort calling back
 * to compare strings; a part or an uncovered area equal to the patch's own area reuses its toMu (the costliest
 * step of the table).
 *
 * @example
 * const row = patchTabulator(patches, names, 'JCBH');
 * forEachPatch(patches, landuse, classOf, names.length, m, (p, a, c, ids, areas, n) => rows.push(row(p, a, c, ids, areas, n)));
 */
function patchTabulator(
  patches: Layer,
  names: readonly string[],
  idField: string | undefined,
): (p: number, areaP: number, covered: number, classIds: Int32Array, areas: Float64Array, n: number) => PatchTabulation {
  const byName = names.map((_, i) => i).sort((a, b) => cmp(names[a], names[b]));
  const rank = new Int32Array(names.length);
  byName.forEach((c, r) => (rank[c] = r));
  let order = new Int32Array(16);
  return (p, areaP, covered, classIds, areas, n) => {
    const areaMu = toMu(areaP);
    if (order.length < n) order = new Int32Array(2 * n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (areas[i] === 0) continue;
      const r = rank[classIds[i]];
      let k = m++;
      for (; k > 0 && rank[classIds[order[k - 1]]] > r; k--) order[k] = order[k - 1];
      order[k] = i;
    }
    const parts: ClassArea[] = [];
    for (let k = 0; k < m; k++) {
      const i = order[k];
      const a = areas[i];
      parts.push({ class: names[classIds[i]], areaM2: a, areaMu: a === areaP ? areaMu : toMu(a) });
    }
    const uncovered = areaP - covered;
    return {
      patchIndex: p,
      patchId: idOf(patches.attributes[p], patches.featureIds[p], idField),
      areaM2: areaP,
      areaMu,
      parts,
      coveredM2: covered,
      uncoveredM2: uncovered,
      uncoveredMu: uncovered === areaP ? areaMu : toMu(uncovered),
    };
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
