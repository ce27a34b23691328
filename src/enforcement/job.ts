/**
 * The whole monthly 卫片执法 job (issue 5): patch sets merged into one task list (重合图斑), the 套合 table of
 * the tasks, judgement facts, the township ledger, and the files a county hands in — 套合表.xlsx (sheets
 * 套合表, 乡镇汇总, 整改台账, 逾期图斑, 重合图斑, 复垦核查, 参数), the same tables as CSV (UTF-8 with BOM), 套合表.json for
 * programs, and 报告.html. Everything is computed first and written last, all files in one atomic set: a
 * failure leaves the output folder as it was.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layer } from '../geometry/types.js';
import { selectFeatures } from '../geometry/select.js';
import { idOf } from '../geometry/build.js';
import { InputError } from '../errors.js';
import { writeFilesAtomically } from '../io/atomic.js';
import { csvTable, type CsvValue } from '../io/csv.js';
import { type CellValue, type ColumnSpec, type SheetSpec, XLSX_FORMATS, xlsxBytes } from '../io/xlsx.js';
import { roundHalfAwayFromZero, toMu } from '../area/units.js';
import { type EnforcementConfigInput, parseEnforcementConfig } from './config.js';
import { judgeAll } from './judge.js';
import { buildLedger, checkReclaimed, demolitionIds, type Ledger, type LedgerRow, type ReclaimedResult } from './ledger.js';
import { mergePatchSets, type MergeReport, type TaskList } from './merge.js';
import { renderReport, type ProgressPoint } from './report-html.js';
import { parseDate, type StatusTable } from './status.js';
import { computeTaohe } from './taohe.js';
import {
  AREA_TITLES,
  TABLE_AREA_KEYS,
  type AreaKey,
  type EnforcementConfig,
  type Judgement,
  type SummaryRow,
  type TaoheInputs,
  type TaoheResult,
  type TaoheRow,
} from './types.js';

/** One patch set (annual 卫片, an earlier campaign's leftovers, 例行督察 …). */
export interface PatchSet {
  readonly name: string;
  readonly layer: Layer;
  /** Patch id attribute (default: the config's `fields.patchId`, JCBH). */
  readonly idField?: string;
}

export interface TaoheJobInput extends Omit<TaoheInputs, 'patches'> {
  /** One or more patch sets, earliest first; several are merged into one task list. */
  readonly patchSets: readonly PatchSet[];
  readonly config?: EnforcementConfig | EnforcementConfigInput;
  /** 整改 status per 图斑编号 (readStatusTable), if kept. */
  readonly statuses?: StatusTable | null;
  /** Township code → 整改 deadline (readDeadlineTable). */
  readonly deadlines?: ReadonlyMap<string, string>;
  /** The day the ledger describes (YYYY-MM-DD). */
  readonly asOf: string;
  /** Earlier 清零 progress points (e.g. read back from an earlier run's 清零进度.csv). */
  readonly progressHistory?: readonly ProgressPoint[];
  /** County name for titles (default 本县). */
  readonly countyName?: string;
  /**
   * A newer land-use layer (the latest 年度变更) for the 复垦到位 check of 拆除复耕 tasks; without it the check
   * uses `landuse` itself.
   */
  readonly newerLanduse?: Layer;
}

export interface TaoheJobResult {
  readonly config: EnforcementConfig;
  readonly asOf: string;
  readonly countyName: string;
  readonly taskList: TaskList;
  readonly merge: MergeReport;
  /** The task representatives as one layer: what the 套合 table was computed from. */
  readonly tasks: Layer;
  readonly taohe: TaoheResult;
  readonly judgements: readonly Judgement[];
  readonly ledger: Ledger;
  /** History plus this run's point (asOf, closed, tasks), by date. */
  readonly progress: readonly ProgressPoint[];
  readonly townships?: Layer;
  /** What the reader should know, from every step (merge, 套合, status tables, ledger). */
  readonly notes: readonly string[];
  /** 复垦到位 of the tasks to be (or being) demolished and returned to cultivation (拆除复耕). */
  readonly reclaimed: ReclaimedResult;
}

