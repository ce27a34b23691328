/**
 * The shared vocabulary of 卫片执法 (domain.md §1, §5, §6): the per-patch 套合 row, the configuration that
 * holds every local rule, and the judgement facts derived from a row. Computation lives in the sibling
 * modules (taohe.ts, adjust.ts, judge.ts, ledger.ts, merge.ts, report-html.ts); this file only names things.
 */
import type { Attributes } from '../geometry/types.js';

/** The five parts of a patch that must add up to its total area (面积平差, domain.md §5). */
export type LandPart = 'cultivated' | 'otherAgri' | 'unused' | 'construction' | 'unsurveyed';
/** The split of 耕地 into 水田 / 水浇地 / 旱地 (they add up to `cultivated`). */
export type CultivatedPart = 'paddy' | 'irrigated' | 'dry';
/** Areas of the patch on the other layers; each is independent of the others (they may overlap). */
export type OverlayPart =
  | 'basicFarmland'
  | 'redline'
  | 'planAllowed'
  | 'planConditional'
  | 'planRestricted'
  | 'planForbidden'
  | 'approved'
  | 'filing'
  | 'reclamation';
export type AreaKey = 'total' | LandPart | CultivatedPart | OverlayPart;
export type Areas = Record<AreaKey, number>;

/** Land parts in table order; `total` = their sum. */
export const LAND_PARTS: readonly LandPart[] = ['cultivated', 'otherAgri', 'unused', 'construction', 'unsurveyed'];
export const CULTIVATED_PARTS: readonly CultivatedPart[] = ['paddy', 'irrigated', 'dry'];
export const OVERLAY_PARTS: readonly OverlayPart[] = [
  'basicFarmland',
  'redline',
  'planAllowed',
  'planConditional',
  'planRestricted',
  'planForbidden',
  'approved',
  'filing',
  'reclamation',
];

/** Column titles of the 套合 table exactly as delivered (issue 5), by area key. */
export const AREA_TITLES: Readonly<Record<AreaKey, string>> = {
  total: '地块总面积',
  cultivated: '耕地面积',
  paddy: '水田面积',
  irrigated: '水浇地面积',
  dry: '旱地面积',
  basicFarmland: '基本农田面积',
  otherAgri: '非耕农用地面积',
  unused: '未利用地面积',
  construction: '建设用地面积',
  unsurveyed: '未调查面积',
  redline: '生态红线面积',
  planAllowed: '允许建设区面积',
  planConditional: '有条件建设区面积',
  planRestricted: '限制建设区面积',
  planForbidden: '禁止建设区面积',
  approved: '已批面积',
  filing: '备案设施农用地面积',
  reclamation: '复垦区面积',
};

/** Area keys in the order of the 套合 table's columns (the order of {@link AREA_TITLES}). */
export const TABLE_AREA_KEYS: readonly AreaKey[] = Object.keys(AREA_TITLES) as AreaKey[];

/** One row of the 套合 table: a patch, or the part of a patch inside one township when patches are split. */
export interface TaoheRow {
  /** 图斑编号 as printed: the patch id, or `${patchId}_${part}` for the parts of a patch split by township. */
  readonly id: string;
  readonly patchId: string;
  /** Index of the patch in the patch layer. */
  readonly patchIndex: number;
  /** 1-based part number when the patch was split by township, else null. */
  readonly part: number | null;
  readonly townshipCode: string | null;
  readonly townshipName: string | null;
  /** Unrounded ellipsoidal areas, m². */
  readonly m2: Areas;
  /** 亩, rounded to 2 decimals; the land parts adjusted (平差) to add up exactly to `total`. */
  readonly mu: Areas;
  /** approved ÷ total, unrounded (已批比例). */
  readonly approvedShare: number;
  /** 平差通过: the rounded land parts add up to the rounded total, and each is within 0.01 亩 of its exact value. */
  readonly balanced: boolean;
  /** The patch's own attributes (TBLX, a field-verified category, …). */
  readonly attributes: Attributes;
}

/** How a patch that lies in several townships is reported. */
export type TownshipAssignment = 'split' | 'majority';

/**
 * Every local rule of the 套合 and the judgement, with documented defaults (config.ts). Codes are strings.
 * A land-use code matches an entry when equal to it, or when the entry is a 2-digit class prefix ("02" = 02xx),
 * or when the code's 4-digit base (suffix letters removed: "0201K" → "0201") matches.
 */
