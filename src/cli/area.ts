import { toMu } from '../area/index.js';
import { idOf } from '../geometry/build.js';
import { csvLine } from '../io/csv.js';
import { writeAtomically } from '../io/output.js';
import { readLayer } from '../io/read.js';
import { measureFeatures } from '../overlay/feature-area.js';
import { parseCommandArgs, requireIdField, type CommandIO } from './args.js';
import { printRepairs, printReport } from './report.js';

/** `tuban area <file> [--id FIELD] [--crs EPSG:N] [--planar] [--out FILE|-]`. */
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
  );
  const planar = values.planar === true;
  const { layer, report } = readLayer(positionals[0], {
    idField: values.id,
    crs: values.crs,
    encoding: values.encoding,
    requireCrs: !planar,
  });
  requireIdField(layer, values.id, positionals[0]);
  const { areas, repairs } = measureFeatures(layer, { measure: planar ? 'planar' : 'ellipsoidal', idField: values.id });
  writeAtomically(values.out ?? '-', io, (write) => {
    write('id,area_m2,area_mu\n');
    for (let f = 0; f < layer.featureCount; f++) {
      const id = idOf(layer.attributes[f], layer.featureIds[f], values.id) ?? f;
      write(`${csvLine([id, areas[f], toMu(areas[f])])}\n`);
    }
  });
  printReport(report, io);
  printRepairs(repairs, io);
  return 0;
}
