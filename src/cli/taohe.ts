import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { readLayer } from '../io/read.js';
import { loadEnforcementConfig, parseEnforcementConfig } from '../enforcement/config.js';
import { readProgressHistory, runTaoheJob, type TaoheFormat, writeTaoheJob } from '../enforcement/job.js';
import { readDeadlineTable, readStatusTable } from '../enforcement/status.js';
import { fileAndField, parseCommandArgs, UsageError, type CommandIO } from './args.js';
import { checkCrsText, settleLayerCrs } from './layer-crs.js';
import { commandProgress } from './progress.js';
import { printRepairs, printReport } from './report.js';

/** The optional layers of `tuban taohe`, by option name, and which of them take a `:FIELD`. */
const OPTIONAL_LAYERS = ['farmland', 'redline', 'planning', 'approvals', 'filings', 'reclamation', 'townships'] as const;
const FORMATS: readonly TaoheFormat[] = ['xlsx', 'csv', 'json', 'html'];

/** `[NAME=]FILE`: a patch set, named after its file when no name is given. */
function patchSetArg(text: string, i: number): { name: string; file: string } {
  const eq = text.indexOf('=');
  if (eq > 0 && !existsSync(text)) return { name: text.slice(0, eq), file: text.slice(eq + 1) };
  return { name: i === 0 ? '卫片图斑' : `批次${i + 1}`, file: text };
}

