/**
 * The demand side of 耕地占补平衡 (issue 6, domain.md §7): what each occupation — a construction project, a patch
 * to be legalised (补办), a 造林/种果 change — must have balanced, in the three indicators 耕地数量 (亩), 水田规模
 * (亩) and 粮食产能 (kg).
 *
 * How each figure is computed:
 * - pieces: the occupation's cultivated land by class (水田 / 水浇地 / 旱地) and quality grade (GDDB on land use),
 *   from one overlay of all occupations with land use (pieces.ts; the same land-class folding as the 套合 table,
 *   so an occupation's 耕地 here equals the 耕地 columns of the 套合 table for the same polygon);
 * - need.area_mu = 亩 of Σ pieces; need.paddy_mu = 亩 of Σ 水田 pieces; need.capacity_kg = Σ over pieces of
 *   亩 × the standard yield of the piece's grade (yield.ts), all unrounded.
 * - Since the 2024 reform every type of occupation counts (非农建设, 造林种树, 种果种茶 …); the types listed in
 *   `exemptTypes` (default 设施农用地, domain.md §6) are listed with their pieces but `counted: false`, need zero
 *   and a note saying why.
 * - Cultivated land without a grade: with `missingGrade: "error"` (default) one InputError lists every occupation
 *   and land-use parcel concerned; with `"conservative"` it counts at the best yield of the table (demand is not
 *   understated) and the row's note says so. A grade the yield table does not list is always an error (the table
 *   and the land use disagree on the scale or the range).
 * - Id: the first configured id field with a value (default XMBH, then JCBH); none → `#<feature number>`, noted.
 *   Type: the configured type field (default ZYLX); none → 未注明. Date: the configured date field (default PZRQ),
 *   null when absent.
 */
import { toMu } from '../area/units.js';
import { InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { type BalanceConfig, type BalanceConfigInput, parseBalanceConfig } from './config.js';
import { cultivatedPieces, type PiecesOptions, sumPieces } from './pieces.js';
import { type Demand, type Indicators, type YieldTable, ZERO_INDICATORS } from './types.js';
import { dateValue, textValue } from './values.js';
import { yieldBounds } from './yield.js';

/** The type given to occupations whose type field is empty or absent. */
export const UNSPECIFIED_TYPE = '未注明';

export type DemandOptions = PiecesOptions;

const MAX_LISTED = 20;
const list = (items: readonly string[]): string =>
  items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} … (${items.length} in all)`;
const fmt = (m2: number): string => `${Number(m2.toPrecision(6))} m²`;

/**
 * Demand rows, one per occupation feature in layer order (module comment for every rule).
 *
 * @example
 * const yieldTable = readYieldTable('fixtures/sample/yield-table.csv');
 * const demand = computeDemand(occupations, landuse, yieldTable, { fields: { occupationType: 'TBLX' } });
 * for (const d of demand) console.log(d.id, d.type, d.need.area_mu, d.need.paddy_mu, d.need.capacity_kg);
 */
export function computeDemand(
  occupations: Layer,
  landuse: Layer,
  yieldTable: YieldTable,
  config?: BalanceConfig | BalanceConfigInput,
  options: DemandOptions = {},
): Demand[] {
  const cfg = parseBalanceConfig(config);
  const f = cfg.fields;
  const { polygons } = cultivatedPieces(occupations, landuse, f.grade, options);
  const exempt = new Set(cfg.exemptTypes);
  const best = yieldBounds(yieldTable).best;
  const ungradedErrors: string[] = [];
  const notInTable = new Map<number, string[]>();
  const out: Demand[] = [];
  for (let i = 0; i < occupations.featureCount; i++) {
    const attrs = occupations.attributes[i];
    const notes: string[] = [];
    let id: string | null = null;
    for (const field of f.occupationId) {
      id = textValue(attrs[field]);
      if (id !== null) break;
    }
    if (id === null) {
      id = `#${i + 1}`;
      notes.push(`no id in ${f.occupationId.join(' / ')}: named by its feature number`);
    }
    const type = textValue(attrs[f.occupationType]) ?? UNSPECIFIED_TYPE;
    const date = dateValue(attrs[f.occupationDate], `occupation layer "${occupations.name}" ${f.occupationDate} (id ${id})`, {
      featureIndex: i,
    });
    const p = polygons[i];
    const counted = !exempt.has(type);
    let need: Indicators = ZERO_INDICATORS;
    if (!counted) {
      notes.push(`type ${type} is exempt from 占补平衡 by configuration (exemptTypes): need zero`);
    } else {
      let capacity = 0;
      for (const piece of p.pieces) {
        let kg: number;
        if (piece.grade === null) {
          if (cfg.missingGrade === 'error') {
            const parcels = p.ungraded.filter((u) => u.landClass === piece.landClass);
            ungradedErrors.push(`${id} (${piece.landClass}, ${fmt(piece.areaM2)}; land-use features ${parcels.map((u) => u.feature).join(', ')})`);
            continue;
          }
          kg = best;
          notes.push(`${fmt(piece.areaM2)} of ${piece.landClass} without ${f.grade} counted at the best yield of the table, ${best} kg/亩`);
        } else {
          const y = yieldTable.kgPerMu.get(piece.grade);
          if (y === undefined) {
            const ids = notInTable.get(piece.grade) ?? [];
            ids.push(id);
            notInTable.set(piece.grade, ids);
            continue;
          }
          kg = y;
        }
        capacity += toMu(piece.areaM2) * kg;
      }
      need = {
        area_mu: toMu(sumPieces(p.pieces)),
        paddy_mu: toMu(sumPieces(p.pieces, (x) => x.landClass === 'paddy')),
        capacity_kg: capacity,
      };
    }
    if (p.unknownCodes.length > 0) {
      notes.push(
        `land-use codes in no class of the land-class table lie inside (not counted as 耕地): ` +
          p.unknownCodes.map((u) => `${u.code === '' ? '(empty)' : `"${u.code}"`} ${fmt(u.areaM2)}`).join(', '),
      );
    }
    if (p.overlapM2 > 0) notes.push(`cultivated land-use parcels overlap each other inside by ${fmt(p.overlapM2)} (counted twice)`);
    out.push({ id, type, featureIndex: i, date, pieces: p.pieces, need, counted, note: notes.length > 0 ? notes.join('; ') : null });
  }
  if (ungradedErrors.length > 0) {
    throw new InputError(
      `land-use layer "${landuse.name}": cultivated land without a quality grade (${f.grade}) lies under ${ungradedErrors.length} occupation(s), ` +
        `so its 粮食产能 cannot be computed: ${list(ungradedErrors)}. Give those parcels their grade, or set "missingGrade": "conservative" ` +
        'to count them at the best yield of the table',
    );
  }
  if (notInTable.size > 0) {
    throw new InputError(
      `land-use ${f.grade} grades not in the yield table ${yieldTable.source} (${yieldTable.scale} ${[...yieldTable.kgPerMu.keys()].join(', ')}) ` +
        `lie under occupations: ${[...notInTable].map(([g, ids]) => `grade ${g} (${list(ids)})`).join('; ')}; ` +
        'check that the table and the land use use the same scale (等别 1–15 or 等级 1–10)',
    );
  }
  return out;
}