/** Attribute names the job adds to each task (the sets its members come from, and their ids). */
export const TASK_SOURCE_FIELD = '来源批次';
export const TASK_MEMBERS_FIELD = '重合图斑';

/**
 * Runs the job in memory. Patch ids come from each set's `idField` (default `config.fields.patchId`).
 *
 * @example
 * const r = runTaoheJob({ patchSets: [{ name: '2024年度', layer: patches }], landuse, farmland, townships,
 *   asOf: '2026-11-29' });
 * r.merge.tasks; r.taohe.rows.length; r.ledger.county.clearance;
 */
export function runTaoheJob(input: TaoheJobInput): TaoheJobResult {
  const config = parseEnforcementConfig(input.config);
  if (input.patchSets.length === 0) throw new InputError('expected at least one patch set, found none');
  // The status table's date reader: rejects impossible dates (30 Feb), writes the date out as YYYY-MM-DD.
  const asOf = parseDate(input.asOf, 'the ledger date (asOf)');
  const idField = config.fields.patchId;
  const sets = input.patchSets.map((s) => ({ name: s.name, layer: s.layer, idField: s.idField ?? idField }));
  const taskList = mergePatchSets(sets, { overlapShare: config.thresholds.overlapShare });
  const merge = taskList.report();
  const layerOf = new Map(sets.map((s) => [s.name, s]));
  // One feature per task: its representative, with the sets and member ids of the task, under the configured
  // id field whatever the set called it.
  const selections = sets.map((s) => ({ layer: s.layer, features: [] as number[], extra: new Map<number, Record<string, string>>() }));
  for (const task of taskList.tasks) {
    const rep = task.representative;
    const set = layerOf.get(rep.set)!;
    const sel = selections[sets.indexOf(set)]!;
    sel.features.push(rep.featureIndex);
    const members = task.members.map((m) => m.id ?? `${m.set}#${m.featureIndex}`);
    sel.extra.set(rep.featureIndex, {
      [idField]: String(idOf(set.layer.attributes[rep.featureIndex], set.layer.featureIds[rep.featureIndex], set.idField) ?? `${rep.set}#${rep.featureIndex}`),
      [TASK_SOURCE_FIELD]: task.sets.join('、'),
      [TASK_MEMBERS_FIELD]: members.length > 1 ? members.join('、') : '',
    });
  }
  const tasks = selectFeatures(
    'tasks',
    selections.map((s) => ({ layer: s.layer, features: s.features, extra: (f: number) => s.extra.get(f)! })),
  );
  const { patchSets: _sets, config: _config, asOf: _asOf, statuses, deadlines, progressHistory, countyName, newerLanduse, ...layers } = input;
  const taohe = computeTaohe({ ...layers, patches: tasks }, config);
  const judgements = judgeAll(taohe.rows, config);
  const remapped = statuses ? statusesForTasks(statuses, taskList) : null;
  const notes = [...merge.notes, ...taohe.notes];
  if (remapped !== null && remapped.superseded.length > 0) {
    notes.push(
      `${remapped.superseded.length} status records are for patches merged into a task (重合图斑) that has a record of its own, which is used: ${remapped.superseded.join(', ')}`,
    );
  }
  const ledger = buildLedger(taohe.rows, judgements, remapped?.table ?? null, {
    asOf,
    deadlines,
    config,
    townships: taohe.townships.filter((t) => t.code !== null).map((t) => ({ code: t.code!, name: t.name })),
  });
  // 复垦到位: the tasks whose remediation is 拆除复耕 (recorded, else required), against the newest land use and
  // the accepted reclamation projects.
  const reclaimed = checkReclaimed(tasks, newerLanduse ?? input.landuse, input.reclamation ?? null, config, {
    ids: demolitionIds(taohe.rows, judgements, remapped?.table ?? null),
    asOf,
  });
  if (newerLanduse === undefined) notes.push('复垦到位: no newer land-use layer was given; the check uses the land-use layer of the 套合');
  const progress = [...(progressHistory ?? []).filter((p) => p.date !== asOf), { date: asOf, closed: ledger.county.closed, total: ledger.county.tasks }];
  progress.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    config,
    asOf,
    countyName: countyName ?? '本县',
    taskList,
    merge,
    tasks,
    taohe,
    judgements,
    ledger,
    progress,
    townships: input.townships,
    notes: [...notes, ...ledger.notes],
    reclaimed,
  };
}