export interface EnforcementConfig {
  /** 三大类 folding of 三调 codes (domain.md §2), plus the 耕地 split. */
  readonly landClasses: {
    readonly paddy: readonly string[];
    readonly irrigated: readonly string[];
    readonly dry: readonly string[];
    readonly otherAgri: readonly string[];
    readonly construction: readonly string[];
    readonly unused: readonly string[];
  };
  /** GZQLXDM codes of the four planning zones. */
  readonly planningCodes: {
    readonly allowed: readonly string[];
    readonly conditional: readonly string[];
    readonly restricted: readonly string[];
    readonly forbidden: readonly string[];
  };
  readonly fields: {
    /** Patch id (default JCBH). */
    readonly patchId: string;
    /** Land-use class code on DLTB (default DLBM). */
    readonly landClass: string;
    /** Planning zone code (default GZQLXDM). */
    readonly planningZone: string;
    /** Township code and name on the township layer (default XZQDM, XZQMC). */
    readonly townshipCode: string;
    readonly townshipName: string;
    /** A field-verified category on the patch layer, if any (default HCLX 核查类型); never overridden. */
    readonly verifiedCategory: string;
    /** Remediation status on the patch layer or status CSV (default ZGZT 整改状态). */
    readonly status: string;
    /** Remediation method (default ZGFS 整改方式: 拆除复耕, 没收, 罚款, 补办手续 …). */
    readonly remediation: string;
  };
  readonly thresholds: {
    /** Approved share of a patch at or above which it is 合法候选 (default 0.7, a local rule). */
    readonly approvalCoverage: number;
    /** Share of a filing's coverage at or above which a patch is 设施农用地 (default 0.7). */
    readonly filingCoverage: number;
    /** 非法占用农用地罪 thresholds, 亩 (default 5 基本农田, 10 耕地). */
    readonly criminalBasicFarmlandMu: number;
    readonly criminalCultivatedMu: number;
    /** 重合图斑: overlap share of the smaller patch at or above which two patches are one task (default 0.5). */
    readonly overlapShare: number;
    /** Pieces below this area (m²) are slivers: reported, not counted in judgement flags (default 1 m²). */
    readonly sliverM2: number;
    /** Accountability line for 违法占用耕地 ÷ 新增建设用地占用耕地 (default 0.15). */
    readonly illegalCultivatedRatio: number;
    /** 复垦到位: share of a 拆除复耕 patch that must be cultivated again (default 0.9). */
    readonly reclaimedShare: number;
  };
  readonly townshipAssignment: TownshipAssignment;
}

/** Suggested category (never overrides a field-verified one). */
export type Category = '合法候选' | '设施农用地' | '疑似违法';

/** Judgement facts of one 套合 row (domain.md §6). */
export interface Judgement {
  readonly id: string;
  /** From the facts. */
  readonly suggested: Category;
  /** The field-verified category from the patch layer, when present; it wins. */
  readonly verified: string | null;
  /** verified ?? suggested. */
  readonly category: string;
  readonly occupiesBasicFarmland: boolean;
  /** Any part in 限制/禁止建设区: must be demolished (the speech). */
  readonly nonConforming: boolean;
  readonly touchesRedline: boolean;
  /** Over the criminal thresholds: report within 3 working days. */
  readonly criminal: boolean;
  /** What the speech requires for this case (拆除复耕 for non-conforming illegal patches, …). */
  readonly remediationRequired: string | null;
  /** Human-readable reasons, one per fact used. */
  readonly reasons: readonly string[];
}

/** A township (or the county) row of the summary: sums of its 套合 rows. */
export interface SummaryRow {
  /** Township code, or null for the county row (and for rows in no township). */
  readonly code: string | null;
  readonly name: string;
  /** Number of 套合 rows (patches or patch parts) in it. */
  readonly count: number;
  readonly m2: Areas;
  /** 亩, 2 decimals, adjusted so that parts add up to the total and townships add up to the county. */
  readonly mu: Areas;
}

/** The layers of a 套合 (all in one CRS; only patches and land use are required). */
export interface TaoheInputs {
  readonly patches: import('../geometry/types.js').Layer;
  readonly landuse: import('../geometry/types.js').Layer;
  readonly farmland?: import('../geometry/types.js').Layer;
  readonly redline?: import('../geometry/types.js').Layer;
  readonly planning?: import('../geometry/types.js').Layer;
  readonly approvals?: import('../geometry/types.js').Layer;
  readonly filings?: import('../geometry/types.js').Layer;
  readonly reclamation?: import('../geometry/types.js').Layer;
  readonly townships?: import('../geometry/types.js').Layer;
}

/** What {@link TaoheInputs} give: the table, its summaries and what the reader should know. */
export interface TaoheResult {
  readonly rows: readonly TaoheRow[];
  /** One row per township (in township-layer order; rows in no township last, code null), then nothing else. */
  readonly townships: readonly SummaryRow[];
  readonly county: SummaryRow;
  readonly config: EnforcementConfig;
  /** `"ellipsoidal"` or `"planar"`. */
  readonly measure: string;
  /** Statements for the 参数 sheet and stderr: township assignment used, layers missing, slivers, … */
  readonly notes: readonly string[];
  /** Invalid geometry read by the even-odd rule, per layer and feature. */
  readonly repairs: readonly import('../overlay/repair.js').RepairReport[];
}
