import { toMu } from '../area/index.js';
import { idOf } from '../geometry/build.js';
import type { Layer } from '../geometry/types.js';
import { csvLine } from '../io/csv.js';
import { readLayer } from '../io/read.js';
import { measureFeatures, type FeatureAreasResult } from '../overlay/feature-area.js';
import type { MeasureOption } from '../overlay/measure.js';
import type { RepairReport } from '../overlay/repair.js';
import { parseCommandArgs, requireIdField, type CommandIO } from './args.js';
import { checkIds } from './checks.js';
import { commandProgress } from './progress.js';
import { printIdFindings, printRepairs, printReport } from './report.js';
import { checkOutputTarget } from './target.js';
import { writeResultTable } from './table-out.js';
import { XLSX_FORMATS, type ColumnSpec } from '../io/xlsx.js';

const AREA_COLUMNS: readonly ColumnSpec[] = [
  { key: 'id', header: 'id', type: 'string' },
  { key: 'area_m2', header: 'area_m2', type: 'number', format: XLSX_FORMATS.m2 },
  { key: 'area_mu', header: 'area_mu', type: 'number', format: XLSX_FORMATS.mu },
];

/** `tuban area <file> [--id FIELD] [--crs CRS] [--encoding ENC] [--planar] [--out FILE|-]` (see help.ts). */
export async function runArea(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      id: { type: 'string' },
      crs: { type: 'string' },
      encoding: { type: 'string' },
      planar: { type: 'boolean' },
      out: { type: 'string', short: 'o' },
    },
    { min: 1, max: 1, names: 'one input file' },
    'area',
  );
  const file = positionals[0];
  const out = values.out ?? '-';
  checkOutputTarget(out, [file]);
  const planar = values.planar === true;
  const { progress } = commandProgress('area', io, values.quiet === true);
  const { layer, report, areas, repairs } = progress.during(() => {
    const { layer, report } = readLayer(file, {
      idField: values.id,
      crs: values.crs,
      encoding: values.encoding,
      requireCrs: !planar,
    });
    requireIdField(layer, values.id, file);
    const n = layer.featureCount;
    const measured = measureInChunks(layer, { measure: planar ? 'planar' : 'ellipsoidal', idField: values.id }, (done) =>
      progress.update(done, n, `${done}/${n} features`),
    );
    return { layer, report, ...measured };
  });
  const n = layer.featureCount;
  await writeResultTable(out, io, '面积', AREA_COLUMNS, (function* () {
    for (let f = 0; f < n; f++) yield [idOf(layer.attributes[f], layer.featureIds[f], values.id) ?? f, areas[f], toMu(areas[f])];
  })());
  printReport(report, io);
  printRepairs(repairs, io);
  printIdFindings(report.source, values.id ?? 'id', checkIds(layer, values.id), io);
  return 0;
}

/**
 * {@link measureFeatures} over consecutive ranges of features, calling `onChunk(featuresDone)` after each, so
 * that a county land-use layer (~165 000 parcels, a few seconds) can show progress. The ranges are views
 * sharing the layer's arrays; feature indexes in the repairs are those of the whole layer.
 *
 * @example
 * const { areas } = measureInChunks(landuse, { measure: 'ellipsoidal' }, (done) => console.error(done));
 */
export function measureInChunks(
  layer: Layer,
  options: { measure: MeasureOption; idField?: string },
  onChunk: (done: number) => void,
  chunk = 4096,
): FeatureAreasResult {
  const n = layer.featureCount;
  if (n <= chunk) {
    const result = measureFeatures(layer, options);
    onChunk(n);
    return result;
  }
  const areas = new Float64Array(n);
  const repairs: RepairReport[] = [];
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const part = measureFeatures(featureRange(layer, start, end), options);
    areas.set(part.areas, start);
    for (const r of part.repairs) repairs.push({ ...r, featureIndex: r.featureIndex + start });
    onChunk(end);
  }
  return { areas, repairs };
}

/**
 * Features `start … end − 1` as a layer of their own, without copying: feature offsets index polygons of the
 * whole layer, so the polygon, ring and coordinate arrays are shared as they are.
 */
function featureRange(layer: Layer, start: number, end: number): Layer {
  return {
    ...layer,
    featureOffsets: layer.featureOffsets.subarray(start, end + 1),
    bboxes: layer.bboxes.subarray(4 * start, 4 * end),
    attributes: layer.attributes.slice(start, end),
    featureIds: layer.featureIds.slice(start, end),
    featureCount: end - start,
  };
}
