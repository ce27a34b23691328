/**
 * Cultivated land by class and quality grade inside polygons (occupations, supplement projects): one
 * {@link tabulate} of the polygons against land use, each land-use parcel classed `${class}|${grade}` when its
 * code folds into 水田 / 水浇地 / 旱地 (the enforcement configuration's landClasses, via classes.ts — the same
 * folding as the 套合 table, so both count the same 耕地), and left out otherwise.
 *
 * - Parcels of one class and grade that overlap are counted once (tabulate unions a class).
 * - A parcel without a grade is a class of its own (`${class}||${feature}`), so that the caller can name every
 *   such parcel under every polygon; its area comes back in a piece with grade null.
 * - Codes that fold into no class are tabulated as `?${code}` and reported per polygon (unknownCodes), not
 *   counted: the caller notes them, as the 套合 table refuses them.
 */
import { CompensatedSum } from '../area/summation.js';
import { codeText, landClassifier } from '../enforcement/classes.js';
import { parseEnforcementConfig, type EnforcementConfigInput } from '../enforcement/config.js';
import type { EnforcementConfig } from '../enforcement/types.js';
import { requireField } from '../geometry/fields.js';
import type { Layer } from '../geometry/types.js';
import type { MeasureOption } from '../overlay/measure.js';
import { type ClassBy, tabulate } from '../overlay/tabulate.js';
import type { CultivatedPiece } from './types.js';
import { gradeValue } from './values.js';

export interface PiecesOptions {
  /** Area measure (default: ellipsoidal for a projected CRS, else planar — as tabulate). */
  readonly measure?: MeasureOption;
  /** The enforcement configuration whose landClasses and fields.landClass (DLBM) are used (default: its defaults). */
  readonly enforcement?: EnforcementConfig | EnforcementConfigInput;
}

/** What lies inside one polygon. */
export interface PolygonPieces {
  /** By class (paddy, irrigated, dry) then grade (ascending, null last); unrounded m². */
  readonly pieces: readonly CultivatedPiece[];
  /** The polygon's own area, m². */
  readonly areaM2: number;
  /** Ungraded cultivated parcels inside: land-use feature index and the area inside, m². */
  readonly ungraded: readonly { readonly feature: number; readonly landClass: CultivatedPiece['landClass']; readonly areaM2: number }[];
  /** Land-use codes matching no class, inside the polygon, with their area (m²). */
  readonly unknownCodes: readonly { readonly code: string; readonly areaM2: number }[];
  /** Area where cultivated parcels of different class or grade overlap each other (counted twice), m². */
  readonly overlapM2: number;
}

export interface PiecesResult {
  /** `"ellipsoidal"`, `"planar"`, …. */
  readonly measure: string;
  readonly polygons: readonly PolygonPieces[];
}

const CLASS_ORDER = { paddy: 0, irrigated: 1, dry: 2 } as const;

/**
 * Cultivated pieces of every polygon of `polygons` (module comment).
 *
 * @example
 * const { polygons } = cultivatedPieces(occupations, landuse, 'GDDB');
 * polygons[0].pieces; // [{ landClass: 'paddy', grade: 6, areaM2: 1234.5 }, …]
 */
export function cultivatedPieces(polygons: Layer, landuse: Layer, gradeField: string, options: PiecesOptions = {}): PiecesResult {
  const enforcement = parseEnforcementConfig(options.enforcement);
  const landField = enforcement.fields.landClass;
  requireField(landuse, landField, 'land-use', 'the enforcement configuration fields.landClass');
  requireField(landuse, gradeField, 'land-use', 'fields.grade');
  const fold = landClassifier(enforcement.landClasses);
  const classBy: ClassBy = (attrs, f) => {
    const code = codeText(attrs[landField]);
    const c = fold(code);
    if (c === null) return `?${code}`;
    if (c !== 'paddy' && c !== 'irrigated' && c !== 'dry') return null;
    const grade = gradeValue(attrs[gradeField], `land-use layer "${landuse.name}" ${gradeField}`, { featureIndex: f });
    return grade === null ? `${c}||${f}` : `${c}|${grade}`;
  };
  const t = tabulate(polygons, landuse, { classBy, measure: options.measure });
  const out: PolygonPieces[] = t.patches.map((p) => {
    const byKey = new Map<string, { landClass: CultivatedPiece['landClass']; grade: number | null; sum: CompensatedSum }>();
    const ungraded: { feature: number; landClass: CultivatedPiece['landClass']; areaM2: number }[] = [];
    const unknownCodes: { code: string; areaM2: number }[] = [];
    const all = new CompensatedSum();
    for (const part of p.parts) {
      all.add(part.areaM2);
      if (part.class.startsWith('?')) {
        unknownCodes.push({ code: part.class.slice(1), areaM2: part.areaM2 });
        continue;
      }
      const [cls, gradeText, feature] = part.class.split('|');
      const landClass = cls as CultivatedPiece['landClass'];
      const grade = gradeText === '' ? null : Number(gradeText);
      if (grade === null) ungraded.push({ feature: Number(feature), landClass, areaM2: part.areaM2 });
      const key = `${cls}|${gradeText}`;
      let e = byKey.get(key);
      if (e === undefined) byKey.set(key, (e = { landClass, grade, sum: new CompensatedSum() }));
      e.sum.add(part.areaM2);
    }
    const pieces: CultivatedPiece[] = [...byKey.values()]
      .map((e) => ({ landClass: e.landClass, grade: e.grade, areaM2: e.sum.value }))
      .sort((a, b) => CLASS_ORDER[a.landClass] - CLASS_ORDER[b.landClass] || (a.grade ?? Infinity) - (b.grade ?? Infinity));
    const tol = 1e-7 + 1e-10 * Math.abs(p.areaM2);
    const excess = all.value - p.coveredM2;
    return { pieces, areaM2: p.areaM2, ungraded, unknownCodes, overlapM2: excess > tol ? excess : 0 };
  });
  return { measure: t.measure, polygons: out };
}

/** Σ m² of pieces, compensated. *
 * @example
 * sumPieces(pieces, (p) => p.landClass === 'paddy');
 */
export function sumPieces(pieces: readonly CultivatedPiece[], keep: (p: CultivatedPiece) => boolean = () => true): number {
  const s = new CompensatedSum();
  for (const p of pieces) if (keep(p)) s.add(p.areaM2);
  return s.value;
}
