/**
 * Judgement facts (judge.ts) on hand-built 套合 rows. Expected values come from the rules as stated in the issue
 * and domain.md §6 (thresholds, ≥ for 以上 per 刑法 第九十九条), with 亩 → m² conversions done by hand
 * (1 亩 = 2000/3 m²), never from the module's own output.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENFORCEMENT_CONFIG } from '../../src/enforcement/config.js';
import {
  CONFISCATE_AND_FINE,
  DEMOLISH,
  defaultRemediation,
  isIllegalCategory,
  judge,
  judgeAll,
  LEGALISE,
} from '../../src/enforcement/judge.js';
import type { Areas, TaoheRow } from '../../src/enforcement/types.js';
import { areasOf, taoheRow } from './helpers.js';

/** The shipped defaults (config.ts; config.test.ts checks them against domain.md §2, §6). */
const CONFIG = DEFAULT_ENFORCEMENT_CONFIG;

/** A 套合 row by hand: m² per area key (others 0), 亩 = m² × 0.0015 to the cent, approvedShare = approved ÷ total. */
function row(id: string, m2: Partial<Areas> & { total: number }, extra: { patchId?: string; attributes?: Record<string, string> } = {}): TaoheRow {
  const mu = Object.fromEntries(Object.entries(areasOf(m2)).map(([k, v]) => [k, Math.round(v * 0.15) / 100])) as Areas;
  return taoheRow(id, m2, { patchId: extra.patchId ?? id, attributes: extra.attributes ?? {}, mu });
}

/** m² of a number of 亩, by hand: 亩 × 2000 / 3. */
const m2OfMu = (mu: number): number => (mu * 2000) / 3;

describe('suggested category', () => {
  it('approvals at or above the coverage threshold give 合法候选; just below does not', () => {
    expect(judge(row('a', { total: 1000, approved: 700 }), CONFIG).suggested).toBe('合法候选');
    expect(judge(row('b', { total: 1000, approved: 699.9 }), CONFIG).suggested).toBe('疑似违法');
  });

  it('a facility-agriculture filing at or above its threshold gives 设施农用地; approvals are checked first', () => {
    expect(judge(row('a', { total: 1000, filing: 700 }), CONFIG).suggested).toBe('设施农用地');
    expect(judge(row('b', { total: 1000, filing: 1000, approved: 800 }), CONFIG).suggested).toBe('合法候选');
    expect(judge(row('c', { total: 1000, filing: 600 }), CONFIG).suggested).toBe('疑似违法');
  });

  it('approval and filing coverage are not added: 40 % + 40 % is 疑似违法; an empty patch too', () => {
    expect(judge(row('a', { total: 1000, approved: 400, filing: 400 }), CONFIG).suggested).toBe('疑似违法');
    const empty = judge(row('e', { total: 0 }), CONFIG);
    expect(empty.suggested).toBe('疑似违法');
    expect(empty.reasons.length).toBeGreaterThan(0);
  });

  it('a field-verified category that disagrees with the suggestion wins, for the flags and remediation too', () => {
    // Facts say illegal, on 8 亩 of basic farmland; the field check says legal: no crime, no remediation.
    const legal = judge(row('v', { total: m2OfMu(9), basicFarmland: m2OfMu(8), cultivated: m2OfMu(8) }, { attributes: { HCLX: ' 合法 ' } }), CONFIG);
    expect(legal.suggested).toBe('疑似违法');
    expect(legal.verified).toBe('合法');
    expect(legal.category).toBe('合法');
    expect(legal.criminal).toBe(false);
    expect(legal.remediationRequired).toBeNull();
    expect(legal.occupiesBasicFarmland).toBe(true); // a fact, whatever the category
    // Facts say approved; the field check says illegal.
    const illegal = judge(row('w', { total: 1000, approved: 1000 }, { attributes: { HCLX: '违法' } }), CONFIG);
    expect([illegal.suggested, illegal.category]).toEqual(['合法候选', '违法']);
    expect(illegal.remediationRequired).toBe(CONFISCATE_AND_FINE);
    // An empty verified cell is no verification.
    expect(judge(row('x', { total: 1000, approved: 1000 }, { attributes: { HCLX: '  ' } }), CONFIG).verified).toBeNull();
  });

  it('reads 违法 in a category as illegal, but not 非违法 / 合法 / 设施农用地', () => {
    expect(['违法', '疑似违法', '违法用地'].map(isIllegalCategory)).toEqual([true, true, true]);
    expect(['合法', '合法候选', '设施农用地', '其他', '非违法', '非新增'].map(isIllegalCategory)).toEqual([false, false, false, false, false, false]);
  });
});

