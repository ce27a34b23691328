import { csvLine } from '../io/csv.js';
import { readLayer } from '../io/read.js';
import { CrsError, InputError } from '../errors.js';
import { tabulate, type TabulateResult } from '../overlay/tabulate.js';
import { MAX_THREADS, tabulateParallel } from '../parallel/tabulate-parallel.js';
import type { Layer } from '../geometry/types.js';
import { fileAndField, parseCommandArgs, requireIdField, UsageError, type CommandIO } from './args.js';
import { checkIds, patchesOverlappingNothing } from './checks.js';
import { checkCrsText, settleLayerCrs } from './layer-crs.js';
import { commandProgress } from './progress.js';
import { printIdFindings, printRepairs, printReport, printUncovered } from './report.js';
import { checkOutputTarget } from './target.js';
import { writeResultTable } from './table-out.js';
import { XLSX_FORMATS, type ColumnSpec } from '../io/xlsx.js';

const OVERLAY_COLUMNS: readonly ColumnSpec[] = [
  { key: 'patch_id', header: 'patch_id', type: 'string' },
  { key: 'layer', header: 'layer', type: 'string' },
  { key: 'class', header: 'class', type: 'string' },
  { key: 'area_m2', header: 'area_m2', type: 'number', format: XLSX_FORMATS.m2 },
  { key: 'area_mu', header: 'area_mu', type: 'number', format: XLSX_FORMATS.mu },
];

interface LayerArg {
  name: string;
  file: string;
  classField: string | undefined;
}

/**
 * `NAME=FILE[:CLASSFIELD]`. The class field is what follows the last colon, unless the whole text after `=` is
 * an existing file (a Windows drive letter, a colon in a folder name): {@link fileAndField}.
 *
 * @example
 * parseLayerArg('landuse=DLTB.shp:DLBM'); // { name: 'landuse', file: 'DLTB.shp', classField: 'DLBM' }
 */
export function parseLayerArg(text: string): LayerArg {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`expected --layer NAME=FILE[:CLASSFIELD], found "${text}"`);
  const { file, field } = fileAndField(text.slice(eq + 1));
  return { name: text.slice(0, eq), file, classField: field };
}

/**
 * `--layer-crs NAME=CRS`, repeatable: a map from layer name to CRS text, refusing names that are no `--layer`
 * and CRS texts that cannot be read.
 *
 * @example
 * parseLayerCrsArgs(['farmland=EPSG:4527'], ['landuse', 'farmland']); // Map { 'farmland' => 'EPSG:4527' }
 */
export function parseLayerCrsArgs(texts: readonly string[], layerNames: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0 || eq === text.length - 1) throw new UsageError(`expected --layer-crs NAME=CRS (e.g. farmland=EPSG:4527), found "${text}"`);
    const name = text.slice(0, eq);
    if (!layerNames.includes(name)) {
      throw new UsageError(`expected --layer-crs to name one of the layers (${layerNames.join(', ')}), found "${name}"`);
    }
    if (out.has(name)) throw new UsageError(`expected one --layer-crs for layer "${name}", found two`);
    out.set(name, checkCrsText(text.slice(eq + 1), `--layer-crs ${name}=`));
  }
  return out;
}

/** Runs a layer read; a CRS error gets a pointer to --layer-crs, since the reader's own advice is --crs. */
function withLayerHint<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof CrsError) throw new CrsError(`${e.message} (In tuban overlay, --layer-crs ${name}=CRS declares this layer's CRS alone.)`);
    throw e;
  }
}

/**
 * `tuban overlay <patches> --layer NAME=FILE[:CLASSFIELD] … [--id FIELD] [--crs CRS] [--layer-crs NAME=CRS …]
 * [--planar] [--out FILE|-]` (see help.ts).
 */