/**
 * A status record kept under the id of a patch that was merged into another's task (重合图斑) is the task's
 * record: it is re-keyed to the task's id unless the task has a record of its own (then it stays, and the
 * ledger reports it as naming no row).
 */
function statusesForTasks(statuses: StatusTable, taskList: TaskList): { table: StatusTable; superseded: string[] } {
  const taskOf = new Map<string, string>();
  for (const task of taskList.tasks) {
    const rep = task.representative.id;
    if (rep === null) continue;
    for (const m of task.members) if (m.id !== null && String(m.id) !== String(rep)) taskOf.set(String(m.id), String(rep));
  }
  const superseded: string[] = [];
  if (taskOf.size === 0) return { table: statuses, superseded };
  const byId = new Map(statuses.byId);
  const records = [];
  for (const r of statuses.records) {
    const to = taskOf.get(r.id);
    if (to === undefined) {
      records.push(r);
      continue;
    }
    byId.delete(r.id);
    if (statuses.byId.has(to) || byId.has(to)) {
      superseded.push(r.id);
      continue;
    }
    const moved = { ...r, id: to };
    byId.set(to, moved);
    records.push(moved);
  }
  return { table: { ...statuses, records, byId }, superseded };
}

// ---- tables ----

const MU = XLSX_FORMATS.mu;
const mu = (x: number): number => roundHalfAwayFromZero(x, 2);
// The table's area columns in their order; 已批比例 goes right after 已批面积.
const AREA_KEYS_IN_ORDER = TABLE_AREA_KEYS.slice(0, TABLE_AREA_KEYS.indexOf('approved') + 1);
const AREA_KEYS_AFTER_SHARE = TABLE_AREA_KEYS.slice(TABLE_AREA_KEYS.indexOf('approved') + 1);
const yesNo = (b: boolean): string => (b ? '是' : '否');

/** A table: columns and rows of cells, the same for the workbook and the CSV files. */
export interface JobTable {
  readonly name: string;
  readonly title?: readonly string[];
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly Record<string, CellValue>[];
}

/**
 * The tables of a job: 套合表 (the issue's columns, in 亩 to 2 decimals after 平差, then the judgement facts),
 * 乡镇汇总, 整改台账, 逾期图斑, 重合图斑 and 参数.
 *
 * @example
 * for (const t of taoheTables(result)) console.log(t.name, t.rows.length);
 */
