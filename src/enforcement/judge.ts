/**
 * Judgement facts of a 套合 row (domain.md §6): the category the GIS facts suggest, the flags a reviewer must
 * see (永久基本农田, 不符合规划, 生态保护红线, criminal size), and the remediation the county's rules require.
 * Field checks decide (domain.md §1 step 2): a field-verified category on the patch layer always wins.
 *
 * The rules, in order, with t = config.thresholds and all shares taken on unrounded m²:
 *
 * Suggested category
 * 1. approvedShare ≥ t.approvalCoverage → 合法候选 (covered by approvals; 0.7 is a local rule);
 * 2. else filing ÷ total ≥ t.filingCoverage → 设施农用地 (a filed facility-agriculture use: not new construction);
 * 3. else → 疑似违法. An empty patch (total ≤ 0) is 疑似违法: nothing covers it.
 *    Approval and filing coverage are not added together: a patch 40 % approved and 40 % filed is 疑似违法.
 *
 * Category: the verified category (attribute `config.fields.verifiedCategory`, trimmed, empty = none) if
 * present, else the suggested one. A category is illegal when its text contains 违法 and not 非违法/不违法
 * (so 违法, 疑似违法, 违法用地 are; 合法, 合法候选, 设施农用地, 其他, 非新增 are not); overridable.
 *
 * Flags (facts, independent of the category). A part below t.sliverM2 m² is a sliver and counts as zero:
 * - occupiesBasicFarmland: basicFarmland ≥ sliver;
 * - nonConforming: planRestricted + planForbidden ≥ sliver (any part in 限制/禁止建设区, domain.md §6);
 * - touchesRedline: redline ≥ sliver;
 * - criminal (only for an illegal category): 基本农田 亩 ≥ t.criminalBasicFarmlandMu, or 基本农田以外的耕地 亩
 *   ≥ t.criminalCultivatedMu, where 亩 = toMu(m²) unrounded and "≥" because 以上 includes the number
 *   itself (刑法 第九十九条; the thresholds are 非法占用农用地罪's 五亩以上 / 十亩以上, 法释〔2000〕14号 第三条).
 *   基本农田以外的耕地 is taken as max(0, cultivated − basicFarmland): the row has no 耕地 ∩ 基本农田 area, and
 *   this equals it whenever the basic farmland inside the patch lies on 耕地 (else it is a lower bound).
 *   {@link judgeAll} applies the thresholds to the whole patch (the sum of its township parts); {@link judge}
 *   to the row alone unless given the patch totals.
 *
 * Remediation (only for an illegal category; see {@link defaultRemediation}, replaceable by an option):
 * non-conforming → 拆除复耕; on 基本农田 → 拆除复耕; else → 没收并处罚款.
 */
import type { Areas, Category, EnforcementConfig, Judgement, TaoheRow } from './types.js';
import { InputError } from '../errors.js';
import { toMu } from '../area/units.js';

/** The demolish-and-restore remedy (the speech: 不符合规划必须拆除, 严格拆除的标准要做到复垦到位). */
export const DEMOLISH = '拆除复耕';
/** Confiscation with a fine, the remedy for illegal use that conforms to the plan (土地管理法 第七十七条). */
export const CONFISCATE_AND_FINE = '没收并处罚款';
/** Legalisation of a conforming key project (the speech: 尽快消除违法状态 for 重点项目 and 公益民生项目). */
export const LEGALISE = '补办手续';

/** The facts a remediation rule sees. */
export interface RemediationFacts {
  readonly row: TaoheRow;
  /** verified ?? suggested. */
  readonly category: string;
  readonly illegal: boolean;
  readonly occupiesBasicFarmland: boolean;
  readonly nonConforming: boolean;
  readonly touchesRedline: boolean;
  readonly criminal: boolean;
}

export interface JudgeOptions {
  /**
   * Remediation rule replacing {@link defaultRemediation}; called for every row (return null for none). E.g.
   * legalise conforming key projects: `(f) => f.illegal && !f.nonConforming && isKey(f.row) ? '补办手续' :
   * defaultRemediation(f)`.
   */
  readonly remediation?: (facts: RemediationFacts) => string | null;
  /** Whether a category (verified or suggested) is illegal; default {@link isIllegalCategory}. */
  readonly isIllegal?: (category: string) => boolean;
}

