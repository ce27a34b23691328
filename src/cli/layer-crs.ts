/**
 * Bringing an overlay layer to the patches' coordinate system from the command line: a layer whose file
 * declares no readable CRS takes `--crs` if given, else the command stops with a message naming the file and
 * the option that fixes it; a layer in another CRS is reprojected, and says so. Layers are never mixed
 * silently (domain rule: reproject or refuse with a clear message).
 */
import { parseCrs, resolveCrs, sameCrs } from '../crs/index.js';
import type { Crs } from '../crs/types.js';
import { CrsError } from '../errors.js';
import { layerBbox, reprojectLayer } from '../geometry/layer.js';
import type { Layer, LayerReport } from '../geometry/types.js';
import { readLayer } from '../io/read.js';
import { UsageError, type CommandIO } from './args.js';
import { printReport } from './report.js';

/**
 * Checks a CRS given on the command line and returns it unchanged; an unreadable one is a usage error.
 *
 * @example
 * checkCrsText('EPSG:4527', '--crs '); // "EPSG:4527"
 */
export function checkCrsText(text: string, option: string): string {
  try {
    parseCrs(text);
  } catch (e) {
    if (e instanceof CrsError) throw new UsageError(`${option}${text}: ${e.message}`);
    throw e;
  }
  return text;
}

function label(crs: Crs): string {
  return crs.epsg !== null ? `${crs.name} (EPSG:${crs.epsg})` : crs.name;
}

/** The reader's note for a layer read with `requireCrs: false` that had no CRS; replaced by our own lines. */
const NO_CRS_NOTE = /^no CRS could be determined/;

export interface SettleContext {
  /** The layer's file, for messages and to re-read it for the exact reason when it has no CRS. */
  file: string;
  /** What reading the layer found; printed here, without the reader's "used as planar" note when not planar. */
  report: LayerReport;
  patches: Layer;
  patchesFile: string;
  /** `--crs`: the CRS of inputs that declare none. */
  fallbackCrs: string | undefined;
  planar: boolean;
  encoding: string | undefined;
}

/**
 * The layer in the patches' CRS. Without a CRS of its own it takes `fallbackCrs` (said on stderr) or, when
 * the patches have one, fails with the reader's reason plus the way out (`--layer-crs NAME=EPSG:…`); in
 * another CRS it is reprojected (said on stderr); in `planar` mode different declared CRSs are refused.
 *
 * @example
 * const landuse = settleLayerCrs(raw, { file: 'DLTB.shp', report, patches, patchesFile: 'wp.shp', fallbackCrs: undefined, planar: false, encoding: undefined }, io);
 */
export function settleLayerCrs(layer: Layer, context: SettleContext, io: CommandIO): Layer {
  const { patches, report, file } = context;
  const noCrs = layer.crs === null;
  printReport(
    noCrs && !context.planar ? { ...report, warnings: (report.warnings ?? []).filter((w) => !NO_CRS_NOTE.test(w)) } : report,
    io,
  );
  let current = layer;
  if (noCrs && context.fallbackCrs !== undefined) {
    const bbox = layerBbox(layer.bboxes);
    const { crs } = resolveCrs({ option: context.fallbackCrs, bbox: bbox ?? undefined }, { file });
    io.stderr(`${report.source}: the file declares no coordinate system tuban can read; using --crs ${context.fallbackCrs}\n`);
    current = { ...layer, crs };
  } else if (noCrs && patches.crs !== null && !context.planar) {
    throw new CrsError(`${reasonForNoCrs(file, context.encoding)} ${wayOut(layer.name, patches.crs, context.patchesFile)}`);
  }
  if (current.crs === null || patches.crs === null || sameCrs(current.crs, patches.crs)) return current;
  if (context.planar) {
    throw new UsageError(
      `--planar compares coordinates as they are, but layer ${layer.name} (${file}) is in ${label(current.crs)} and the ` +
        `patches in ${label(patches.crs)}; drop --planar or convert one of them`,
    );
  }
  let moved: Layer;
  try {
    moved = reprojectLayer(current, patches.crs);
  } catch (e) {
    if (e instanceof CrsError) {
      throw new CrsError(
        `layer ${layer.name} (${file}) is in ${label(current.crs)}, the patches (${context.patchesFile}) in ${label(patches.crs)}: ${e.message} ` +
          '(The command line has no datum-shift option.)',
      );
    }
    throw e;
  }
  io.stderr(`${report.source}: layer ${layer.name} reprojected from ${label(current.crs)} to the patches' ${label(patches.crs)}\n`);
  return moved;
}

/** Reads the file again, requiring a CRS, for the reader's own words on why there is none. Error path only. */
function reasonForNoCrs(file: string, encoding: string | undefined): string {
  try {
    readLayer(file, { encoding, requireCrs: true });
  } catch (e) {
    if (e instanceof CrsError) return e.message;
    throw e;
  }
  return `${file}: cannot tell its coordinate reference system.`;
}

function wayOut(name: string, patchesCrs: Crs, patchesFile: string): string {
  const code = patchesCrs.epsg !== null ? `EPSG:${patchesCrs.epsg}` : 'EPSG:<code>';
  return (
    `The patches (${patchesFile}) are in ${label(patchesCrs)}; if layer ${name} is too, add --layer-crs ${name}=${code} ` +
    '(or --crs, which also sets the CRS of the patches and of every other input that declares none).'
  );
}
