/**
 * 整改台账 and dashboard ratios (domain.md §1 step 3, §6): per township and for the county, the patch counts and
 * areas, the illegal ones, what they occupy, how far remediation has come (清零), what is overdue, and the
 * accountability ratio of 监察部 国土资源部令第15号; plus the 复垦到位 check of 拆除复耕 patches.
 *
 * Definitions (all areas summed unrounded in m²; 亩 shown rounded half away from zero to 2 decimals):
 * - a **task** is a row whose category (verified ?? suggested, see judge.ts) is illegal; only tasks carry a
 *   remediation status. A task with no status record is 未整改 and listed in `missingStatus`; a status record
 *   for a row that is not a task is listed in `statusOnNonTask` (counted nowhere).
 * - status records match a row by its id (`${patchId}_${part}` for township parts), else by its patch id, so a
 *   record keyed by 图斑编号 covers every part of a split patch. Records matching no row are `unknownStatusIds`.
 * - **清零 progress** = tasks 已整改 ÷ tasks (null when there are no tasks).
 * - **overdue**: a task not 已整改 whose deadline — the record's 整改期限, else its township's deadline — is
 *   before `asOf` (the deadline day itself is still in time). Tasks with neither deadline are counted in
 *   `noDeadline`, never overdue.
 * - **new construction**: the row's 变化类型 (status record) or else its patch attribute TBLX is one of
 *   `newConstructionTypes` (default 新增建设用地, 农村宅基地, 道路, 光伏用地 — a local rule). 设施农用地,
 *   推填土 and 其他 are not new construction (domain.md §6: filed 设施农用地 is not).
 * - ratios: 违法占用耕地 ÷ 新增建设用地占用耕地, both over new-construction rows (so the ratio is ≤ 1), flagged
 *   when ≥ `config.thresholds.illegalCultivatedRatio` (令第15号: "比例达到15%以上", 以上 including the number);
 *   违法占地 ÷ 新增建设用地 (areas of new-construction rows); 未整改 ÷ 违法 (tasks whose status is 未整改, by
 *   count and by area; 整改中 is not 未整改). A ratio with a zero denominator is null.
 * - a row counts once in `rows`; `patches` counts distinct patch ids (a patch split by townships counts once in
 *   the county, and once in each of its townships).
 */
import { roundHalfAwayFromZero, toMu } from '../area/units.js';
import { largestRemainder, muCents, muTicks } from './adjust.js';
import { CrsError, InputError } from '../errors.js';
import { sameCrs } from '../crs/index.js';
import type { Attributes, Layer } from '../geometry/types.js';
import type { MeasureOption } from '../overlay/measure.js';
import { tabulate } from '../overlay/tabulate.js';
import { DEMOLISH, isIllegalCategory } from './judge.js';
import { landClassifier, landPartOf } from './classes.js';
import { missingPatchId, patchIdText } from './taohe.js';
import { parseDate, type RemediationStatus, type StatusRecord, type StatusTable } from './status.js';
import type { EnforcementConfig, Judgement, TaoheRow } from './types.js';

/** An area: unrounded m² and 亩 rounded half away from zero to 2 decimals for display. */
export interface AreaFigure {
  readonly m2: number;
  readonly mu: number;
}

/** A ratio with its parts (m² for area ratios, counts for count ratios). */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator ÷ denominator, null when the denominator is 0. */
  readonly value: number | null;
  /** The line it is checked against, or null for ratios shown without one. */
  readonly threshold: number | null;
  /** value ≥ threshold. */
  readonly flagged: boolean;
}

