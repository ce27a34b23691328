import { TubanError } from '../errors.js';
import { runArea } from './area.js';
import { runOverlay } from './overlay.js';
import { UsageError, type CommandIO } from './args.js';

const HELP = `tuban — 图斑 areas and overlays for county land enforcement (卫片执法) and 耕地占补平衡

Usage:
  tuban area <file> [--id FIELD] [--crs EPSG:N] [--encoding ENC] [--planar] [--out FILE|-]
      One CSV row per feature, in input order: id,area_m2,area_mu (unrounded). The area is the
      ellipsoidal area by the national rule (CGCS2000, 国土调查办发〔2008〕32号) unless --planar.
  tuban overlay <patches> --layer NAME=FILE[:CLASSFIELD] ... [--id FIELD] [--crs EPSG:N] [--planar]
                [--out FILE|-]
      套合: for every patch and layer, the area of patch ∩ (union of the layer's features of each
      class). CSV patch_id,layer,class,area_m2,area_mu (unrounded; class empty without a class
      field), rows with non-zero overlap, patches in input order. Layers in another CRS are
      reprojected to the patches' CRS. Invalid geometry is read by the even-odd rule and reported.
  tuban help

Inputs: GeoJSON (.geojson/.json) or Shapefile (.shp + .dbf [+ .prj, .cpg]).
Exit codes: 0 ok, 1 bad input, 2 bad usage.`;

/** Runs the CLI with the given arguments; returns the exit code instead of exiting, for tests. */
export async function main(argv: readonly string[], io: CommandIO = defaultIO()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'area':
        return await runArea(rest, io);
      case 'overlay':
        return await runOverlay(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${HELP}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`expected a command (area, overlay, help), found "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`tuban: ${e.message}\nRun "tuban help" for usage.\n`);
      return 2;
    }
    if (e instanceof TubanError) {
      io.stderr(`tuban: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function defaultIO(): CommandIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  };
}

// Run when executed as the `tuban` binary (not when imported by tests).
const invoked = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:tuban|main\.(?:js|ts|mjs))$/.test(invoked)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`tuban: internal error (please report): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