/** Patch totals for the criminal thresholds of one township part. */
export interface PatchTotals {
  /** m², slivers already zeroed. */
  readonly basicFarmland: number;
  readonly cultivated: number;
}

/**
 * Default test of an illegal category: the text contains 违法 but not 非违法 / 不违法.
 *
 * @example
 * isIllegalCategory('疑似违法'); // true
 * isIllegalCategory('合法候选'); // false
 */
export function isIllegalCategory(category: string): boolean {
  return category.includes('违法') && !category.includes('非违法') && !category.includes('不违法');
}

/**
 * The default remediation (config-free): for an illegal row, 拆除复耕 when it does not conform to the plan
 * (限制/禁止建设区: the speech orders 不符合规划必须拆除; 土地管理法 第七十七条 限期拆除、恢复土地原状) or
 * occupies 永久基本农田 (which construction may not occupy), else 没收并处罚款 (第七十七条 for conforming use:
 * 没收新建的建筑物和其他设施，可以并处罚款). Conforming key projects may instead be legalised (补办手续): supply
 * your own rule through {@link JudgeOptions.remediation}, since the facts cannot tell a key project. Null for
 * rows that are not illegal.
 *
 * @example
 * defaultRemediation({ ...facts, illegal: true, nonConforming: true }); // '拆除复耕'
 */
export function defaultRemediation(facts: RemediationFacts): string | null {
  if (!facts.illegal) return null;
  if (facts.nonConforming || facts.occupiesBasicFarmland) return DEMOLISH;
  return CONFISCATE_AND_FINE;
}

/** m² → 亩 for threshold tests: the decimal m² × 0.0015, unrounded — toMu, as every table shows it. */
function mu(m2: number): number {
  return toMu(m2);
}

function fmtMu(m2: number): string {
  return mu(m2).toFixed(4);
}

/** A part below the sliver threshold counts as zero (and negative noise too). */
function significant(m2: number, sliver: number): number {
  return Number.isFinite(m2) && m2 >= sliver && m2 > 0 ? m2 : 0;
}

/** The row's own totals for the criminal test, slivers zeroed. */
export function patchTotalsOf(m2: Areas, config: EnforcementConfig): PatchTotals {
  const s = config.thresholds.sliverM2;
  return { basicFarmland: significant(m2.basicFarmland, s), cultivated: significant(m2.cultivated, s) };
}

function verifiedOf(row: TaoheRow, config: EnforcementConfig): string | null {
  const v = row.attributes[config.fields.verifiedCategory];
  if (v === null || v === undefined) return null;
  const text = String(v).trim();
  return text === '' ? null : text;
}

/**
 * Judgement facts of one row; the rules are in this module's header. `options.patch` gives the whole patch's
 * 基本农田 and 耕地 for the criminal test (default: the row's own).
 *
 * @example
 * const j = judge(row, config);
 * if (j.criminal) console.log(`${j.id}: 3 个工作日内报告`, j.reasons);
 */
