/**
 * The 耕地占补平衡 job (issue 6): occupations overlaid with land use give the demand on the three indicators,
 * supplement projects verified against the newest land use (plus purchased ledger rows) give the supply,
 * supply is written off against demand in the stated order, and the result goes out as a workbook
 * (指标库, 使用台账, 平衡表) and JSON whose summary keys are `demand`, `supply`, `remaining`, `balanced`,
 * `deficits`, each indicator as `{ area_mu, paddy_mu, capacity_kg }`.
 */
import { join } from 'node:path';
import type { Layer } from '../geometry/types.js';
import { writeFilesAtomically } from '../io/atomic.js';
import { type ColumnSpec, type CellValue, XLSX_FORMATS, xlsxBytes } from '../io/xlsx.js';
import type { EnforcementConfig } from '../enforcement/types.js';
import { allocate, type BalanceResult, INDICATOR_NAMES, muToHectare } from './allocate.js';
import { type BalanceConfig, type BalanceConfigInput, parseBalanceConfig } from './config.js';
import { computeDemand } from './demand.js';
import { verifySupply } from './supply.js';
import type { Demand, Indicators, Supply, YieldTable } from './types.js';

export interface BalanceJobInput {
  /** Polygons that occupy land (construction projects, patches to be legalised, 造林/种果 changes …). */
  readonly occupation: Layer;
  /** The land-use layer the occupations are measured against (DLTB, with GDDB). */
  readonly landuse: Layer;
  /** Supplement projects (复垦/开发/整理) with their claims; optional when all supply is purchased. */
  readonly supplement?: Layer;
  /** The newest land use, to verify the projects against (default: `landuse`). */
  readonly newestLanduse?: Layer;
  /** Purchased (易地) indicators, e.g. from readPurchasedLedger. */
  readonly purchased?: readonly Supply[];
  readonly yieldTable: YieldTable;
  readonly config?: BalanceConfig | BalanceConfigInput;
  /** Land-class folding and field names shared with the 套合 (default: the enforcement defaults). */
  readonly enforcement?: EnforcementConfig;
}

export interface BalanceJobResult {
  readonly config: BalanceConfig;
  readonly yieldSource: string;
  readonly demands: readonly Demand[];
  readonly supplies: readonly Supply[];
  readonly result: BalanceResult;
  /** Statements for the reader (exempt occupations, unverified claims, the table used …). */
  readonly notes: readonly string[];
}

/**
 * Runs the balance in memory.
 *
 * @example
 * const r = runBalance({ occupation, landuse, supplement, yieldTable: readYieldTable('yield.csv') });
 * r.result.summary.balanced; r.result.summary.failing; // false, ['水田规模']
 */
export function runBalance(input: BalanceJobInput): BalanceJobResult {
  const config = parseBalanceConfig(input.config);
  const opts = input.enforcement !== undefined ? { enforcement: input.enforcement } : {};
  const demands = computeDemand(input.occupation, input.landuse, input.yieldTable, config, opts);
  const projects = input.supplement !== undefined ? verifySupply(input.supplement, input.newestLanduse ?? input.landuse, input.yieldTable, config, opts) : [];
  const supplies = [...projects, ...(input.purchased ?? [])];
  const result = allocate(demands, supplies, config.order === 'input' ? { order: 'input', demandOrder: 'input' } : {});
  const notes: string[] = [`粮食产能 by the yield table: ${input.yieldTable.source} (${input.yieldTable.scale})`];
  if (input.newestLanduse === undefined && input.supplement !== undefined) notes.push('projects verified against the occupation land-use layer (no newer one given)');
  const exempt = demands.filter((d) => !d.counted);
  if (exempt.length > 0) notes.push(`${exempt.length} occupations are of an exempt type (${config.exemptTypes.join(', ')}) and need no balance`);
  const short = projects.filter((s) => s.claimed !== null && s.verified !== null && s.verified.area_mu < s.claimed.area_mu);
  if (short.length > 0) notes.push(`${short.length} of ${projects.length} projects verify less 新增耕地 than they claim; credited: ${config.credit}`);
  for (const d of demands) if (d.note !== null) notes.push(`${d.id}: ${d.note}`);
  for (const s of supplies) if (s.note !== null) notes.push(`${s.id}: ${s.note}`);
  return { config, yieldSource: input.yieldTable.source, demands, supplies, result, notes };
}