export async function runOverlay(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      layer: { type: 'string', multiple: true },
      'layer-crs': { type: 'string', multiple: true },
      id: { type: 'string' },
      crs: { type: 'string' },
      encoding: { type: 'string' },
      planar: { type: 'boolean' },
      threads: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
    { min: 1, max: 1, names: 'one patches file' },
    'overlay',
  );
  const patchesFile = positionals[0];
  const layerArgs = (values.layer ?? []).map(parseLayerArg);
  if (layerArgs.length === 0) throw new UsageError('expected at least one --layer NAME=FILE[:CLASSFIELD], found none');
  const names = layerArgs.map((l) => l.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UsageError(`expected a different NAME for every --layer, found "${twice}" twice`);
  const layerCrs = parseLayerCrsArgs(values['layer-crs'] ?? [], names);
  const crs = values.crs !== undefined ? checkCrsText(values.crs, '--crs ') : undefined;
  const out = values.out ?? '-';
  checkOutputTarget(out, [patchesFile, ...layerArgs.map((l) => l.file)]);
  const planar = values.planar === true;
  const threads = values.threads !== undefined ? Number(values.threads) : 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new UsageError(`expected --threads N, a whole number from 1 to ${MAX_THREADS}, found "${values.threads}"`);
  }

  const { progress, say } = commandProgress('overlay', io, values.quiet === true);

  // Read and settle every layer, then tabulate — on worker threads with --threads.
  const { patchesRead, results } = await progress.duringAsync(async () => {
    const patchesRead = readLayer(patchesFile, { idField: values.id, crs, encoding: values.encoding, requireCrs: !planar });
    const patches = patchesRead.layer;
    requireIdField(patches, values.id, patchesFile);
    printReport(patchesRead.report, say);
    const layers: { arg: LayerArg; layer: Layer }[] = [];
    for (const arg of layerArgs) {
      // An explicit --layer-crs must hold (it is checked against the coordinates); otherwise a missing CRS is
      // settled below, with --crs or a message that says how to declare it.
      const own = layerCrs.get(arg.name);
      const { layer: raw, report } = withLayerHint(arg.name, () =>
        readLayer(arg.file, { crs: own, encoding: values.encoding, requireCrs: own !== undefined }),
      );
      const layer = settleLayerCrs(
        { ...raw, name: arg.name },
        { file: arg.file, report, patches, patchesFile, fallbackCrs: crs, planar, encoding: values.encoding },
        say,
      );
      if (arg.classField !== undefined && layer.featureCount > 0 && !layer.attributes.some((a) => arg.classField! in a)) {
        throw new InputError(
          `expected a class field "${arg.classField}" for --layer ${arg.name}, found only: ${Object.keys(layer.attributes[0]).join(', ') || 'no attributes'}`,
          { file: arg.file },
        );
      }
      layers.push({ arg, layer });
    }
    const P = patches.featureCount;
    const L = layers.length;
    const results: TabulateResult[] = [];
    for (const [i, { arg, layer }] of layers.entries()) {
      const label = (done: number): string => (L === 1 ? `${done}/${P} patches` : `layer ${i + 1}/${L} ${arg.name}, ${done}/${P} patches`);
      const options = {
        classBy: arg.classField,
        measure: planar ? ('planar' as const) : ('ellipsoidal' as const),
        patchIdField: values.id,
        onProgress: (done: number) => progress.update(i * P + done, L * P, label(done)),
      };
      results.push(threads > 1 ? await tabulateParallel(patches, layer, { ...options, threads }) : tabulate(patches, layer, options));
    }
    return { patchesRead, results };
  });
  const patches = patchesRead.layer;
  const P = patches.featureCount;

  await writeResultTable(out, io, '套合', OVERLAY_COLUMNS, (function* () {
    for (let p = 0; p < P; p++) {
      for (const result of results) {
        const row = result.patches[p];
        const id = row.patchId ?? p;
        for (const part of row.parts) {
          if (part.areaM2 !== 0) yield [id, result.layer, part.class, part.areaM2, part.areaMu];
        }
      }
    }
  })());

  // Every feature read by the even-odd rule once, though each table lists the patches' repairs again.
  const seen = new Set<string>();
  for (const result of results) {
    printRepairs(
      result.repairs.filter((r) => {
        const key = `${r.layer}:${r.featureIndex}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
      io,
    );
  }
  printIdFindings(patchesRead.report.source, values.id ?? 'id', checkIds(patches, values.id), io);
  for (const result of results) printUncovered(patchesOverlappingNothing(result), io);
  return 0;
}