export function judge(row: TaoheRow, config: EnforcementConfig, options: JudgeOptions & { patch?: PatchTotals } = {}): Judgement {
  const t = config.thresholds;
  const m = row.m2;
  const reasons: string[] = [];
  const total = m.total;

  let suggested: Category;
  const approvedShare = total > 0 ? (Number.isFinite(row.approvedShare) ? row.approvedShare : m.approved / total) : 0;
  const filingShare = total > 0 ? m.filing / total : 0;
  if (!(total > 0)) {
    suggested = '疑似违法';
    reasons.push('图斑面积为0，无批准或备案覆盖');
  } else if (approvedShare >= t.approvalCoverage) {
    suggested = '合法候选';
    reasons.push(`已批比例 ${pct(approvedShare)} ≥ ${pct(t.approvalCoverage)}`);
  } else if (filingShare >= t.filingCoverage) {
    suggested = '设施农用地';
    reasons.push(`设施农用地备案覆盖 ${pct(filingShare)} ≥ ${pct(t.filingCoverage)}`);
  } else {
    suggested = '疑似违法';
    reasons.push(
      `已批比例 ${pct(approvedShare)} < ${pct(t.approvalCoverage)}，备案覆盖 ${pct(filingShare)} < ${pct(t.filingCoverage)}`,
    );
  }

  const verified = verifiedOf(row, config);
  const category = verified ?? suggested;
  if (verified !== null && verified !== suggested) reasons.push(`实地核查类型「${verified}」优先于建议类型「${suggested}」`);
  const illegal = (options.isIllegal ?? isIllegalCategory)(category);

  const s = t.sliverM2;
  const bf = significant(m.basicFarmland, s);
  const occupiesBasicFarmland = bf > 0;
  if (occupiesBasicFarmland) reasons.push(`占用永久基本农田 ${fmtMu(bf)} 亩`);
  const restricted = significant(m.planRestricted + m.planForbidden, s);
  const nonConforming = restricted > 0;
  if (nonConforming) reasons.push(`限制/禁止建设区 ${fmtMu(restricted)} 亩，不符合规划`);
  const red = significant(m.redline, s);
  const touchesRedline = red > 0;
  if (touchesRedline) reasons.push(`涉及生态保护红线 ${fmtMu(red)} 亩`);

  let criminal = false;
  if (illegal) {
    const totals = options.patch ?? patchTotalsOf(m, config);
    const bfMu = mu(totals.basicFarmland);
    const otherMu = mu(Math.max(0, totals.cultivated - totals.basicFarmland));
    const scope = options.patch !== undefined ? '整宗图斑' : '';
    if (bfMu >= t.criminalBasicFarmlandMu) {
      criminal = true;
      reasons.push(`${scope}基本农田 ${bfMu.toFixed(4)} 亩 ≥ ${t.criminalBasicFarmlandMu} 亩，达到刑事立案标准，3个工作日内报告`);
    }
    if (otherMu >= t.criminalCultivatedMu) {
      criminal = true;
      reasons.push(`${scope}基本农田以外耕地 ${otherMu.toFixed(4)} 亩 ≥ ${t.criminalCultivatedMu} 亩，达到刑事立案标准，3个工作日内报告`);
    }
  }

  const facts: RemediationFacts = { row, category, illegal, occupiesBasicFarmland, nonConforming, touchesRedline, criminal };
  const remediationRequired = (options.remediation ?? defaultRemediation)(facts);
  if (remediationRequired !== null) reasons.push(`整改要求：${remediationRequired}`);

  return {
    id: row.id,
    suggested,
    verified,
    category,
    occupiesBasicFarmland,
    nonConforming,
    touchesRedline,
    criminal,
    remediationRequired,
    reasons,
  };
}

/**
 * Judgement facts of every row, in order. The criminal thresholds apply to the whole patch: the parts of a
 * patch split by township (same `patchId`) are summed first (slivers zeroed per part), so a patch of 6 亩
 * 基本农田 split 3 + 3 is criminal in both parts.
 *
 * @example
 * const judgements = judgeAll(taohe.rows, taohe.config);
 * const criminal = judgements.filter((j) => j.criminal).map((j) => j.id);
 */
export function judgeAll(rows: readonly TaoheRow[], config: EnforcementConfig, options: JudgeOptions = {}): Judgement[] {
  const totals = new Map<string, { basicFarmland: number; cultivated: number; parts: number }>();
  for (const r of rows) {
    if (typeof r.patchId !== 'string') throw new InputError(`row ${JSON.stringify(r.id)}: expected a string patchId, found ${typeof r.patchId}`);
    const own = patchTotalsOf(r.m2, config);
    const acc = totals.get(r.patchId);
    if (acc === undefined) totals.set(r.patchId, { ...own, parts: 1 });
    else {
      acc.basicFarmland += own.basicFarmland;
      acc.cultivated += own.cultivated;
      acc.parts++;
    }
  }
  return rows.map((r) => {
    const acc = totals.get(r.patchId)!;
    return judge(r, config, acc.parts > 1 ? { ...options, patch: acc } : options);
  });
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