/** One township (or the county) line of the ledger. */
export interface LedgerRow {
  /** Township code; null for the county row and for rows in no township. */
  readonly code: string | null;
  readonly name: string;
  /** 套合 rows (patches or township parts of patches). */
  readonly rows: number;
  /** Distinct patch ids. */
  readonly patches: number;
  readonly area: AreaFigure;
  /** Tasks (rows judged illegal) and what they occupy. */
  readonly illegal: { readonly count: number; readonly area: AreaFigure; readonly cultivated: AreaFigure; readonly basicFarmland: AreaFigure };
  /** New-construction rows, all and illegal. */
  readonly newConstruction: {
    readonly count: number;
    readonly area: AreaFigure;
    readonly cultivated: AreaFigure;
    readonly illegalCount: number;
    readonly illegalArea: AreaFigure;
    readonly illegalCultivated: AreaFigure;
  };
  /** Tasks per remediation status. */
  readonly status: Readonly<Record<RemediationStatus, number>>;
  /** Tasks 已整改 per 整改方式 as written (拆除复耕, 没收, 罚款, 补办手续 …; "未填写" when empty). */
  readonly closedByMethod: Readonly<Record<string, number>>;
  readonly tasks: number;
  readonly closed: number;
  /** 清零 progress: closed ÷ tasks, null without tasks. */
  readonly clearance: number | null;
  readonly overdue: number;
  /** Open tasks with no deadline at all. */
  readonly noDeadline: number;
  readonly ratios: {
    /** 违法占用耕地 ÷ 新增建设用地占用耕地 (m²), flagged at the accountability line. */
    readonly illegalCultivated: Ratio;
    /** 违法占地 ÷ 新增建设用地 (m²). */
    readonly illegalLand: Ratio;
    /** 未整改 ÷ 违法, by count. */
    readonly unremediatedCount: Ratio;
    /** 未整改 ÷ 违法, by area (m²). */
    readonly unremediatedArea: Ratio;
  };
}

/** An open task past its deadline. */
export interface OverdueItem {
  readonly id: string;
  readonly patchId: string;
  readonly townshipCode: string | null;
  readonly townshipName: string | null;
  readonly status: RemediationStatus;
  readonly deadline: string;
  /** Where the deadline came from. */
  readonly deadlineSource: 'record' | 'township';
  /** Calendar days from the deadline to `asOf`. */
  readonly daysOverdue: number;
  readonly areaM2: number;
}

export interface Ledger {
  readonly asOf: string;
  /** In `townships` option order, then other codes sorted, then rows in no township. */
  readonly townships: readonly LedgerRow[];
  readonly county: LedgerRow;
  /** Sorted by township (ledger order), then deadline, then id. */
  readonly overdue: readonly OverdueItem[];
  /** Status records matching no row id and no patch id, with their lines. */
  readonly unknownStatusIds: readonly { readonly id: string; readonly line: number }[];
  /** Task row ids without a status record (read as 未整改). */
  readonly missingStatus: readonly string[];
  /** Row ids with a status record that are not tasks. */
  readonly statusOnNonTask: readonly string[];
  /** Statements for the reader: unknown change types, rounding used, … */
  readonly notes: readonly string[];
}

export const DEFAULT_NEW_CONSTRUCTION_TYPES: readonly string[] = ['新增建设用地', '农村宅基地', '道路', '光伏用地'];

export interface LedgerOptions {
  /** The day the ledger describes, YYYY-MM-DD. */
  readonly asOf: string;
  /** Township code → deadline (YYYY-MM-DD), e.g. from readDeadlineTable. */
  readonly deadlines?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  readonly config: EnforcementConfig;
  /** Township order and names (e.g. from the township layer); townships listed get a line even when empty. */
  readonly townships?: readonly { readonly code: string; readonly name: string }[];
  /** Patch attribute with the change type when the status record has none (default TBLX). */
  readonly changeTypeField?: string;
  /** Change types that are new construction (default {@link DEFAULT_NEW_CONSTRUCTION_TYPES}). */
  readonly newConstructionTypes?: readonly string[];
  /** Replaces the change-type rule entirely. */
  readonly isNewConstruction?: (row: TaoheRow, status: StatusRecord | null) => boolean;
  /** Whether a category is illegal (default judge.ts's isIllegalCategory). */
  readonly isIllegal?: (category: string) => boolean;
}

const NO_TOWNSHIP = '（未落入乡镇）';
const COUNTY = '全县';
const METHOD_UNSTATED = '未填写';

/** Accumulator of one ledger line. */
class Line {
  rows = 0;
  readonly patchIds = new Set<string>();
  area = 0;
  illegalCount = 0;
  illegalArea = 0;
  illegalCultivated = 0;
  illegalBasicFarmland = 0;
  ncCount = 0;
  ncArea = 0;
  ncCultivated = 0;
  ncIllegalCount = 0;
  ncIllegalArea = 0;
  ncIllegalCultivated = 0;
  readonly status: Record<RemediationStatus, number> = { 未整改: 0, 整改中: 0, 已整改: 0 };
  unremediatedArea = 0;
  readonly closedByMethod = new Map<string, number>();
  overdue = 0;
  noDeadline = 0;
  constructor(
    readonly code: string | null,
    public name: string,
  ) {}

