/**
 * Folding of codes into the classes of the 套合 table: 三调 land-use codes (DLBM) into 水田 / 水浇地 / 旱地 /
 * 非耕农用地 / 建设用地 / 未利用地 (domain.md §2), and planning-zone codes (GZQLXDM) into the four 管制区.
 *
 * How a land-use code finds its class (most specific first, so a county can move one code out of a prefix):
 * 1. the code itself is listed ("1104A" listed under unused beats "1104" under otherAgri);
 * 2. its 4-digit base is listed: a code of 4 digits followed by letters ("0201K" 可调整果园, "1104A" 养殖坑塘) takes
 *    the class of the 4 digits;
 * 3. its first two characters are listed as a 2-digit class prefix ("02" = 02xx, so "0204" and "0201K" are 园地;
 *    "05H1" 商业服务业设施用地 is 05xx).
 * Codes are compared as trimmed text. A code that matches nothing is unknown: the caller decides (taohe.ts
 * refuses unknown codes under a patch, because their area would have no place in the table).
 */
import type { AttributeValue } from '../geometry/types.js';
import type { CultivatedPart, EnforcementConfig, LandPart, OverlayPart } from './types.js';

/** The classes land-use parcels fold into: the 耕地 split and the other three statutory classes. */
export type LandClass = CultivatedPart | 'otherAgri' | 'construction' | 'unused';

/** The land classes in table order. */
export const LAND_CLASSES: readonly LandClass[] = ['paddy', 'irrigated', 'dry', 'otherAgri', 'unused', 'construction'];

/** The land part (平差 part) a land class belongs to: 水田/水浇地/旱地 are 耕地. */
export function landPartOf(c: LandClass): LandPart {
  return c === 'paddy' || c === 'irrigated' || c === 'dry' ? 'cultivated' : c;
}

/**
 * A code as text: strings trimmed, numbers written out (a numeric DBF field loses leading zeros — 101 stays
 * "101" and will not match "0101", which the caller reports), null/missing as "".
 *
 * @example
 * codeText(' 0101 '); // "0101"
 */
export function codeText(v: AttributeValue | undefined): string {
  if (v === null || v === undefined) return '';
  return String(v).trim();
}

/** The 4-digit base of a suffixed code ("0201K" → "0201"), else null. */
export function baseCode(code: string): string | null {
  const m = /^(\d{4})[A-Za-z]+$/.exec(code);
  return m === null ? null : m[1];
}

/**
 * A function folding land-use codes by the configured table (precedence in the module comment); null for an
 * unknown code.
 *
 * @example
 * const fold = landClassifier(DEFAULT_ENFORCEMENT_CONFIG.landClasses);
 * fold('0101');  // 'paddy'
 * fold('0201K'); // 'otherAgri'
 * fold('05H1');  // 'construction'
 * fold('9999');  // null
 */
export function landClassifier(landClasses: EnforcementConfig['landClasses']): (code: string) => LandClass | null {
  const table = new Map<string, LandClass>();
  for (const c of LAND_CLASSES) for (const code of landClasses[c]) table.set(code, c);
  const memo = new Map<string, LandClass | null>();
  return (code: string): LandClass | null => {
    let c = memo.get(code);
    if (c !== undefined) return c;
    c = table.get(code) ?? null;
    if (c === null) {
      const base = baseCode(code);
      if (base !== null) c = table.get(base) ?? null;
    }
    if (c === null && code.length > 2) {
      const prefix = code.slice(0, 2);
      if (/^\d\d$/.test(prefix)) c = table.get(prefix) ?? null;
    }
    memo.set(code, c);
    return c;
  };
}

/** The planning columns of the table, by configured zone. */
export type PlanningPart = Extract<OverlayPart, 'planAllowed' | 'planConditional' | 'planRestricted' | 'planForbidden'>;

/**
 * A function folding planning-zone codes (exact match of the trimmed text) into the four 管制区 columns; null
 * for a code in none of them.
 *
 * @example
 * planningClassifier(DEFAULT_ENFORCEMENT_CONFIG.planningCodes)('030'); // 'planRestricted'
 */
export function planningClassifier(planningCodes: EnforcementConfig['planningCodes']): (code: string) => PlanningPart | null {
  const table = new Map<string, PlanningPart>();
  for (const code of planningCodes.allowed) table.set(code, 'planAllowed');
  for (const code of planningCodes.conditional) table.set(code, 'planConditional');
  for (const code of planningCodes.restricted) table.set(code, 'planRestricted');
  for (const code of planningCodes.forbidden) table.set(code, 'planForbidden');
  return (code: string): PlanningPart | null => table.get(code) ?? null;
}
