import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { InputError } from '../errors.js';
import { fromGeoJSON, layerFromFeatures, type FromGeoJSONOptions, type LayerWithReport } from '../geometry/layer.js';
import { readDbf } from './dbf.js';
import { readShp, type ShpFeature } from './shapefile.js';

export interface ReadLayerOptions extends Omit<FromGeoJSONOptions, 'file'> {
  /** Text encoding of a Shapefile's DBF, overriding its header byte and .cpg (e.g. `"gbk"`). */
  encoding?: string;
}

/**
 * Reads a polygon layer from a file: GeoJSON (`.geojson`, `.json`) or an ESRI Shapefile (`.shp` with its
 * `.dbf`, and `.prj`/`.cpg` when present). The layer name defaults to the file name without extension.
 *
 * @example
 * const { layer, report } = readLayer('data/DLTB.shp', { idField: 'BSM' });
 * console.log(layer.crs?.name, report.issues);
 */
export function readLayer(path: string, options: ReadLayerOptions = {}): LayerWithReport {
  if (!existsSync(path)) throw new InputError(`expected a readable file, found nothing at ${path}`);
  const ext = extname(path).toLowerCase();
  const name = options.name ?? basename(path, extname(path));
  if (ext === '.geojson' || ext === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8').replace(/^\ufeff/, ''));
    } catch (e) {
      throw new InputError(`expected JSON text, found a parse error: ${(e as Error).message}`, { file: path });
    }
    return fromGeoJSON(parsed, { ...options, name, file: path });
  }
  if (ext === '.shp') return readShapefileLayer(path, { ...options, name });
  throw new InputError(`expected a .geojson, .json or .shp file, found "${ext || 'no extension'}"`, { file: path });
}

function readShapefileLayer(path: string, options: ReadLayerOptions & { name: string }): LayerWithReport {
  const dbfPath = sibling(path, '.dbf');
  if (dbfPath === null) {
    throw new InputError('expected the attribute table beside the .shp (same name, .dbf), found none', { file: path });
  }
  const geometries = readShp(readFileSync(path), { file: path });
  const cpgPath = sibling(path, '.cpg');
  const prjPath = sibling(path, '.prj');
  const table = readDbf(readFileSync(dbfPath), {
    encoding: options.encoding,
    cpg: cpgPath !== null ? readFileSync(cpgPath, 'latin1') : undefined,
    file: dbfPath,
  });
  if (table.records.length !== geometries.length) {
    throw new InputError(
      `expected one attribute row per shape, found ${geometries.length} shapes and ${table.records.length} rows in ${basename(dbfPath)}`,
      { file: path },
    );
  }
  const features: ShpFeature[] = geometries.map((geometry, i) => ({
    type: 'Feature',
    properties: table.records[i],
    geometry,
  }));
  const result = layerFromFeatures(features, { ...options, file: path }, {
    prj: prjPath !== null ? readFileSync(prjPath, 'utf8') : undefined,
  });
  const notes = [`DBF text decoded as ${table.encoding} (from ${table.encodingFrom})`];
  if (table.deleted.length > 0) {
    notes.push(`${table.deleted.length} DBF rows are flagged deleted but their shapes exist; they were kept (rows ${table.deleted.slice(0, 10).join(', ')}${table.deleted.length > 10 ? ' …' : ''})`);
  }
  return { layer: result.layer, report: { ...result.report, warnings: [...(result.report.warnings ?? []), ...notes] } };
}

/** The file beside `path` with another extension, matched case-insensitively (DLTB.SHP next to DLTB.dbf). */
function sibling(path: string, ext: string): string | null {
  const dir = dirname(path);
  const stem = basename(path, extname(path));
  const exact = join(dir, stem + ext);
  if (existsSync(exact)) return exact;
  const want = (stem + ext).toLowerCase();
  const found = readdirSync(dir).find((n) => n.toLowerCase() === want);
  return found !== undefined ? join(dir, found) : null;
}