export function taoheTables(r: TaoheJobResult): JobTable[] {
  const { taohe, judgements, ledger, merge, config } = r;
  const areaCol = (k: AreaKey): ColumnSpec => ({ key: k, header: AREA_TITLES[k], type: 'number', format: MU });
  const taoheColumns: ColumnSpec[] = [
    { key: 'id', header: '图斑编号', type: 'string' },
    { key: 'townshipCode', header: '乡镇代码', type: 'string' },
    { key: 'townshipName', header: '乡镇名称', type: 'string' },
    ...AREA_KEYS_IN_ORDER.map(areaCol),
    { key: 'approvedShare', header: '已批比例', type: 'percent' },
    ...AREA_KEYS_AFTER_SHARE.map(areaCol),
    { key: 'balanced', header: '平差通过', type: 'string' },
    { key: 'source', header: TASK_SOURCE_FIELD, type: 'string' },
    { key: 'members', header: TASK_MEMBERS_FIELD, type: 'string' },
    { key: 'suggested', header: '建议类别', type: 'string' },
    { key: 'verified', header: '核查类别', type: 'string' },
    { key: 'category', header: '认定类别', type: 'string' },
    { key: 'occupiesBasicFarmland', header: '占用永久基本农田', type: 'string' },
    { key: 'nonConforming', header: '不符合规划', type: 'string' },
    { key: 'touchesRedline', header: '涉及生态红线', type: 'string' },
    { key: 'criminal', header: '达到刑事立案标准', type: 'string' },
    { key: 'remediationRequired', header: '整改要求', type: 'string' },
    { key: 'reasons', header: '判定依据', type: 'string' },
  ];
  const taoheRows = taohe.rows.map((row: TaoheRow, i) => {
    const j = judgements[i]!;
    const o: Record<string, CellValue> = {
      id: row.id,
      townshipCode: row.townshipCode,
      townshipName: row.townshipName,
      approvedShare: row.approvedShare,
      balanced: yesNo(row.balanced),
      source: String(row.attributes[TASK_SOURCE_FIELD] ?? ''),
      members: String(row.attributes[TASK_MEMBERS_FIELD] ?? ''),
      suggested: j.suggested,
      verified: j.verified,
      category: j.category,
      occupiesBasicFarmland: yesNo(j.occupiesBasicFarmland),
      nonConforming: yesNo(j.nonConforming),
      touchesRedline: yesNo(j.touchesRedline),
      criminal: yesNo(j.criminal),
      remediationRequired: j.remediationRequired,
      reasons: j.reasons.join('；'),
    };
    for (const k of TABLE_AREA_KEYS) o[k] = row.mu[k];
    return o;
  });
  // The county row: adjusted sums, so the table adds up exactly at 2 decimals.
  const countyCells: Record<string, CellValue> = { id: '合计', townshipName: `${taohe.rows.length} 行` };
  for (const k of TABLE_AREA_KEYS) countyCells[k] = taohe.county.mu[k];
  countyCells.approvedShare = taohe.county.m2.total > 0 ? taohe.county.m2.approved / taohe.county.m2.total : 0;

  const summaryColumns: ColumnSpec[] = [
    { key: 'code', header: '乡镇代码', type: 'string' },
    { key: 'name', header: '乡镇名称', type: 'string' },
    { key: 'count', header: '图斑数', type: 'integer' },
    ...AREA_KEYS_IN_ORDER.map(areaCol),
    ...AREA_KEYS_AFTER_SHARE.map(areaCol),
  ];
  const summaryRow = (s: SummaryRow): Record<string, CellValue> => {
    const o: Record<string, CellValue> = { code: s.code, name: s.name, count: s.count };
    for (const k of TABLE_AREA_KEYS) o[k] = s.mu[k];
    return o;
  };

  const ledgerColumns: ColumnSpec[] = [
    { key: 'code', header: '乡镇代码', type: 'string' },
    { key: 'name', header: '乡镇名称', type: 'string' },
    { key: 'patches', header: '图斑数', type: 'integer' },
    { key: 'area', header: '图斑面积', type: 'number', format: MU },
    { key: 'illegalCount', header: '违法图斑数', type: 'integer' },
    { key: 'illegalArea', header: '违法面积', type: 'number', format: MU },
    { key: 'illegalCultivated', header: '违法占用耕地面积', type: 'number', format: MU },
    { key: 'illegalBasic', header: '违法占用基本农田面积', type: 'number', format: MU },
    { key: 'ncCultivated', header: '新增建设用地占用耕地面积', type: 'number', format: MU },
    { key: 'ratio', header: '违法占用耕地比例', type: 'percent' },
    { key: 'over', header: `达到${Math.round(config.thresholds.illegalCultivatedRatio * 100)}%问责线`, type: 'string' },
    { key: 'open', header: '未整改', type: 'integer' },
    { key: 'doing', header: '整改中', type: 'integer' },
    { key: 'closed', header: '已整改', type: 'integer' },
    { key: 'methods', header: '整改方式', type: 'string' },
    { key: 'clearance', header: '清零进度', type: 'percent' },
    { key: 'overdue', header: '逾期', type: 'integer' },
  ];
  const ledgerRow = (l: LedgerRow): Record<string, CellValue> => ({
    code: l.code,
    name: l.name,
    patches: l.patches,
    area: l.area.mu,
    illegalCount: l.illegal.count,
    illegalArea: l.illegal.area.mu,
    illegalCultivated: l.illegal.cultivated.mu,
    illegalBasic: l.illegal.basicFarmland.mu,
    ncCultivated: l.newConstruction.cultivated.mu,
    ratio: l.ratios.illegalCultivated.value,
    over: l.ratios.illegalCultivated.value === null ? '' : yesNo(l.ratios.illegalCultivated.flagged),
    open: l.status['未整改'],
    doing: l.status['整改中'],
    closed: l.status['已整改'],
    methods: Object.entries(l.closedByMethod)
      .map(([m, n]) => `${m}${n}`)
      .join('、'),
    clearance: l.clearance,
    overdue: l.overdue,
  });

  const overdueColumns: ColumnSpec[] = [
    { key: 'id', header: '图斑编号', type: 'string' },
    { key: 'code', header: '乡镇代码', type: 'string' },
    { key: 'name', header: '乡镇名称', type: 'string' },
    { key: 'status', header: '整改状态', type: 'string' },
    { key: 'deadline', header: '整改期限', type: 'string' },
    { key: 'source', header: '期限来源', type: 'string' },
    { key: 'days', header: '逾期天数', type: 'integer' },
    { key: 'area', header: '图斑面积', type: 'number', format: MU },
  ];
  const mergeColumns: ColumnSpec[] = [
    { key: 'task', header: '任务编号', type: 'integer' },
    { key: 'id', header: '图斑编号', type: 'string' },
    { key: 'set', header: '来源批次', type: 'string' },
    { key: 'rep', header: '代表图斑', type: 'string' },
    { key: 'area', header: '图斑面积', type: 'number', format: MU },
    { key: 'taskArea', header: '任务面积', type: 'number', format: MU },
  ];
  const mergeRows: Record<string, CellValue>[] = [];
  for (const t of r.taskList.tasks) {
    if (t.members.length < 2) continue;
    for (const m of t.members) {
      mergeRows.push({
        task: t.no,
        id: m.id ?? `${m.set}#${m.featureIndex}`,
        set: m.set,
        rep: m.set === t.representative.set && m.featureIndex === t.representative.featureIndex ? '是' : '否',
        area: mu(toMu(m.areaM2)),
        taskArea: mu(t.areaMu),
      });
    }
  }
  const reclaimedColumns: ColumnSpec[] = [
    { key: 'id', header: '图斑编号', type: 'string' },
    { key: 'area', header: '图斑面积', type: 'number', format: MU },
    { key: 'cultivated', header: '现状耕地面积', type: 'number', format: MU },
    { key: 'reclamation', header: '验收复垦项目内面积', type: 'number', format: MU },
    { key: 'restored', header: '已恢复面积', type: 'number', format: MU },
    { key: 'share', header: '恢复比例', type: 'percent' },
    { key: 'ok', header: '复垦到位', type: 'string' },
  ];
  const reclaimedRows = r.reclaimed.patches.map((x) => ({
    id: x.id,
    area: mu(toMu(x.areaM2)),
    cultivated: mu(toMu(x.cultivatedM2)),
    reclamation: mu(toMu(x.reclamationM2)),
    restored: mu(toMu(x.restoredM2)),
    share: x.share,
    ok: yesNo(x.reclaimed),
  }));
  const setsLine = merge.sets.map((s) => `${s.name} ${s.patches} 个（代表 ${s.tasks}）`).join('；');

  const params: [string, CellValue][] = [
    ['统计日期', r.asOf],
    ['面积', `${taohe.measure === 'planar' ? '平面面积（投影坐标）' : 'CGCS2000 椭球面积'}，亩 = 平方米 × 3/2000，保留 2 位小数，面积平差：最大余数法`],
    ['跨乡镇图斑', config.townshipAssignment === 'split' ? '按乡镇拆分（编号_1、_2 …）' : '按面积最大的乡镇归属'],
    ['已批覆盖阈值', config.thresholds.approvalCoverage],
    ['设施农用地备案覆盖阈值', config.thresholds.filingCoverage],
    ['重合图斑阈值（占较小图斑比例）', config.thresholds.overlapShare],
    ['碎片面积阈值（平方米）', config.thresholds.sliverM2],
    ['刑事立案标准：基本农田（亩）', config.thresholds.criminalBasicFarmlandMu],
    ['刑事立案标准：耕地（亩）', config.thresholds.criminalCultivatedMu],
    ['违法占用耕地比例问责线', config.thresholds.illegalCultivatedRatio],
    ['复垦到位比例', config.thresholds.reclaimedShare],
    ['水田', config.landClasses.paddy.join(' ')],
    ['水浇地', config.landClasses.irrigated.join(' ')],
    ['旱地', config.landClasses.dry.join(' ')],
    ['非耕农用地', config.landClasses.otherAgri.join(' ')],
    ['建设用地', config.landClasses.construction.join(' ')],
    ['未利用地', config.landClasses.unused.join(' ')],
    ['图斑批次', setsLine],
    ['清零任务', `${merge.tasks} 个（图斑 ${merge.patches} 个，重合去除 ${merge.removed} 个，部分重叠 ${merge.partialOverlaps.length} 对）`],
    ...r.notes.map((n): [string, CellValue] => ['说明', n]),
    ...taohe.repairs.map((x): [string, CellValue] => ['几何修复', `${x.layer} 第 ${x.featureIndex} 个要素${x.id !== null ? `（${x.id}）` : ''}：${x.kind} ${x.detail}`]),
  ];

  const county = r.countyName;
  return [
    {
      name: '套合表',
      title: [`${county}卫片执法图斑套合表`, `统计日期：${r.asOf}　单位：亩`],
      columns: taoheColumns,
      rows: [...taoheRows, countyCells],
    },
    {
      name: '乡镇汇总',
      title: [`${county}卫片执法图斑乡镇汇总表`, '单位：亩'],
      columns: summaryColumns,
      rows: [...taohe.townships.map(summaryRow), summaryRow({ ...taohe.county, name: '合计' })],
    },
    {
      name: '整改台账',
      title: [`${county}卫片执法整改台账`, `统计日期：${r.asOf}　单位：亩`],
      columns: ledgerColumns,
      rows: [...ledger.townships.map(ledgerRow), ledgerRow(ledger.county)],
    },
    {
      name: '逾期图斑',
      title: [`${county}逾期未整改图斑`, `统计日期：${r.asOf}`],
      columns: overdueColumns,
      rows: ledger.overdue.map((o) => ({
        id: o.id,
        code: o.townshipCode,
        name: o.townshipName,
        status: o.status,
        deadline: o.deadline,
        source: o.deadlineSource === 'record' ? '图斑' : '乡镇',
        days: o.daysOverdue,
        area: mu(toMu(o.areaM2)),
      })),
    },
    {
      name: '重合图斑',
      title: [`${county}重合图斑`, `清零任务 ${merge.tasks} 个；${setsLine}；重合去除 ${merge.removed} 个`],
      columns: mergeColumns,
      rows: mergeRows,
    },
    {
      name: '复垦核查',
      title: [`${county}拆除复耕图斑复垦到位核查`, `到位标准：恢复比例 ≥ ${Math.round(config.thresholds.reclaimedShare * 100)}%　单位：亩`],
      columns: reclaimedColumns,
      rows: reclaimedRows,
    },
    {
      name: '参数',
      columns: [
        { key: 'k', header: '项目', type: 'string' },
        { key: 'v', header: '取值', type: 'string' },
      ],
      rows: params.map(([k, v]) => ({ k, v: v === null || v === undefined ? '' : String(v) })),
    },
  ];
}

