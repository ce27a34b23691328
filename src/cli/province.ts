import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { writeFilesAtomically } from '../io/atomic.js';
import { csvTable, type CsvValue } from '../io/csv.js';
import { type ColumnSpec, XLSX_FORMATS, xlsxBytes } from '../io/xlsx.js';
import { parseCommandArgs, UsageError, type CommandIO } from './args.js';

/** The layer options of `tuban taohe` a county may give, by manifest key and conventional file stem. */
const LAYER_KEYS = ['landuse', 'farmland', 'redline', 'planning', 'approvals', 'filings', 'reclamation', 'townships', 'newer-landuse'] as const;
const TABLE_KEYS = ['status', 'deadlines', 'config'] as const;
const LAYER_EXTS = ['.shp', '.zip', '.geojson', '.json', '.ndjson'];

/** One county's job: its name and the `tuban taohe` arguments (files resolved to absolute paths). */
export interface CountyJob {
  readonly name: string;
  readonly args: readonly string[];
}

/** How one county's job ended. */
export interface CountyOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly exitCode: number;
  readonly seconds: number;
  /** The job's stderr (its notes and, on failure, the error message). */
  readonly messages: string;
  readonly out: string;
}

function findLayer(dir: string, stem: string): string | undefined {
  for (const ext of LAYER_EXTS) {
    const p = join(dir, stem + ext);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * The county jobs of a province: either a manifest (JSON: `{ "counties": [{ "name", "patches": [..],
 * "landuse": "…", "farmland": "…", … }] }`, paths relative to the manifest) or a folder with one sub-folder per
 * county holding files with the conventional names (patches*.{shp,zip,geojson,json,ndjson} — several patch
 * sets allowed, landuse.*, farmland.*, redline.*, planning.*, approvals.*, filings.*, reclamation.*,
 * townships.*, status.csv, deadlines.csv, config.json).
 *
 * @example
 * countyJobs('province/'); // [{ name: '示例县', args: ['--patches', '/…/patches.shp', '--landuse', …] }, …]
 */
export function countyJobs(source: string, exclude?: string): CountyJob[] {
  if (!existsSync(source)) throw new InputError(`expected a province folder or manifest, found nothing at ${source}`);
  if (statSync(source).isDirectory()) {
    const jobs: CountyJob[] = [];
    for (const name of readdirSync(source).sort()) {
      const dir = join(source, name);
      if (!statSync(dir).isDirectory() || (exclude !== undefined && resolve(dir) === resolve(exclude))) continue;
      const files = readdirSync(dir);
      const patches = files.filter((f) => /^patches/i.test(f) && LAYER_EXTS.includes(extname(f).toLowerCase())).sort();
      const landuse = findLayer(dir, 'landuse');
      const args: string[] = [];
      for (const p of patches) args.push('--patches', `${basename(p, extname(p))}=${resolve(dir, p)}`);
      if (landuse !== undefined) args.push('--landuse', resolve(landuse));
      for (const key of LAYER_KEYS) {
        if (key === 'landuse') continue;
        const f = findLayer(dir, key);
        if (f !== undefined) args.push(`--${key}`, resolve(f));
      }
      for (const key of TABLE_KEYS) {
        const f = join(dir, key === 'config' ? 'config.json' : `${key}.csv`);
        if (existsSync(f)) args.push(`--${key}`, resolve(f));
      }
      args.push('--county', name);
      jobs.push({ name, args });
    }
    if (jobs.length === 0) throw new InputError('expected one sub-folder per county, found none', { file: source });
    return jobs;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(source, 'utf8').replace(/^\ufeff/, ''));
  } catch (e) {
    throw new InputError(`expected a JSON manifest, found: ${(e as Error).message}`, { file: source });
  }
  const counties = (manifest as { counties?: unknown }).counties;
  if (!Array.isArray(counties) || counties.length === 0) {
    throw new InputError('expected a manifest {"counties": [{"name": …, "patches": …, "landuse": …}, …]}, found no counties', { file: source });
  }
  const base = dirname(resolve(source));
  const abs = (p: unknown, where: string): string => {
    if (typeof p !== 'string' || p === '') throw new InputError(`expected a file path at ${where}, found ${JSON.stringify(p)}`, { file: source });
    return isAbsolute(p) ? p : resolve(base, p);
  };
  const known = new Set<string>(['name', 'patches', ...LAYER_KEYS, ...TABLE_KEYS]);
  return counties.map((c: unknown, i: number) => {
    const county = c as Record<string, unknown>;
    const where = `counties[${i}]`;
    if (typeof county.name !== 'string' || county.name === '') throw new InputError(`expected ${where}.name, a county name, found ${JSON.stringify(county.name)}`, { file: source });
    for (const k of Object.keys(county)) {
      if (!known.has(k)) throw new InputError(`expected ${where} keys from ${[...known].join(', ')}, found "${k}"`, { file: source });
    }
    const patches = Array.isArray(county.patches) ? county.patches : [county.patches];
    const args: string[] = [];
    patches.forEach((p, k) => args.push('--patches', abs(p, `${where}.patches[${k}]`)));
    for (const key of [...LAYER_KEYS, ...TABLE_KEYS]) if (county[key] !== undefined) args.push(`--${key}`, abs(county[key], `${where}.${key}`));
    args.push('--county', county.name);
    return { name: county.name, args };
  });
}

/** The command that runs this CLI again: the built main.js, or main.ts through tsx when run from the sources. */
function selfCommand(): { command: string; prefix: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  // Bundled (dist/cli/main.js) this module IS main.js; from the sources it is src/cli/province.ts.
  const main = basename(here, ext) === 'main' ? here : join(dirname(here), `main${ext}`);
  return { command: process.execPath, prefix: [...(ext === '.ts' ? ['--import', 'tsx/esm'] : []), main] };
}

function runOne(job: CountyJob, out: string, common: readonly string[]): Promise<CountyOutcome> {
  const t0 = Date.now();
  const { command, prefix } = selfCommand();
  return new Promise((done) => {
    const child = spawn(command, [...prefix, 'taohe', ...job.args, ...common, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let messages = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => {
      messages += t;
    });
    child.on('error', (e) => done({ name: job.name, ok: false, exitCode: -1, seconds: (Date.now() - t0) / 1000, messages: `${messages}${e.message}\n`, out }));
    child.on('close', (code) => done({ name: job.name, ok: code === 0, exitCode: code ?? -1, seconds: (Date.now() - t0) / 1000, messages, out }));
  });
}

/**
 * Runs the county jobs, `parallel` at a time, each `tuban taohe` in its own process (a county's failure, or
 * its memory, stays its own), into `outDir/<county>/`.
 *
 * @example
 * const outcomes = await runCounties(countyJobs('province/'), 'out', 2, ['--as-of', '2026-11-29']);
 */
export async function runCounties(jobs: readonly CountyJob[], outDir: string, parallel: number, common: readonly string[]): Promise<CountyOutcome[]> {
  const outcomes: CountyOutcome[] = new Array(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const k = next++;
      const job = jobs[k]!;
      outcomes[k] = await runOne(job, join(outDir, job.name), common);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, jobs.length)) }, lane));
  return outcomes;
}

