import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { readLayer } from '../io/read.js';
import { loadBalanceConfig, parseBalanceConfig } from '../balance/config.js';
import { balanceJSON, runBalance, writeBalance } from '../balance/job.js';
import { readPurchasedLedger } from '../balance/supply.js';
import { readYieldTable } from '../balance/yield.js';
import { INDICATOR_NAMES } from '../balance/allocate.js';
import { DEFAULT_ENFORCEMENT_CONFIG, parseEnforcementConfig } from '../enforcement/config.js';
import { fileAndField, parseCommandArgs, UsageError, type CommandIO } from './args.js';
import { checkCrsText, settleLayerCrs } from './layer-crs.js';
import { commandProgress } from './progress.js';
import { printReport } from './report.js';

/**
 * `tuban balance --occupation FILE --landuse FILE[:DLBM] [--supplement FILE] [--newest-landuse FILE]
 * [--ledger FILE] --yield-table FILE [--config FILE] [--crs CRS] [--encoding ENC] [--out DIR] [--format json]`
 * (see help.ts).
 */
export async function runBalanceCommand(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      occupation: { type: 'string' },
      landuse: { type: 'string' },
      supplement: { type: 'string' },
      'newest-landuse': { type: 'string' },
      ledger: { type: 'string' },
      'yield-table': { type: 'string' },
      config: { type: 'string' },
      crs: { type: 'string' },
      encoding: { type: 'string' },
      out: { type: 'string', short: 'o' },
      format: { type: 'string' },
    },
    { min: 0, max: 0, names: 'no positional arguments (inputs are given by options)' },
    'balance',
  );
  if (values.occupation === undefined) throw new UsageError('expected --occupation FILE (the polygons that occupy land), found none');
  if (values.landuse === undefined) throw new UsageError('expected --landuse FILE[:DLBM], found none');
  if (values['yield-table'] === undefined) throw new UsageError('expected --yield-table FILE (grade,kg_per_mu), found none');
  if (values.supplement === undefined && values.ledger === undefined) throw new UsageError('expected --supplement FILE and/or --ledger FILE (the supply), found neither');
  const format = values.format ?? (values.out !== undefined ? 'xlsx,json' : 'text');
  const formats = format.split(',').map((f) => f.trim());
  for (const f of formats) if (!['xlsx', 'json', 'text'].includes(f)) throw new UsageError(`expected --format from xlsx, json (comma-separated), found "${f}"`);
  if (formats.includes('xlsx') && values.out === undefined) throw new UsageError('expected --out DIR for --format xlsx, found none');
  const out = values.out !== undefined ? resolve(values.out) : undefined;
  if (out !== undefined && existsSync(out) && !statSync(out).isDirectory()) throw new InputError('expected a folder for --out, found a file', { file: values.out });
  if (out !== undefined && !existsSync(dirname(out))) throw new InputError(`expected the folder ${dirname(out)} to exist for --out, found none`, { file: values.out });
  const crs = values.crs !== undefined ? checkCrsText(values.crs, '--crs ') : undefined;

  // Tables and configuration first: a typo there should not cost an overlay.
  const config = values.config !== undefined ? loadBalanceConfig(values.config) : parseBalanceConfig(undefined);
  const yieldTable = readYieldTable(values['yield-table']);
  const purchased = values.ledger !== undefined ? readPurchasedLedger(values.ledger, config) : [];
  const landuseArg = fileAndField(values.landuse);
  const enforcement =
    landuseArg.field !== undefined
      ? parseEnforcementConfig({ ...DEFAULT_ENFORCEMENT_CONFIG, fields: { ...DEFAULT_ENFORCEMENT_CONFIG.fields, landClass: landuseArg.field } })
      : undefined;

  const { progress, say } = commandProgress('balance', io, values.quiet === true);
  const r = progress.during(() => {
    const occ = readLayer(values.occupation!, { crs, encoding: values.encoding });
    printReport(occ.report, say);
    const read = (name: string, file: string): Layer => {
      const { layer, report } = readLayer(file, { encoding: values.encoding, requireCrs: false });
      return settleLayerCrs({ ...layer, name }, { file, report, patches: occ.layer, patchesFile: values.occupation!, fallbackCrs: crs, planar: false, encoding: values.encoding }, say);
    };
    return runBalance({
      occupation: occ.layer,
      landuse: read('landuse', landuseArg.file),
      supplement: values.supplement !== undefined ? read('supplement', values.supplement) : undefined,
      newestLanduse: values['newest-landuse'] !== undefined ? read('newest-landuse', fileAndField(values['newest-landuse']).file) : undefined,
      purchased,
      yieldTable,
      config,
      enforcement,
    });
  });
  for (const n of r.notes) io.stderr(`balance: ${n}\n`);
  const s = r.result.summary;
  if (out !== undefined) {
    if (!existsSync(out)) mkdirSync(out);
    const files = await writeBalance(out, r, formats.filter((f): f is 'xlsx' | 'json' => f !== 'text'));
    for (const f of files) io.stdout(`${f}\n`);
  } else if (formats.includes('json')) {
    io.stdout(`${JSON.stringify(balanceJSON(r), null, 1)}\n`);
  } else {
    const keys = ['area_mu', 'capacity_kg', 'paddy_mu'] as const;
    io.stdout('indicator,demand,supply,remaining,deficit\n');
    for (const k of keys) io.stdout(`${INDICATOR_NAMES[k]},${s.demand[k]},${s.supply[k]},${s.remaining[k]},${s.deficits[k]}\n`);
  }
  io.stderr(`balance: ${s.balanced ? 'balanced' : `NOT balanced: ${s.failing.join(', ')}`} (${r.demands.length} occupations, ${r.supplies.length} supply rows)\n`);
  return 0;
}