/** Output formats of {@link writeTaoheJob}. */
export type TaoheFormat = 'xlsx' | 'csv' | 'json' | 'html';

/** Name of the progress history file the job keeps in its output folder. */
export const PROGRESS_FILE = '清零进度.csv';

/**
 * Reads the 清零 progress history an earlier run left in `dir` (date,closed,total), or nothing.
 *
 * @example
 * const history = readProgressHistory('out/2026-10');
 */
export function readProgressHistory(dir: string): ProgressPoint[] {
  const path = join(dir, PROGRESS_FILE);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/).slice(1);
  return lines
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const [date, closed, total] = l.split(',');
      const p = { date: date ?? '', closed: Number(closed), total: Number(total) };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(p.date) || !Number.isInteger(p.closed) || !Number.isInteger(p.total)) {
        throw new InputError(`expected date,closed,total on line ${i + 2}, found "${l}"`, { file: path });
      }
      return p;
    });
}

/**
 * Writes the job's files into `dir` (which must exist) in one atomic set and returns their paths:
 * 套合表.xlsx, one CSV per table (UTF-8 with BOM), 套合表.json, 报告.html, and 清零进度.csv.
 *
 * @example
 * const files = await writeTaoheJob('out', result, { formats: ['xlsx', 'csv', 'html'] });
 */