describe('criminal thresholds (5 亩 基本农田 / 10 亩 other 耕地, ≥)', () => {
  it('4.99 亩 of basic farmland is under, exactly 5.00 亩 is over', () => {
    const under = judge(row('u', { total: 5000, basicFarmland: m2OfMu(4.99), cultivated: m2OfMu(4.99) }), CONFIG);
    const at = judge(row('a', { total: 5000, basicFarmland: 10000 / 3, cultivated: 10000 / 3 }), CONFIG);
    expect(under.criminal).toBe(false);
    expect(at.criminal).toBe(true);
    expect(at.reasons.some((r) => r.includes('3个工作日'))).toBe(true);
  });

  it('10 亩 of 耕地 outside basic farmland is over; 14 亩 耕地 of which 4.99 basic farmland (9.01 other) is not', () => {
    expect(judge(row('c', { total: 9000, cultivated: m2OfMu(10) }), CONFIG).criminal).toBe(true);
    expect(judge(row('c2', { total: 9000, cultivated: m2OfMu(9.99) }), CONFIG).criminal).toBe(false);
    expect(judge(row('d', { total: 12000, cultivated: m2OfMu(14), basicFarmland: m2OfMu(4.99) }), CONFIG).criminal).toBe(false);
  });

  it('only an illegal category can be criminal', () => {
    expect(judge(row('ok', { total: 9000, approved: 9000, cultivated: m2OfMu(12) }), CONFIG).criminal).toBe(false);
  });

  it('judgeAll adds the township parts of a patch: 3 + 3 亩 basic farmland is criminal in both parts', () => {
    const parts = [
      row('P_1', { total: 3000, basicFarmland: m2OfMu(3) }, { patchId: 'P' }),
      row('P_2', { total: 3000, basicFarmland: m2OfMu(3) }, { patchId: 'P' }),
      row('Q', { total: 3000, basicFarmland: m2OfMu(3) }),
    ];
    expect(judgeAll(parts, CONFIG).map((j) => j.criminal)).toEqual([true, true, false]);
    expect(judge(parts[0], CONFIG).criminal).toBe(false); // the part alone
  });
});

describe('slivers (< sliverM2) raise no flag; at the threshold they do', () => {
  it('basic farmland, planning and red line', () => {
    const sliver = judge(row('s', { total: 1000, basicFarmland: 0.99, planRestricted: 0.5, planForbidden: 0.49, redline: 0.999 }), CONFIG);
    expect([sliver.occupiesBasicFarmland, sliver.nonConforming, sliver.touchesRedline]).toEqual([false, false, false]);
    expect(sliver.remediationRequired).toBe(CONFISCATE_AND_FINE); // no 拆除复耕 from slivers
    const at = judge(row('t', { total: 1000, basicFarmland: 1, planForbidden: 1, redline: 1 }), CONFIG);
    expect([at.occupiesBasicFarmland, at.nonConforming, at.touchesRedline]).toEqual([true, true, true]);
    // 0.5 + 0.5 m² of 限制 + 禁止 together reach 1 m²: one zone of non-conforming area.
    expect(judge(row('r', { total: 1000, planRestricted: 0.5, planForbidden: 0.5 }), CONFIG).nonConforming).toBe(true);
  });
});

describe('remediation required (the speech)', () => {
  it('non-conforming illegal → 拆除复耕', () => {
    expect(judge(row('n', { total: 1000, planRestricted: 200, planAllowed: 800 }), CONFIG).remediationRequired).toBe(DEMOLISH);
    expect(judge(row('n2', { total: 1000, planForbidden: 1000 }), CONFIG).remediationRequired).toBe('拆除复耕');
  });
  it('conforming illegal on basic farmland → 拆除复耕', () => {
    expect(judge(row('b', { total: 1000, planAllowed: 1000, basicFarmland: 50 }), CONFIG).remediationRequired).toBe('拆除复耕');
  });
  it('conforming illegal off basic farmland → 没收并处罚款', () => {
    expect(judge(row('c', { total: 1000, planConditional: 1000, cultivated: 300 }), CONFIG).remediationRequired).toBe('没收并处罚款');
  });
  it('legal and facility-agriculture rows need none', () => {
    expect(judge(row('l', { total: 1000, approved: 1000, planForbidden: 1000 }), CONFIG).remediationRequired).toBeNull();
    expect(judge(row('f', { total: 1000, filing: 1000 }), CONFIG).remediationRequired).toBeNull();
  });
  it('a remediation option legalises conforming key projects (补办手续) and keeps the defaults otherwise', () => {
    const keyProject = (r: TaoheRow): boolean => r.attributes.ZDXM === '是';
    const remediation = (f: Parameters<typeof defaultRemediation>[0]): string | null =>
      f.illegal && !f.nonConforming && !f.occupiesBasicFarmland && keyProject(f.row) ? LEGALISE : defaultRemediation(f);
    const rows = [
      row('k', { total: 1000, planAllowed: 1000 }, { attributes: { ZDXM: '是' } }),
      row('k2', { total: 1000, planForbidden: 1000 }, { attributes: { ZDXM: '是' } }),
      row('o', { total: 1000, planAllowed: 1000 }),
    ];
    expect(judgeAll(rows, CONFIG, { remediation }).map((j) => j.remediationRequired)).toEqual(['补办手续', '拆除复耕', '没收并处罚款']);
  });
  it('an isIllegal option changes which categories are tasks', () => {
    const j = judge(row('x', { total: 1000, planForbidden: 1000 }, { attributes: { HCLX: '待定' } }), CONFIG, { isIllegal: (c) => c === '待定' });
    expect(j.remediationRequired).toBe('拆除复耕');
  });
});

describe('config.ts defaults', () => {
  it('judges a mixed set with the shipped defaults as the documented thresholds say', () => {
    const rows = [
      row('a', { total: 1000, approved: 700 }),
      row('b', { total: 5000, basicFarmland: 10000 / 3 }),
      row('c', { total: 5000, basicFarmland: m2OfMu(4.99), planRestricted: 10 }),
    ];
    const got = judgeAll(rows, DEFAULT_ENFORCEMENT_CONFIG).map((j) => [j.category, j.criminal, j.remediationRequired]);
    expect(got).toEqual([
      ['合法候选', false, null],
      ['疑似违法', true, '拆除复耕'],
      ['疑似违法', false, '拆除复耕'],
    ]);
  });
});
