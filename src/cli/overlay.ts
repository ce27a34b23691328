import { existsSync } from 'node:fs';
import { sameCrs } from '../crs/index.js';
import { reprojectLayer } from '../geometry/layer.js';
import type { Layer } from '../geometry/types.js';
import { csvLine } from '../io/csv.js';
import { writeAtomically } from '../io/output.js';
import { readLayer } from '../io/read.js';
import { tabulate } from '../overlay/tabulate.js';
import { parseCommandArgs, requireIdField, UsageError, type CommandIO } from './args.js';
import { printRepairs, printReport } from './report.js';

interface LayerArg {
  name: string;
  file: string;
  classField: string | undefined;
}

/**
 * `NAME=FILE[:CLASSFIELD]`. The class field is what follows the last colon, unless the whole text after `=` is
 * an existing file (a Windows drive letter, a colon in a folder name).
 */
export function parseLayerArg(text: string): LayerArg {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`expected --layer NAME=FILE[:CLASSFIELD], found "${text}"`);
  const name = text.slice(0, eq);
  const rest = text.slice(eq + 1);
  const colon = rest.lastIndexOf(':');
  if (colon > 0 && !existsSync(rest) && !/[\\/]/.test(rest.slice(colon + 1))) {
    return { name, file: rest.slice(0, colon), classField: rest.slice(colon + 1) || undefined };
  }
  return { name, file: rest, classField: undefined };
}

/** `tuban overlay <patches> --layer NAME=FILE[:CLASSFIELD] … [--id FIELD] [--planar] [--out FILE|-]`. */
export async function runOverlay(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      layer: { type: 'string', multiple: true },
      id: { type: 'string' },
      crs: { type: 'string' },
      encoding: { type: 'string' },
      planar: { type: 'boolean' },
      out: { type: 'string', short: 'o' },
    },
    { min: 1, max: 1, names: 'one patches file' },
  );
  const layerArgs = (values.layer ?? []).map(parseLayerArg);
  if (layerArgs.length === 0) throw new UsageError('expected at least one --layer NAME=FILE[:CLASSFIELD]');
  const planar = values.planar === true;
  const read = (file: string, idField?: string) =>
    readLayer(file, { idField, crs: values.crs, encoding: values.encoding, requireCrs: !planar });
  const patchesRead = read(positionals[0], values.id);
  const patches = patchesRead.layer;
  requireIdField(patches, values.id, positionals[0]);
  printReport(patchesRead.report, io);

  const results = layerArgs.map((arg) => {
    const { layer: raw, report } = read(arg.file);
    printReport(report, io);
    const layer = alignTo(raw, patches, planar, io);
    if (arg.classField !== undefined && layer.featureCount > 0 && !layer.attributes.some((a) => arg.classField! in a)) {
      throw new UsageError(
        `expected a class field "${arg.classField}" in ${arg.file}, found only: ${Object.keys(layer.attributes[0]).join(', ')}`,
      );
    }
    const result = tabulate(patches, { ...layer, name: arg.name }, {
      classBy: arg.classField,
      measure: planar ? 'planar' : 'ellipsoidal',
      patchIdField: values.id,
    });
    return { name: arg.name, result };
  });

  writeAtomically(values.out ?? '-', io, (write) => {
    write('patch_id,layer,class,area_m2,area_mu\n');
    for (let p = 0; p < patches.featureCount; p++) {
      for (const { name, result } of results) {
        const row = result.patches[p];
        const id = row.patchId ?? p;
        for (const part of row.parts) {
          if (part.areaM2 !== 0) write(`${csvLine([id, name, part.class, part.areaM2, part.areaMu])}\n`);
        }
      }
    }
  });
  const seen = new Set<string>();
  for (const { result } of results) {
    printRepairs(result.repairs.filter((r) => {
      const key = `${r.layer}:${r.featureIndex}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }), io);
  }
  return 0;
}

/** Brings a layer to the patches' CRS (with proj4), saying so; planar mode compares coordinates as they are. */
function alignTo(layer: Layer, patches: Layer, planar: boolean, io: CommandIO): Layer {
  if (layer.crs === null || patches.crs === null || sameCrs(layer.crs, patches.crs)) return layer;
  if (planar) {
    throw new UsageError(
      `--planar compares coordinates as they are, but ${layer.name} is in ${layer.crs.name} and the patches in ${patches.crs.name}; drop --planar or convert one of them`,
    );
  }
  io.stderr(`${layer.name}: reprojected from ${layer.crs.name} to ${patches.crs.name}\n`);
  return reprojectLayer(layer, patches.crs);
}