  finish(threshold: number): LedgerRow {
    const tasks = this.illegalCount;
    const closed = this.status['已整改'];
    const methods = [...this.closedByMethod.keys()].sort();
    return {
      code: this.code,
      name: this.name,
      rows: this.rows,
      patches: this.patchIds.size,
      area: figure(this.area),
      illegal: {
        count: tasks,
        area: figure(this.illegalArea),
        cultivated: figure(this.illegalCultivated),
        basicFarmland: figure(this.illegalBasicFarmland),
      },
      newConstruction: {
        count: this.ncCount,
        area: figure(this.ncArea),
        cultivated: figure(this.ncCultivated),
        illegalCount: this.ncIllegalCount,
        illegalArea: figure(this.ncIllegalArea),
        illegalCultivated: figure(this.ncIllegalCultivated),
      },
      status: { ...this.status },
      closedByMethod: Object.fromEntries(methods.map((m) => [m, this.closedByMethod.get(m)!])),
      tasks,
      closed,
      clearance: tasks > 0 ? closed / tasks : null,
      overdue: this.overdue,
      noDeadline: this.noDeadline,
      ratios: {
        illegalCultivated: ratio(this.ncIllegalCultivated, this.ncCultivated, threshold),
        illegalLand: ratio(this.ncIllegalArea, this.ncArea, null),
        unremediatedCount: ratio(this.status['未整改'], tasks, null),
        unremediatedArea: ratio(this.unremediatedArea, this.illegalArea, null),
      },
    };
  }
}

/** The area figures of a ledger line, by path, for {@link adjustFigures}. */
const FIGURES: readonly ((l: LedgerRow) => AreaFigure)[] = [
  (l) => l.area,
  (l) => l.illegal.area,
  (l) => l.illegal.cultivated,
  (l) => l.illegal.basicFarmland,
  (l) => l.newConstruction.area,
  (l) => l.newConstruction.cultivated,
  (l) => l.newConstruction.illegalArea,
  (l) => l.newConstruction.illegalCultivated,
];

/**
 * 面积平差 of the ledger (domain.md §5): per column, the county figure rounded from its exact sum, handed out
 * to the township lines by the largest-remainder rule of adjust.ts, so the township lines add up to the
 * county line exactly at 2 decimals. The lines are fresh objects of this module, so they are set in place.
 */
function adjustFigures(towns: LedgerRow[], county: LedgerRow): void {
  for (const get of FIGURES) {
    const cents = largestRemainder(muCents(get(county).m2), towns.map((t) => muTicks(get(t).m2)));
    towns.forEach((t, k) => {
      (get(t) as { mu: number }).mu = cents[k]! / 100;
    });
  }
}

function figure(m2: number): AreaFigure {
  return { m2, mu: roundHalfAwayFromZero(toMu(m2), 2) };
}

function ratio(numerator: number, denominator: number, threshold: number | null): Ratio {
  const value = denominator !== 0 ? numerator / denominator : null;
  // value ≥ threshold on the correctly rounded quotient: an exact 15 % gives the double 0.15 itself.
  return { numerator, denominator, value, threshold, flagged: threshold !== null && value !== null && value >= threshold };
}

function daysBetween(from: string, to: string): number {
  const t = (s: string): number => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(to) - t(from)) / 86_400_000);
}

/**
 * Builds the ledger from the 套合 rows, their judgements (same order, same ids) and a status table; the
 * definitions are in this module's header.
 *
 * @example
 * const judgements = judgeAll(taohe.rows, taohe.config);
 * const ledger = buildLedger(taohe.rows, judgements, readStatusTable('status.csv'), {
 *   asOf: '2026-07-01', deadlines: readDeadlineTable('deadlines.csv'), config: taohe.config,
 * });
 * console.log(ledger.county.clearance, ledger.county.ratios.illegalCultivated.flagged, ledger.overdue.length);
 */
