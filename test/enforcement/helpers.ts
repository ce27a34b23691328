/**
 * Hand-built inputs shared by the enforcement tests (judge, ledger): 套合 rows and their area records. They are
 * inputs only — every expected value stays in the test that checks it, worked out by hand there.
 */
import { AREA_KEYS } from '../../src/enforcement/adjust.js';
import type { Areas, TaoheRow } from '../../src/enforcement/types.js';

/**
 * An area record: the values given, 0 for every other area key.
 *
 * @example
 * areasOf({ total: 1000, approved: 700 }).filing; // 0
 */
export function areasOf(values: Partial<Areas>): Areas {
  return Object.fromEntries(AREA_KEYS.map((k) => [k, values[k] ?? 0])) as Areas;
}

/**
 * A 套合 row by hand: m² per area key (others 0), 亩 the same numbers unless `extra.mu` is given, approvedShare =
 * approved ÷ total (0 for an empty patch), a whole patch (`part` null) of patch index 0 in 城关镇 371326100000;
 * `extra` replaces any of these.
 *
 * @example
 * taoheRow('P1', { total: 2000, cultivated: 1000 }, { townshipCode: '001', attributes: { TBLX: '新增建设用地' } });
 */
export function taoheRow(id: string, m2: Partial<Areas> & { total: number }, extra: Partial<TaoheRow> = {}): TaoheRow {
  const areas = areasOf(m2);
  return {
    id,
    patchId: id,
    patchIndex: 0,
    part: null,
    townshipCode: '371326100000',
    townshipName: '城关镇',
    m2: areas,
    mu: areas,
    approvedShare: areas.total > 0 ? areas.approved / areas.total : 0,
    balanced: true,
    attributes: {},
    ...extra,
  };
}