const ind = (p: string, i: Indicators | null | undefined): Record<string, CellValue> =>
  i === null || i === undefined ? {} : { [`${p}area`]: i.area_mu, [`${p}paddy`]: i.paddy_mu, [`${p}cap`]: i.capacity_kg };
const indColumns = (p: string, label: string): ColumnSpec[] => [
  { key: `${p}area`, header: `${label}耕地（亩）`, type: 'number', format: XLSX_FORMATS.mu4 },
  { key: `${p}paddy`, header: `${label}水田（亩）`, type: 'number', format: XLSX_FORMATS.mu4 },
  { key: `${p}cap`, header: `${label}产能（公斤）`, type: 'number', format: '0.00' },
];

/**
 * The summary as the issue's JSON: `demand`, `supply`, `remaining`, `balanced`, `deficits` (each indicator as
 * `{ area_mu, paddy_mu, capacity_kg }`), plus `failing`, and the rows in detail.
 *
 * @example
 * JSON.stringify(balanceJSON(r)).includes('"balanced"'); // true
 */
export function balanceJSON(r: BalanceJobResult): unknown {
  const s = r.result.summary;
  // The first supply row of each id (as a linear find would give), without a scan per project.
  const firstById = new Map<string, (typeof r.supplies)[number]>();
  for (const x of r.supplies) if (!firstById.has(x.id)) firstById.set(x.id, x);
  return {
    demand: s.demand,
    supply: s.supply,
    remaining: s.remaining,
    balanced: s.balanced,
    deficits: s.deficits,
    failing: s.failing,
    frozen: r.result.frozen,
    yieldTable: r.yieldSource,
    config: r.config,
    occupations: r.result.perDemand,
    projects: r.result.perSupply.map((p) => {
      const src = firstById.get(p.id);
      return { ...p, name: src?.name ?? null, projectType: src?.projectType ?? null, claimed: src?.claimed ?? null, verified: src?.verified ?? null };
    }),
    allocations: r.result.allocations,
    notes: r.notes,
  };
}

/**
 * Writes 占补平衡.xlsx (sheets 指标库: every supply row, claimed / verified / credited / used / remaining;
 * 使用台账: every write-off, and each occupation's need, coverage and shortfall; 平衡表: the three indicators)
 * and 占补平衡.json into `dir`, in one atomic step. Returns the paths.
 *
 * @example
 * await writeBalance('out', runBalance(input));
 */