export function buildLedger(
  rows: readonly TaoheRow[],
  judgements: readonly Judgement[],
  statuses: StatusTable | null,
  options: LedgerOptions,
): Ledger {
  if (judgements.length !== rows.length) {
    throw new InputError(`expected one judgement per 套合 row (${rows.length}), found ${judgements.length}`);
  }
  const asOf = parseDate(options.asOf, 'asOf');
  const deadlines = new Map<string, string>();
  const given = options.deadlines;
  if (given !== undefined) {
    const entries = given instanceof Map ? [...(given as ReadonlyMap<string, string>)] : Object.entries(given as Record<string, string>);
    for (const [code, d] of entries) deadlines.set(code, parseDate(d, `deadline of township ${code}`));
  }
  const threshold = options.config.thresholds.illegalCultivatedRatio;
  const isIllegal = options.isIllegal ?? isIllegalCategory;
  const changeField = options.changeTypeField ?? 'TBLX';
  const ncTypes = new Set(options.newConstructionTypes ?? DEFAULT_NEW_CONSTRUCTION_TYPES);
  const unknownTypes = new Map<string, number>();
  const isNew =
    options.isNewConstruction ??
    ((row: TaoheRow, status: StatusRecord | null): boolean => {
      const v = status?.changeType ?? row.attributes[changeField];
      const type = v === null || v === undefined ? '' : String(v).trim();
      if (type === '') {
        unknownTypes.set('', (unknownTypes.get('') ?? 0) + 1);
        return false;
      }
      return ncTypes.has(type);
    });

  const lines = new Map<string | null, Line>();
  for (const t of options.townships ?? []) lines.set(t.code, new Line(t.code, t.name));
  const county = new Line(null, COUNTY);
  const lineOf = (row: TaoheRow): Line => {
    const code = row.townshipCode;
    let line = lines.get(code);
    if (line === undefined) {
      line = new Line(code, code === null ? NO_TOWNSHIP : (row.townshipName ?? code));
      lines.set(code, line);
    }
    return line;
  };

  const rowIds = new Set<string>();
  const patchIds = new Set<string>();
  for (const r of rows) {
    rowIds.add(r.id);
    patchIds.add(r.patchId);
  }
  const missingStatus: string[] = [];
  const statusOnNonTask: string[] = [];
  const overdue: (OverdueItem & { order: number })[] = [];

  rows.forEach((row, i) => {
    const j = judgements[i];
    if (j.id !== row.id) {
      throw new InputError(`judgement ${i} is for ${JSON.stringify(j.id)} but row ${i} is ${JSON.stringify(row.id)}; expected the same order`);
    }
    const record = statuses?.byId.get(row.id) ?? statuses?.byId.get(row.patchId) ?? null;
    const illegal = isIllegal(j.category);
    const nc = isNew(row, record);
    const m = row.m2;
    const townLine = lineOf(row);
    for (const line of [townLine, county]) {
      line.rows++;
      line.patchIds.add(row.patchId);
      line.area += m.total;
      if (nc) {
        line.ncCount++;
        line.ncArea += m.total;
        line.ncCultivated += m.cultivated;
      }
      if (!illegal) continue;
      line.illegalCount++;
      line.illegalArea += m.total;
      line.illegalCultivated += m.cultivated;
      line.illegalBasicFarmland += m.basicFarmland;
      if (nc) {
        line.ncIllegalCount++;
        line.ncIllegalArea += m.total;
        line.ncIllegalCultivated += m.cultivated;
      }
      const status: RemediationStatus = record?.status ?? '未整改';
      line.status[status]++;
      if (status === '未整改') line.unremediatedArea += m.total;
      if (status === '已整改') {
        const method = record?.method ?? METHOD_UNSTATED;
        line.closedByMethod.set(method, (line.closedByMethod.get(method) ?? 0) + 1);
      }
    }
    if (!illegal) {
      if (record !== null) statusOnNonTask.push(row.id);
      return;
    }
    if (record === null) missingStatus.push(row.id);
    const status: RemediationStatus = record?.status ?? '未整改';
    if (status === '已整改') return;
    const own = record?.deadline ?? null;
    const township = row.townshipCode !== null ? (deadlines.get(row.townshipCode) ?? null) : null;
    const deadline = own ?? township;
    if (deadline === null) {
      townLine.noDeadline++;
      county.noDeadline++;
      return;
    }
    if (deadline < asOf) {
      townLine.overdue++;
      county.overdue++;
      overdue.push({
        id: row.id,
        patchId: row.patchId,
        townshipCode: row.townshipCode,
        townshipName: townLine.code === null ? null : townLine.name,
        status,
        deadline,
        deadlineSource: own !== null ? 'record' : 'township',
        daysOverdue: daysBetween(deadline, asOf),
        areaM2: m.total,
        order: 0,
      });
    }
  });

  // Ledger order: listed townships, then other codes sorted, then the rows in no township.
  const listed = new Set((options.townships ?? []).map((t) => t.code));
  const others = [...lines.keys()].filter((c): c is string => c !== null && !listed.has(c)).sort();
  const order = [...(options.townships ?? []).map((t) => t.code), ...others, ...(lines.has(null) ? [null] : [])];
  const rank = new Map(order.map((c, k) => [c, k]));
  for (const o of overdue) o.order = rank.get(o.townshipCode)!;
  overdue.sort((a, b) => a.order - b.order || cmp(a.deadline, b.deadline) || cmp(a.id, b.id));

  const unknownStatusIds = (statuses?.records ?? [])
    .filter((r) => !rowIds.has(r.id) && !patchIds.has(r.id))
    .map((r) => ({ id: r.id, line: r.line }));

  const notes: string[] = [
    '亩 figures: the county line is rounded half away from zero to 2 decimals; township lines are adjusted (平差, largest remainder) so that they add up to it in every column, each within 0.01 亩 of its exact value.',
  ];
  const unknownCount = unknownTypes.get('') ?? 0;
  if (unknownCount > 0) {
    notes.push(`${unknownCount} rows have no change type (变化类型 or ${changeField}); they are not counted as new construction`);
  }
  if (unknownStatusIds.length > 0) notes.push(`${unknownStatusIds.length} status records name no patch: ${unknownStatusIds.map((u) => u.id).join(', ')}`);
  if (missingStatus.length > 0) notes.push(`${missingStatus.length} illegal rows have no status record and count as 未整改`);
  if (statusOnNonTask.length > 0) notes.push(`${statusOnNonTask.length} status records are for rows not judged illegal; they are not counted`);

  const townLines = order.map((c) => lines.get(c)!.finish(threshold));
  const countyLine = county.finish(threshold);
  adjustFigures(townLines, countyLine);
  return {
    asOf,
    townships: townLines,
    county: countyLine,
    overdue: overdue.map(({ order: _order, ...o }) => o),
    unknownStatusIds,
    missingStatus,
    statusOnNonTask,
    notes,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ——— 复垦到位 ———

/** 复垦到位 of one 拆除复耕 patch. */
export interface ReclaimedPatch {
  readonly id: string;
  readonly featureIndex: number;
  readonly areaM2: number;
  /** On 耕地 (paddy, irrigated, dry codes of config.landClasses) in the newer land use. */
  readonly cultivatedM2: number;
  /** Inside an accepted reclamation project. */
  readonly reclamationM2: number;
  /** On either (their union, counted once). */
  readonly restoredM2: number;
  /** restoredM2 ÷ areaM2 (0 for an empty patch). */
  readonly share: number;
  /** share ≥ config.thresholds.reclaimedShare. */
  readonly reclaimed: boolean;
}

export interface ReclaimedResult {
  readonly threshold: number;
  readonly measure: string;
  readonly patches: readonly ReclaimedPatch[];
  /** Requested ids not found in the patch layer. */
  readonly missing: readonly string[];
}

export interface CheckReclaimedOptions {
  /** Patch ids (attribute config.fields.patchId) to check, e.g. from {@link demolitionIds}; default every patch. */
  readonly ids?: Iterable<string>;
  /** Area measure (default: ellipsoidal for projected layers, else planar; see tabulate). */
  readonly measure?: MeasureOption;
  /** Attribute of a reclamation project's acceptance date (default YSRQ 验收日期); empty = not accepted. */
  readonly acceptedField?: string;
  /** When given, only projects accepted on or before this day (YYYY-MM-DD) count. */
  readonly asOf?: string;
  /** Replaces the acceptance rule. */
  readonly accepted?: (attributes: Attributes) => boolean;
}

/**
 * The ids of 拆除复耕 patches: those whose status record says 整改方式 拆除复耕, and those without a record
 * method whose judgement requires 拆除复耕. Patch ids, each once, in row order.
 *
 * @example
 * const r = checkReclaimed(patches, newerLanduse, reclamation, config, { ids: demolitionIds(rows, judgements, status) });
 */
export function demolitionIds(rows: readonly TaoheRow[], judgements: readonly Judgement[], statuses: StatusTable | null): string[] {
  const out = new Set<string>();
  rows.forEach((row, i) => {
    const record = statuses?.byId.get(row.id) ?? statuses?.byId.get(row.patchId) ?? null;
    const method = record?.method ?? judgements[i]?.remediationRequired ?? null;
    if (method === DEMOLISH) out.add(row.patchId);
  });
  return [...out];
}

/**
 * 复垦到位 (the speech: 严格拆除的标准要做到复垦到位): for each 拆除复耕 patch, the share of it now restored —
 * on 耕地 in a newer land-use layer (DLBM in config.landClasses paddy/irrigated/dry) or inside an accepted
 * reclamation project, the union counted once — and whether that share reaches
 * config.thresholds.reclaimedShare. Either layer may be null, not both. Layers must share one CRS.
 *
 * @example
 * const r = checkReclaimed(patches, landuse2026, reclamation, config, { ids: ['3713262023001'] });
 * for (const p of r.patches) console.log(p.id, (p.share * 100).toFixed(1), p.reclaimed ? '到位' : '未到位');
 */
export function checkReclaimed(
  patches: Layer,
  newerLanduse: Layer | null,
  reclamation: Layer | null,
  config: EnforcementConfig,
  options: CheckReclaimedOptions = {},
): ReclaimedResult {
  if (newerLanduse === null && reclamation === null) {
    throw new InputError('checkReclaimed: expected a newer land-use layer or a reclamation layer, found neither');
  }
  if (newerLanduse !== null && reclamation !== null && newerLanduse.crs !== null && reclamation.crs !== null && !sameCrs(newerLanduse.crs, reclamation.crs)) {
    throw new CrsError(
      `layers "${newerLanduse.name}" (${newerLanduse.crs.name}) and "${reclamation.name}" (${reclamation.crs.name}) are in different coordinate systems; reproject one of them first`,
    );
  }
  const idField = config.fields.patchId;
  // Named as the 套合 table names them, so the ids demolitionIds takes from its rows match.
  const idOfPatch = (f: number): string => patchIdText(patches, f, idField) || missingPatchId(f);

  // The patches to check.
  let selected: number[];
  const missing: string[] = [];
  if (options.ids === undefined) selected = Array.from({ length: patches.featureCount }, (_, f) => f);
  else {
    const byId = new Map<string, number[]>();
    for (let f = 0; f < patches.featureCount; f++) {
      const id = idOfPatch(f);
      const list = byId.get(id);
      if (list === undefined) byId.set(id, [f]);
      else list.push(f);
    }
    const set = new Set<number>();
    for (const id of options.ids) {
      const fs = byId.get(id);
      if (fs === undefined) missing.push(id);
      else for (const f of fs) set.add(f);
    }
    selected = [...set].sort((a, b) => a - b);
  }

  // One layer of restoring features: cultivated land-use parcels (class 0) then accepted projects (class 1).
  // 耕地 by the same folding as the 套合 table (landClassifier: exact code, then suffix-free base, then class).
  const fold = landClassifier(config.landClasses);
  const landField = config.fields.landClass;
  const cultivated: number[] = [];
  if (newerLanduse !== null) {
    for (let f = 0; f < newerLanduse.featureCount; f++) {
      const v = newerLanduse.attributes[f][landField];
      if (v === null || v === undefined) continue;
      const c = fold(String(v).trim());
      if (c !== null && landPartOf(c) === 'cultivated') cultivated.push(f);
    }
  }
  const asOf = options.asOf !== undefined ? parseDate(options.asOf, 'asOf') : null;
  const acceptedField = options.acceptedField ?? 'YSRQ';
  const isAccepted =
    options.accepted ??
    ((a: Attributes): boolean => {
      const v = a[acceptedField];
      const text = v === null || v === undefined ? '' : String(v).trim();
      if (text === '') return false;
      if (asOf === null) return true;
      return parseDate(text, `reclamation ${acceptedField}`) <= asOf;
    });
  const accepted: number[] = [];
  if (reclamation !== null) for (let f = 0; f < reclamation.featureCount; f++) if (isAccepted(reclamation.attributes[f])) accepted.push(f);

  const restoring = subsetLayer('restored', newerLanduse?.crs ?? reclamation?.crs ?? null, [
    ...(newerLanduse !== null ? [{ layer: newerLanduse, features: cultivated }] : []),
    ...(reclamation !== null ? [{ layer: reclamation, features: accepted }] : []),
  ]);
  const subject = subsetLayer(patches.name, patches.crs, [{ layer: patches, features: selected }]);
  const nCultivated = cultivated.length;
  const t = tabulate(subject, restoring, {
    classBy: (_a, f) => (f < nCultivated ? 'cultivated' : 'reclamation'),
    ...(options.measure !== undefined ? { measure: options.measure } : {}),
  });
  const threshold = config.thresholds.reclaimedShare;
  const out: ReclaimedPatch[] = t.patches.map((p, k) => {
    const f = selected[k];
    const part = (c: string): number => p.parts.find((x) => x.class === c)?.areaM2 ?? 0;
    const share = p.areaM2 > 0 ? p.coveredM2 / p.areaM2 : 0;
    return {
      id: idOfPatch(f),
      featureIndex: f,
      areaM2: p.areaM2,
      cultivatedM2: part('cultivated'),
      reclamationM2: part('reclamation'),
      restoredM2: p.coveredM2,
      share,
      reclaimed: p.areaM2 > 0 && share >= threshold,
    };
  });
  return { threshold, measure: t.measure, patches: out, missing };
}

/** A layer of the chosen features of one or more layers, in order (flat arrays copied, offsets rebased). */
function subsetLayer(name: string, crs: Layer['crs'], parts: readonly { layer: Layer; features: readonly number[] }[]): Layer {
  let nv = 0;
  let nr = 0;
  let np = 0;
  let nf = 0;
  for (const { layer: L, features } of parts) {
    for (const f of features) {
      const p0 = L.featureOffsets[f];
      const p1 = L.featureOffsets[f + 1];
      const r0 = L.polygonOffsets[p0];
      const r1 = L.polygonOffsets[p1];
      np += p1 - p0;
      nr += r1 - r0;
      nv += L.ringOffsets[r1] - L.ringOffsets[r0];
      nf++;
    }
  }
  const coords = new Float64Array(2 * nv);
  const ringOffsets = new Uint32Array(nr + 1);
  const polygonOffsets = new Uint32Array(np + 1);
  const featureOffsets = new Uint32Array(nf + 1);
  const bboxes = new Float64Array(4 * nf);
  const attributes: Attributes[] = [];
  const featureIds: (string | number | null)[] = [];
  let v = 0;
  let r = 0;
  let p = 0;
  let k = 0;
  for (const { layer: L, features } of parts) {
    for (const f of features) {
      featureOffsets[k] = p;
      for (let poly = L.featureOffsets[f]; poly < L.featureOffsets[f + 1]; poly++) {
        polygonOffsets[p++] = r;
        for (let ring = L.polygonOffsets[poly]; ring < L.polygonOffsets[poly + 1]; ring++) {
          ringOffsets[r++] = v;
          const a = L.ringOffsets[ring];
          const b = L.ringOffsets[ring + 1];
          coords.set(L.coords.subarray(2 * a, 2 * b), 2 * v);
          v += b - a;
        }
      }
      bboxes.set(L.bboxes.subarray(4 * f, 4 * f + 4), 4 * k);
      attributes.push(L.attributes[f]);
      featureIds.push(L.featureIds[f]);
      k++;
    }
  }
  ringOffsets[nr] = v;
  polygonOffsets[np] = r;
  featureOffsets[nf] = p;
  return { name, crs, coords, ringOffsets, polygonOffsets, featureOffsets, bboxes, attributes, featureIds, featureCount: nf };
}
