/**
 * Data checks the command line makes on what it read and computed, for the technician to see: patch ids used
 * twice, features without an id, patches that overlap nothing of a layer. They are findings, not failures:
 * the output is still complete (every feature keeps its own rows), and report.ts prints them on stderr.
 */
import { idOf } from '../geometry/build.js';
import type { Layer } from '../geometry/types.js';
import type { TabulateResult } from '../overlay/tabulate.js';

/** One id value carried by more than one feature. */
export interface DuplicateId {
  /** The id as it appears in the output. */
  readonly id: string;
  /** Zero-based indexes of the features carrying it, ascending. */
  readonly featureIndexes: readonly number[];
}

export interface IdFindings {
  /** Id values used by two or more features, in order of first use. */
  readonly duplicates: readonly DuplicateId[];
  /** Features with no value in the `--id` field (their rows fall back to the GeoJSON id, else the index). */
  readonly missing: readonly number[];
}

/**
 * Ids used more than once, and features without one. Ids are compared as the text the output shows (the
 * number 7 and the string "7" collide there, so they count as the same id). For 卫片 patches a 监测编号 must
 * be unique: two patches under one number cannot be told apart in a ledger.
 *
 * @example
 * const { duplicates } = checkIds(patches, 'JCBH');
 * for (const d of duplicates) console.log(d.id, d.featureIndexes); // "3713…" [4, 17]
 */
export function checkIds(layer: Layer, idField: string | undefined): IdFindings {
  const seen = new Map<string, number[]>();
  const missing: number[] = [];
  for (let f = 0; f < layer.featureCount; f++) {
    const id = idOf(layer.attributes[f], layer.featureIds[f], idField);
    if (idField !== undefined) {
      const v = layer.attributes[f][idField];
      if (v === undefined || v === null || v === '') missing.push(f);
    }
    if (id === null || id === '') continue;
    const key = String(id);
    const list = seen.get(key);
    if (list === undefined) seen.set(key, [f]);
    else list.push(f);
  }
  const duplicates: DuplicateId[] = [];
  for (const [id, featureIndexes] of seen) if (featureIndexes.length > 1) duplicates.push({ id, featureIndexes });
  return { duplicates, missing };
}

/** The patches of one layer's table that overlap no feature of it. */
export interface Uncovered {
  readonly layer: string;
  /** Patches with an area (empty ones are reported by the reader) and no overlap with any feature. */
  readonly patches: readonly { readonly index: number; readonly id: string | number }[];
  /** Patches with an area, the base of the count. */
  readonly ofPatches: number;
}

/**
 * Patches that overlap no feature of the layer (area(P ∩ layer) = 0, touching counts as no overlap). Normal for
 * farmland or approvals; for townships or land use it means a patch lies outside the data.
 *
 * @example
 * const u = patchesOverlappingNothing(tabulate(patches, townships, { patchIdField: 'JCBH' }));
 * if (u.patches.length > 0) console.log(`${u.layer}: ${u.patches.length} patches outside every township`);
 */
export function patchesOverlappingNothing(result: TabulateResult): Uncovered {
  const patches: { index: number; id: string | number }[] = [];
  let ofPatches = 0;
  for (const p of result.patches) {
    if (!(p.areaM2 > 0)) continue;
    ofPatches++;
    if (p.coveredM2 === 0) patches.push({ index: p.patchIndex, id: p.patchId ?? p.patchIndex });
  }
  return { layer: result.layer, patches, ofPatches };
}