/** The error line of a failed job's stderr (its "tuban: …" message), else its last line. */
function firstError(messages: string): string {
  const lines = messages.trim().split('\n');
  return lines.find((l) => l.startsWith('tuban: ')) ?? lines.pop() ?? '';
}

/** County results already on disk: every sub-folder of `dir` holding a 套合表.json. */
function mergedOutcomes(dir: string): CountyOutcome[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`expected a folder of county results for --merge, found none at ${dir}`);
  const found = readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, '套合表.json')))
    .map((name) => ({ name, ok: true, exitCode: 0, seconds: 0, messages: '', out: join(dir, name) }));
  if (found.length === 0) {
    throw new InputError('expected sub-folders with a 套合表.json (tuban taohe … --format json), found none', { file: dir });
  }
  return found;
}

interface CountyJson {
  ledger: { county: { patches: number; area: { mu: number }; illegal: { count: number; area: { mu: number }; cultivated: { mu: number }; basicFarmland: { mu: number } }; newConstruction: { cultivated: { m2: number }; illegalCultivated: { m2: number } }; tasks: number; closed: number; overdue: number; status: Record<string, number> } };
  merge: { tasks: number; patches: number; removed: number };
}

/**
 * `tuban province <folder|manifest.json> --out DIR [--parallel N] [--as-of DATE] [--config FILE]`: the 卫片执法
 * job for every county, then one combined ledger (全省汇总.xlsx / .csv, one line per county and a total) and
 * 运行报告.json saying how each county's job ended. A county that fails is reported and does not stop the others;
 * the exit code is 1 when any failed.
 */