export async function writeBalance(dir: string, r: BalanceJobResult, formats: readonly ('xlsx' | 'json')[] = ['xlsx', 'json']): Promise<string[]> {
  const files: [string, string | Uint8Array][] = [];
  if (formats.includes('xlsx')) {
    const bySupply = new Map(r.supplies.map((x) => [x.id, x]));
    const poolRows = r.result.perSupply.map((p) => {
      const src = bySupply.get(p.id);
      return {
        id: p.id,
        kind: p.kind === 'project' ? '项目' : '购买',
        type: src?.projectType ?? null,
        name: src?.name ?? null,
        date: p.acceptedOn,
        frozen: p.frozen ? '是' : '否',
        ...ind('c_', src?.claimed),
        ...ind('v_', src?.verified),
        ...ind('k_', p.credited),
        ...ind('u_', p.used),
        ...ind('r_', p.remaining),
      };
    });
    const useRows: Record<string, CellValue>[] = [];
    for (const d of r.result.perDemand) {
      useRows.push({ demand: d.id, type: d.type, supply: '（需求）', ...ind('a_', d.need) });
      for (const a of d.allocations) useRows.push({ demand: d.id, type: d.type, supply: a.supplyId, ...ind('a_', a.amount) });
      if (d.shortfall.area_mu > 0 || d.shortfall.paddy_mu > 0 || d.shortfall.capacity_kg > 0) {
        useRows.push({ demand: d.id, type: d.type, supply: '（缺口）', ...ind('a_', d.shortfall) });
      }
    }
    const s = r.result.summary;
    const keys = ['area_mu', 'capacity_kg', 'paddy_mu'] as const;
    const units = { area_mu: '亩', capacity_kg: '公斤', paddy_mu: '亩' } as const;
    const balanceRows: Record<string, CellValue>[] = keys.map((k) => ({
      name: `${INDICATOR_NAMES[k]}（${units[k]}）`,
      demand: s.demand[k],
      supply: s.supply[k],
      remaining: s.remaining[k],
      deficit: s.deficits[k],
      ok: s.deficits[k] === 0 ? '平衡' : '不平衡',
    }));
    balanceRows.push(
      { name: '耕地数量（公顷）', demand: muToHectare(s.demand.area_mu), supply: muToHectare(s.supply.area_mu), remaining: muToHectare(s.remaining.area_mu), deficit: muToHectare(s.deficits.area_mu), ok: s.deficits.area_mu === 0 ? '平衡' : '不平衡' },
      { name: '水田规模（公顷）', demand: muToHectare(s.demand.paddy_mu), supply: muToHectare(s.supply.paddy_mu), remaining: muToHectare(s.remaining.paddy_mu), deficit: muToHectare(s.deficits.paddy_mu), ok: s.deficits.paddy_mu === 0 ? '平衡' : '不平衡' },
    );
    const sheets = [
      {
        name: '指标库',
        title: ['补充耕地指标库', `核销顺序：${r.config.order === 'input' ? '按输入顺序' : '按验收日期、项目编号'}；入库：${r.config.credit === 'verified' ? '核实数' : r.config.credit === 'claimed' ? '申报数' : '申报数与核实数取小'}`],
        columns: [
          { key: 'id', header: '项目编号', type: 'string' },
          { key: 'kind', header: '来源', type: 'string' },
          { key: 'type', header: '项目类型', type: 'string' },
          { key: 'name', header: '项目名称', type: 'string' },
          { key: 'date', header: '验收日期', type: 'string' },
          { key: 'frozen', header: '冻结', type: 'string' },
          ...indColumns('c_', '申报'),
          ...indColumns('v_', '核实'),
          ...indColumns('k_', '入库'),
          ...indColumns('u_', '已核销'),
          ...indColumns('r_', '剩余'),
        ] as ColumnSpec[],
        rows: poolRows,
      },
      {
        name: '使用台账',
        title: ['补充耕地指标使用台账'],
        columns: [
          { key: 'demand', header: '占用项目', type: 'string' },
          { key: 'type', header: '占用类型', type: 'string' },
          { key: 'supply', header: '指标来源', type: 'string' },
          ...indColumns('a_', ''),
        ] as ColumnSpec[],
        rows: useRows,
      },
      {
        name: '平衡表',
        title: [`耕地占补平衡表：${s.balanced ? '平衡' : `不平衡（${s.failing.join('、')}）`}`, `产能表：${r.yieldSource}`],
        columns: [
          { key: 'name', header: '指标', type: 'string' },
          { key: 'demand', header: '占用', type: 'number', format: XLSX_FORMATS.mu4 },
          { key: 'supply', header: '补充（未冻结）', type: 'number', format: XLSX_FORMATS.mu4 },
          { key: 'remaining', header: '剩余', type: 'number', format: XLSX_FORMATS.mu4 },
          { key: 'deficit', header: '缺口', type: 'number', format: XLSX_FORMATS.mu4 },
          { key: 'ok', header: '结论', type: 'string' },
        ] as ColumnSpec[],
        rows: balanceRows,
      },
    ];
    files.push([join(dir, '占补平衡.xlsx'), await xlsxBytes(sheets, { file: join(dir, '占补平衡.xlsx') })]);
  }
  if (formats.includes('json')) files.push([join(dir, '占补平衡.json'), `${JSON.stringify(balanceJSON(r), null, 1)}\n`]);
  writeFilesAtomically((set) => {
    for (const [p, c] of files) set.put(p, c);
  });
  return files.map(([p]) => p);
}
