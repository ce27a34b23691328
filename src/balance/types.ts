/**
 * The vocabulary of 耕地占补平衡 (domain.md §7, issue 6): three indicators tracked and written off (核销)
 * separately — 耕地数量, 粮食产能, 水田规模 — occupation (demand) rows, supply rows (verified supplement
 * projects, purchased indicators), and the allocation of supply to demand. Computation lives in the sibling
 * modules (yield.ts, demand.ts, supply.ts, allocate.ts); this file only names things.
 */

/** The three indicators, in the units the ledger keeps. */
export interface Indicators {
  /** 耕地数量, 亩. */
  readonly area_mu: number;
  /** 水田规模, 亩. */
  readonly paddy_mu: number;
  /** 粮食产能, 公斤 (Σ area × standard yield of its grade). */
  readonly capacity_kg: number;
}

export const ZERO_INDICATORS: Indicators = Object.freeze({ area_mu: 0, paddy_mu: 0, capacity_kg: 0 });

/** A standard-yield table: kg per 亩 by quality grade (GDDB 等别 1–15, or 等级 1–10). */
export interface YieldTable {
  /** Where it came from (file path, or "built-in example"), stated in every output. */
  readonly source: string;
  /** `'等别'` (1–15, 1 best) or `'等级'` (1–10, GB/T 33469-2016). */
  readonly scale: '等别' | '等级';
  /** grade → kg/亩. */
  readonly kgPerMu: ReadonlyMap<number, number>;
}

/** Cultivated land of one class and grade inside an occupation or a project. */
export interface CultivatedPiece {
  /** `'paddy'` 水田 (0101), `'irrigated'` 水浇地 (0102), `'dry'` 旱地 (0103). */
  readonly landClass: 'paddy' | 'irrigated' | 'dry';
  /** Quality grade, or null when the parcel has none (then capacity cannot be computed: an error or a stated rule). */
  readonly grade: number | null;
  readonly areaM2: number;
}

/** One occupation (demand): a construction project, a patch to be legalised (补办), a 造林/种果 change …. */
export interface Demand {
  readonly id: string;
  /** Occupation type as given (非农建设, 补办, 造林, 种果 …). */
  readonly type: string;
  /** Index in the occupation layer, or −1 for rows that came from elsewhere. */
  readonly featureIndex: number;
  /** Date used for the allocation order (YYYY-MM-DD), when known. */
  readonly date: string | null;
  /** Cultivated land occupied, by class and grade (unrounded m²). */
  readonly pieces: readonly CultivatedPiece[];
  /** What must be balanced. */
  readonly need: Indicators;
  /** False when the type is exempt by configuration (then need is zero and the reason is stated). */
  readonly counted: boolean;
  readonly note: string | null;
}

/** One supply row of the indicator pool (指标库). */
export interface Supply {
  readonly id: string;
  /** `'project'` (a verified supplement project of the county) or `'purchased'` (易地/购买, a ledger row). */
  readonly kind: 'project' | 'purchased';
  /** 复垦/开发/整理 … as given. */
  readonly projectType: string | null;
  readonly name: string | null;
  /** 验收日期 (YYYY-MM-DD): the allocation order. */
  readonly acceptedOn: string | null;
  /** As claimed by the project (XZGDMJ, XZSTMJ, QHDB …), null for purchased rows. */
  readonly claimed: Indicators | null;
  /** As verified by overlay with the newest land use, null for purchased rows. */
  readonly verified: Indicators | null;
  /** What enters the pool (claimed, verified, or the smaller — configurable). */
  readonly credited: Indicators;
  /** Frozen indicators are listed but never allocated. */
  readonly frozen: boolean;
  readonly note: string | null;
}

/** One allocation: part of a supply row written off against a demand. */
export interface Allocation {
  readonly demandId: string;
  readonly supplyId: string;
  readonly amount: Indicators;
}

/** Per indicator: whether demand is covered, and by how much it falls short. */
export interface BalanceSummary {
  readonly demand: Indicators;
  /** Credited supply that is not frozen. */
  readonly supply: Indicators;
  /** Supply left after allocation. */
  readonly remaining: Indicators;
  readonly balanced: boolean;
  /** Indicators whose demand exceeds supply, with the shortfall (zero for balanced ones). */
  readonly deficits: Indicators;
  /** Names of the failing indicators: '耕地数量', '粮食产能', '水田规模'. */
  readonly failing: readonly string[];
}