function today(now: () => number): string {
  const d = new Date(now());
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * `tuban taohe --patches [NAME=]FILE … --landuse FILE[:DLBM] [--farmland FILE] [--redline FILE]
 * [--planning FILE[:GZQLXDM]] [--approvals FILE] [--filings FILE] [--reclamation FILE] [--townships FILE]
 * [--status FILE] [--deadlines FILE] [--config FILE] [--as-of DATE] [--county NAME] --out DIR
 * [--format xlsx,csv,json,html]` (see help.ts).
 */
export async function runTaohe(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      patches: { type: 'string', multiple: true },
      landuse: { type: 'string' },
      farmland: { type: 'string' },
      redline: { type: 'string' },
      planning: { type: 'string' },
      approvals: { type: 'string' },
      filings: { type: 'string' },
      reclamation: { type: 'string' },
      townships: { type: 'string' },
      'newer-landuse': { type: 'string' },
      status: { type: 'string' },
      deadlines: { type: 'string' },
      config: { type: 'string' },
      'as-of': { type: 'string' },
      county: { type: 'string' },
      id: { type: 'string' },
      crs: { type: 'string' },
      encoding: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
    { min: 0, max: 0, names: 'no positional arguments (layers are given by options)' },
    'taohe',
  );
  const patchArgs = (values.patches ?? []).map(patchSetArg);
  if (patchArgs.length === 0) throw new UsageError('expected --patches FILE (one or more patch sets), found none');
  const names = patchArgs.map((p) => p.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UsageError(`expected a different NAME for every --patches NAME=FILE, found "${twice}" twice`);
  if (values.landuse === undefined) throw new UsageError('expected --landuse FILE[:DLBM] (the land-use survey layer), found none');
  if (values.out === undefined) throw new UsageError('expected --out DIR (the folder for 套合表.xlsx, the CSV files and 报告.html), found none');
  const formats = (values.format ?? 'xlsx,csv,html').split(',').map((f) => f.trim().toLowerCase());
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`expected --format from ${FORMATS.join(', ')} (comma-separated), found "${f}"`);
  }
  const asOf = values['as-of'] ?? today(io.now ?? Date.now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`expected --as-of YYYY-MM-DD, found "${asOf}"`);
  const crs = values.crs !== undefined ? checkCrsText(values.crs, '--crs ') : undefined;
  const out = resolve(values.out);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('expected a folder for --out, found a file', { file: values.out });
  if (!existsSync(dirname(out))) throw new InputError(`expected the folder ${dirname(out)} to exist for --out, found none`, { file: values.out });

  // The configuration first: a typo there should not cost a county-scale overlay.
  let config = values.config !== undefined ? loadEnforcementConfig(values.config) : parseEnforcementConfig(undefined);
  const landuseArg = fileAndField(values.landuse);
  const planningArg = values.planning !== undefined ? fileAndField(values.planning) : undefined;
  const overrides: Record<string, string> = {};
  if (landuseArg.field !== undefined) overrides.landClass = landuseArg.field;
  if (planningArg?.field !== undefined) overrides.planningZone = planningArg.field;
  if (values.id !== undefined) overrides.patchId = values.id;
  if (Object.keys(overrides).length > 0) config = parseEnforcementConfig({ ...config, fields: { ...config.fields, ...overrides } });
  const statuses = values.status !== undefined ? readStatusTable(values.status) : null;
  const deadlines = values.deadlines !== undefined ? readDeadlineTable(values.deadlines) : undefined;

  const { progress, say } = commandProgress('taohe', io, values.quiet === true);
  const result = progress.during(() => {
    const sets = patchArgs.map((p, i) => {
      const { layer, report } = readLayer(p.file, { crs: i === 0 ? crs : undefined, encoding: values.encoding, idField: config.fields.patchId });
      if (layer.featureCount > 0 && !layer.attributes.some((a) => config.fields.patchId in a)) {
        throw new InputError(
          `expected a patch id field "${config.fields.patchId}" (set it with --id or fields.patchId in --config), found only: ${Object.keys(layer.attributes[0]).join(', ') || 'no attributes'}`,
          { file: p.file },
        );
      }
      return { name: p.name, file: p.file, layer: { ...layer, name: p.name }, report };
    });
    const first = sets[0]!;
    const settle = (name: string, file: string, layer: Layer, report: Parameters<typeof settleLayerCrs>[1]['report']): Layer =>
      settleLayerCrs({ ...layer, name }, { file, report, patches: first.layer, patchesFile: first.file, fallbackCrs: crs, planar: false, encoding: values.encoding }, say);
    const read = (name: string, file: string): Layer => {
      const { layer, report } = readLayer(file, { encoding: values.encoding, requireCrs: false });
      return settle(name, file, layer, report);
    };
    printReport(first.report, say);
    const patchSets = sets.map((s, i) => ({ name: s.name, layer: i === 0 ? s.layer : settle(s.name, s.file, s.layer, s.report) }));
    const layers: Partial<Record<(typeof OPTIONAL_LAYERS)[number], Layer>> = {};
    for (const name of OPTIONAL_LAYERS) {
      const text = values[name];
      if (text === undefined) continue;
      layers[name] = read(name, name === 'planning' ? planningArg!.file : text);
    }
    const newerLanduse = values['newer-landuse'] !== undefined ? read('newer-landuse', fileAndField(values['newer-landuse']).file) : undefined;
    progress.update(0, 1, 'overlay');
    return runTaoheJob({
      newerLanduse,
      patchSets,
      landuse: read('landuse', landuseArg.file),
      ...layers,
      config,
      statuses,
      deadlines,
      asOf,
      countyName: values.county,
      progressHistory: existsSync(out) ? readProgressHistory(out) : [],
    });
  });
  if (!existsSync(out)) mkdirSync(out);
  const files = await writeTaoheJob(out, result, { formats: formats as TaoheFormat[], generatedAt: new Date(io.now?.() ?? Date.now()).toISOString() });
  printRepairs(result.taohe.repairs, io);
  for (const n of result.notes) io.stderr(`taohe: ${n}\n`);
  const c = result.ledger.county;
  const share = c.ratios.illegalCultivated.value;
  io.stderr(
    `taohe: ${result.merge.patches} patches in ${patchArgs.length} set(s) → ${result.merge.tasks} tasks (${result.merge.removed} 重合 removed); ` +
      `${result.taohe.rows.length} rows, ${c.illegal.count} 违法 (${c.illegal.area.mu.toFixed(2)} 亩), 清零 ${c.closed}/${c.tasks}` +
      `${share !== null ? `, 违法占用耕地比例 ${(share * 100).toFixed(2)}%${c.ratios.illegalCultivated.flagged ? ' ≥ 问责线' : ''}` : ''}\n`,
  );
  for (const f of files) io.stdout(`${f}\n`);
  return 0;
}