export async function writeTaoheJob(
  dir: string,
  r: TaoheJobResult,
  options: { formats?: readonly TaoheFormat[]; generatedAt?: string; title?: string } = {},
): Promise<string[]> {
  const formats = new Set(options.formats ?? ['xlsx', 'csv', 'html']);
  const tables = taoheTables(r);
  const files: [string, string | Uint8Array][] = [];
  if (formats.has('xlsx')) {
    const sheets: SheetSpec[] = tables.map((t) => ({ name: t.name, title: t.title, columns: t.columns, rows: t.rows }));
    files.push([join(dir, '套合表.xlsx'), await xlsxBytes(sheets, { file: join(dir, '套合表.xlsx') })]);
  }
  if (formats.has('csv')) {
    for (const t of tables) {
      files.push([
        join(dir, `${t.name}.csv`),
        csvTable(
          t.columns.map((c) => c.header),
          t.rows.map((row) => t.columns.map((c) => row[c.key] as CsvValue)),
        ),
      ]);
    }
  }
  if (formats.has('json')) files.push([join(dir, '套合表.json'), `${JSON.stringify(jobJSON(r), null, 1)}\n`]);
  if (formats.has('html')) {
    const illegal = r.ledger.county.ratios.illegalCultivated;
    files.push([
      join(dir, '报告.html'),
      renderReport({
        title: options.title ?? `${r.countyName}卫片执法图斑套合报告（${r.asOf}）`,
        county: { name: r.countyName },
        patches: r.tasks,
        rows: r.taohe.rows,
        judgements: r.judgements,
        townships: r.townships,
        townshipFields: { code: r.config.fields.townshipCode, name: r.config.fields.townshipName },
        townshipRows: r.taohe.townships,
        countyRow: r.taohe.county,
        ratios: { illegalCultivatedShare: illegal.value, line: r.config.thresholds.illegalCultivatedRatio },
        progress: r.progress,
        generatedAt: options.generatedAt ?? new Date().toISOString(),
        notes: r.notes,
      }),
    ]);
  }
  files.push([join(dir, PROGRESS_FILE), csvTable(['date', 'closed', 'total'], r.progress.map((p) => [p.date, p.closed, p.total]))]);
  writeFilesAtomically((set) => {
    for (const [path, content] of files) set.put(path, content);
  });
  return files.map(([p]) => p);
}

/** The job as plain data for programs (`--format json`): unrounded m² and adjusted 亩 per row. */
export function jobJSON(r: TaoheJobResult): unknown {
  return {
    asOf: r.asOf,
    measure: r.taohe.measure,
    config: r.config,
    rows: r.taohe.rows.map((row, i) => ({
      id: row.id,
      patchId: row.patchId,
      part: row.part,
      townshipCode: row.townshipCode,
      townshipName: row.townshipName,
      m2: row.m2,
      mu: row.mu,
      approvedShare: row.approvedShare,
      balanced: row.balanced,
      sources: row.attributes[TASK_SOURCE_FIELD] ?? null,
      members: row.attributes[TASK_MEMBERS_FIELD] || null,
      judgement: r.judgements[i],
    })),
    townships: r.taohe.townships,
    county: r.taohe.county,
    ledger: r.ledger,
    merge: {
      tasks: r.merge.tasks,
      patches: r.merge.patches,
      removed: r.merge.removed,
      sets: r.merge.sets,
      overlaps: r.merge.overlaps,
      partialOverlaps: r.merge.partialOverlaps,
    },
    progress: r.progress,
    reclaimed: r.reclaimed,
    notes: r.notes,
    repairs: r.taohe.repairs,
  };
}