export async function runProvince(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      out: { type: 'string', short: 'o' },
      parallel: { type: 'string' },
      'as-of': { type: 'string' },
      config: { type: 'string' },
      merge: { type: 'boolean' },
    },
    { min: 1, max: 1, names: 'a province folder (one sub-folder per county) or a manifest .json' },
    'province',
  );
  if (values.out === undefined) throw new UsageError('expected --out DIR (one sub-folder per county is written there), found none');
  const parallel = values.parallel !== undefined ? Number(values.parallel) : Math.max(1, availableParallelism());
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`expected --parallel N, a whole number ≥ 1, found "${values.parallel}"`);
  const out = resolve(values.out);
  const quiet = values.quiet === true;
  let outcomes: CountyOutcome[];
  if (values.merge === true) {
    // The counties ran elsewhere (one job each on a batch system): combine the 套合表.json they left.
    outcomes = mergedOutcomes(positionals[0]!);
    if (!existsSync(out)) mkdirSync(out, { recursive: true });
  } else {
    // A county's own configuration wins over the province's.
    const config = values.config !== undefined ? resolve(values.config) : undefined;
    // The output folder may sit inside the province folder: it is no county.
    const jobs = countyJobs(positionals[0]!, out).map((j) =>
      config !== undefined && !j.args.includes('--config') ? { ...j, args: [...j.args, '--config', config] } : j,
    );
    const common: string[] = ['--format', 'xlsx,csv,json,html'];
    if (values['as-of'] !== undefined) common.push('--as-of', values['as-of']);
    if (!existsSync(out)) mkdirSync(out, { recursive: true });
    if (!quiet) io.stderr(`province: ${jobs.length} counties, ${Math.min(parallel, jobs.length)} at a time\n`);
    outcomes = await runCounties(jobs, out, parallel, common);
  }

  const lines: Record<string, CsvValue>[] = [];
  const totals: Record<string, number> = {};
  const numeric = ['patches', 'tasks', 'removed', 'area', 'illegalCount', 'illegalArea', 'illegalCultivated', 'illegalBasic', 'closed', 'open', 'overdue'];
  let ncCultivated = 0;
  let ncIllegalCultivated = 0;
  for (const o of outcomes) {
    if (!quiet || !o.ok) io.stderr(`province: ${o.name}: ${o.ok ? `done in ${o.seconds.toFixed(1)} s` : `FAILED (exit ${o.exitCode}): ${firstError(o.messages)}`}\n`);
    if (!o.ok) continue;
    const j = JSON.parse(readFileSync(join(o.out, '套合表.json'), 'utf8')) as CountyJson;
    const c = j.ledger.county;
    const line: Record<string, CsvValue> = {
      county: o.name,
      patches: j.merge.patches,
      tasks: j.merge.tasks,
      removed: j.merge.removed,
      area: c.area.mu,
      illegalCount: c.illegal.count,
      illegalArea: c.illegal.area.mu,
      illegalCultivated: c.illegal.cultivated.mu,
      illegalBasic: c.illegal.basicFarmland.mu,
      ratio: c.newConstruction.cultivated.m2 > 0 ? c.newConstruction.illegalCultivated.m2 / c.newConstruction.cultivated.m2 : null,
      closed: c.closed,
      open: c.tasks - c.closed,
      clearance: c.tasks > 0 ? c.closed / c.tasks : null,
      overdue: c.overdue,
    };
    ncCultivated += c.newConstruction.cultivated.m2;
    ncIllegalCultivated += c.newConstruction.illegalCultivated.m2;
    for (const k of numeric) totals[k] = (totals[k] ?? 0) + (line[k] as number);
    lines.push(line);
  }
  // 亩 totals: county lines are already rounded to 0.01; their sum is exact in hundredths.
  for (const k of ['area', 'illegalArea', 'illegalCultivated', 'illegalBasic']) totals[k] = Math.round(totals[k]! * 100) / 100;
  const total: Record<string, CsvValue> = {
    county: '合计',
    ...totals,
    ratio: ncCultivated > 0 ? ncIllegalCultivated / ncCultivated : null,
    clearance: (totals.closed ?? 0) + (totals.open ?? 0) > 0 ? (totals.closed ?? 0) / ((totals.closed ?? 0) + (totals.open ?? 0)) : null,
  };
  const columns: ColumnSpec[] = [
    { key: 'county', header: '县区', type: 'string' },
    { key: 'patches', header: '图斑数', type: 'integer' },
    { key: 'tasks', header: '清零任务', type: 'integer' },
    { key: 'removed', header: '重合去除', type: 'integer' },
    { key: 'area', header: '任务面积（亩）', type: 'number', format: XLSX_FORMATS.mu },
    { key: 'illegalCount', header: '违法图斑数', type: 'integer' },
    { key: 'illegalArea', header: '违法面积（亩）', type: 'number', format: XLSX_FORMATS.mu },
    { key: 'illegalCultivated', header: '违法占用耕地（亩）', type: 'number', format: XLSX_FORMATS.mu },
    { key: 'illegalBasic', header: '违法占用基本农田（亩）', type: 'number', format: XLSX_FORMATS.mu },
    { key: 'ratio', header: '违法占用耕地比例', type: 'percent' },
    { key: 'closed', header: '已整改', type: 'integer' },
    { key: 'open', header: '未完成', type: 'integer' },
    { key: 'clearance', header: '清零进度', type: 'percent' },
    { key: 'overdue', header: '逾期', type: 'integer' },
  ];
  const rows = [...lines, total];
  const failed = outcomes.filter((o) => !o.ok);
  const report = {
    counties: outcomes.map((o) => ({ name: o.name, ok: o.ok, exitCode: o.exitCode, seconds: o.seconds, out: o.out, messages: o.messages })),
    failed: failed.map((o) => o.name),
  };
  const xlsx = await xlsxBytes(
    [{ name: '全省汇总', title: ['卫片执法汇总', failed.length > 0 ? `未完成的县区：${failed.map((o) => o.name).join('、')}` : `${lines.length} 个县区`], columns, rows }],
    { file: join(out, '全省汇总.xlsx') },
  );
  writeFilesAtomically((set) => {
    set.put(join(out, '全省汇总.xlsx'), xlsx);
    set.put(join(out, '全省汇总.csv'), csvTable(columns.map((c) => c.header), rows.map((r) => columns.map((c) => r[c.key]))));
    set.put(join(out, '运行报告.json'), `${JSON.stringify(report, null, 1)}\n`);
  });
  io.stdout(`${join(out, '全省汇总.xlsx')}\n${join(out, '全省汇总.csv')}\n${join(out, '运行报告.json')}\n`);
  return failed.length > 0 ? 1 : 0;
}
