/**
 * Intersection pieces as features: for each patch and each feature (or each class) of a layer, the part of the
 * patch on it, with both sides' ids and classes and its area. The same kernel and labels as tabulate(); the
 * boundary pieces of each result region are kept and assembled into rings (assemble.ts), so a piece's area is
 * exactly the number tabulate() reports for it.
 */
import { toMu } from '../area/units.js';
import { idOf } from '../geometry/build.js';
import type { Layer } from '../geometry/types.js';
import { layerIndex } from '../index/index.js';
import { assemble, type PolygonCoords } from './assemble.js';
import { giveKernel, takeKernel } from './kernel-pool.js';
import type { MeasureOption } from './measure.js';
import { prepareLayer } from './prepare.js';
import type { RepairReport } from './repair.js';
import { type ClassBy, classesOf, measureFor } from './tabulate.js';

export interface IntersectOptions {
  /** Class of the layer's features (e.g. `"DLBM"`). */
  classBy?: ClassBy;
  /** Class of the patches, carried into the pieces (e.g. `"TBLX"`). */
  patchClassBy?: ClassBy;
  /**
   * `'feature'` (default): one piece per (patch, feature) pair — overlapping features each get their share.
   * `'class'`: one piece per (patch, class): the patch ∩ union of the class, overlaps counted once.
   */
  by?: 'feature' | 'class';
  measure?: MeasureOption;
  patchIdField?: string;
  layerIdField?: string;
}

export interface IntersectionProperties {
  readonly patchIndex: number;
  readonly patchId: string | number | null;
  readonly patchClass: string | null;
  /** The feature's index and id; null for pieces `by: 'class'`. */
  readonly featureIndex: number | null;
  readonly featureId: string | number | null;
  readonly class: string;
  readonly areaM2: number;
  /** 亩 (m² × 3/2000, correctly rounded by src/area's toMu), unrounded to decimals. */
  readonly areaMu: number;
}

export interface IntersectionPiece {
  readonly type: 'Feature';
  readonly properties: IntersectionProperties;
  readonly geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

export interface IntersectResult {
  readonly type: 'FeatureCollection';
  readonly name: string;
  readonly crs?: { type: 'name'; properties: { name: string } };
  /** Which area the pieces carry. */
  readonly measure: string;
  readonly features: readonly IntersectionPiece[];
  readonly repairs: readonly RepairReport[];
}

/**
 * The intersection pieces of patches with a layer, as GeoJSON-ready features.
 *
 * @example
 * const r = intersect(patches, landuse, { classBy: 'DLBM', patchIdField: 'JCBH', layerIdField: 'BSM' });
 * writeFileSync('pieces.geojson', JSON.stringify(r));
 * for (const f of r.features) console.log(f.properties.patchId, f.properties.class, f.properties.areaMu);
 */
export function intersect(patches: Layer, layer: Layer, options: IntersectOptions = {}): IntersectResult {
  const measure = measureFor(patches, layer, options.measure);
  const { classOf, names } = classesOf(layer, options.classBy);
  const patchClasses = options.patchClassBy !== undefined ? classesOf(patches, options.patchClassBy) : null;
  const byClass = options.by === 'class';
  const prepP = prepareLayer(patches);
  const prepL = prepareLayer(layer);
  const index = layerIndex(layer);
  const kernel = takeKernel();
  const features: IntersectionPiece[] = [];
  const pb = patches.bboxes;
  const localOf = new Int32Array(names.length).fill(-1);
  try {
    for (let p = 0; p < patches.featureCount; p++) {
      if (Number.isNaN(pb[4 * p])) continue;
      kernel.setPatch(patches, p, prepP.fact(p));
      const cands = index.search(pb[4 * p], pb[4 * p + 1], pb[4 * p + 2], pb[4 * p + 3]);
      // Group g ↔ a feature (by feature) or a class (by class).
      const groupKey: number[] = [];
      for (const f of cands) {
        const c = classOf[f];
        if (c < 0) continue;
        kernel.addCandidate(layer, f, prepL.fact(f));
        if (byClass) {
          if (localOf[c] < 0) {
            localOf[c] = groupKey.length;
            groupKey.push(c);
          }
          kernel.addGroup(localOf[c]);
        } else {
          kernel.addGroup(groupKey.length);
          groupKey.push(f);
        }
      }
      if (byClass) for (const c of groupKey) localOf[c] = -1;
      if (groupKey.length === 0) continue;
      kernel.run(measure, groupKey.length, undefined, true);
      const { n, slot, xy } = kernel.boundaryPieces();
      const bySlot = new Map<number, number[]>();
      for (let k = 0; k < n; k++) {
        const s = slot[k];
        if (s === 0) continue;
        let list = bySlot.get(s);
        if (list === undefined) bySlot.set(s, (list = []));
        list.push(k);
      }
      const patchId = idOf(patches.attributes[p], patches.featureIds[p], options.patchIdField);
      const patchClass = patchClasses === null || patchClasses.classOf[p] < 0 ? null : patchClasses.names[patchClasses.classOf[p]];
      for (let g = 0; g < groupKey.length; g++) {
        const area = kernel.groupArea(g);
        const ids = bySlot.get(1 + g);
        if (ids === undefined || !(area > 0)) continue;
        const polys = assemble(xy, ids);
        if (polys.length === 0) continue;
        const f = byClass ? -1 : groupKey[g];
        features.push({
          type: 'Feature',
          properties: {
            patchIndex: p,
            patchId,
            patchClass,
            featureIndex: byClass ? null : f,
            featureId: byClass ? null : idOf(layer.attributes[f], layer.featureIds[f], options.layerIdField),
            class: names[byClass ? groupKey[g] : classOf[f]],
            areaM2: area,
            areaMu: toMu(area),
          },
          geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys },
        });
      }
    }
  } finally {
    giveKernel(kernel);
  }
  const epsg = patches.crs?.epsg ?? layer.crs?.epsg ?? null;
  return {
    type: 'FeatureCollection',
    name: `${patches.name}_x_${layer.name}`,
    ...(epsg !== null ? { crs: { type: 'name' as const, properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } } } : {}),
    measure: measure.kind,
    features,
    repairs: [
      ...prepareLayer(patches, { idField: options.patchIdField }).repairs,
      ...(layer === patches ? [] : prepareLayer(layer, { idField: options.layerIdField }).repairs),
    ],
  };
}
