/**
 * `readLayer`: one entry point for the files counties hold. It finds the layer (a file, a layer inside a
 * .zip or a folder), picks the reader by extension and returns the layer with its report.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { FromGeoJSONOptions, LayerWithReport } from '../geometry/layer.js';
import { fileSource, readAll, type ByteSourceFactory } from './byte-source.js';
import { isGeoJSONSeqName, readGeoJSON, readGeoJSONSeq } from './geojson-read.js';
import { readShapefileSet } from './shapefile-set.js';
import { listZip, zipEntrySource } from './zip.js';

export interface ReadLayerOptions extends Omit<FromGeoJSONOptions, 'file'> {
  /**
   * Text encoding of a Shapefile's DBF, overriding its header byte and .cpg (e.g. `"gbk"`); for GeoJSON, the
   * encoding of a file that is not UTF-8.
   */
  encoding?: string;
  /**
   * The layer to read inside a container that holds several — a .zip or a folder with several Shapefiles
   * or GeoJSON files: its file name inside the container, with or without extension (`"DLTB"`,
   * `"DLTB.shp"`, `"data/DLTB.shp"`), matched case-insensitively.
   */
  layer?: string;
}

/** A folder or a zip archive: file names (`/`-separated, relative) and a way to read each. */
interface Container {
  readonly path: string;
  readonly kind: 'zip' | 'folder';
  readonly names: readonly string[];
  open(name: string): ByteSourceFactory;
}

const SHAPEFILE_PARTS = new Set(['.dbf', '.shx', '.prj', '.cpg', '.sbn', '.sbx', '.qix', '.xml']);

function isLayerName(name: string): boolean {
  const ext = extname(name).toLowerCase();
  return ext === '.shp' || ext === '.geojson' || ext === '.json' || isGeoJSONSeqName(name);
}

/**
 * Reads a polygon layer from a file:
 *
 * - ESRI Shapefile (`.shp` with its `.dbf`; `.shx`, `.prj` and `.cpg` when present), streamed record by
 *   record; Polygon, PolygonZ and PolygonM (Z/M dropped, said in the warnings); null shapes are kept as
 *   empty features; the DBF encoding from the header byte, the .cpg, or a guess (UTF-8 if valid, else GBK);
 * - GeoJSON (`.geojson`, `.json`; RFC 7946 or 2008 with `crs`), and GeoJSON lines (`.geojsonl`, `.ndjson`,
 *   `.jsonl`: one Feature per line);
 * - a `.zip` holding one of these (or several, one picked with `layer`), and a folder likewise.
 *
 * The layer name defaults to the file name without extension. A layer without features is returned empty,
 * with the warning "the layer has no features" (a caller for whom that is an error says so).
 *
 * @throws InputError for unreadable or inconsistent files, naming the file, and the feature or line when
 *   there is one; CrsError when no CRS can be decided.
 * @example
 * const { layer, report } = readLayer('data/DLTB.shp', { idField: 'BSM' });
 * console.log(layer.crs?.name, report.issues);
 * readLayer('delivery.zip', { layer: 'JBNTBHTB' });
 */
export function readLayer(path: string, options: ReadLayerOptions = {}): LayerWithReport {
  if (!existsSync(path)) throw new InputError(`expected a readable file, found nothing at ${path}`);
  if (statSync(path).isDirectory()) return readFromContainer(folder(path), options);
  const ext = extname(path).toLowerCase();
  if (ext === '.zip') return readFromContainer(zipContainer(path), options);
  if (!isLayerName(path)) {
    if (SHAPEFILE_PARTS.has(ext)) {
      throw new InputError(`expected the .shp of the Shapefile set, found its ${ext} part; pass the .shp file`, { file: path });
    }
    throw new InputError(
      `expected a .shp, .geojson, .json, .geojsonl/.ndjson/.jsonl or .zip file (or a folder), found "${ext || 'no extension'}"`,
      { file: path },
    );
  }
  const stem = basename(path, extname(path));
  if (options.layer !== undefined && options.layer.toLowerCase() !== stem.toLowerCase() && options.layer.toLowerCase() !== basename(path).toLowerCase()) {
    throw new InputError(`the layer option picks a layer inside a .zip or a folder; this file is the single layer "${stem}", not "${options.layer}"`, {
      file: path,
    });
  }
  const dir = path.slice(0, path.length - basename(path).length) || '.';
  return readEntry(folder(dir, path), basename(path), options);
}

function folder(dir: string, display?: string): Container {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() || d.isSymbolicLink())
    .map((d) => d.name);
  const label = (name: string): string => (display !== undefined && name === basename(display) ? display : join(dir, name));
  return { path: dir, kind: 'folder', names, open: (name) => fileSource(join(dir, name), label(name)) };
}

function zipContainer(path: string): Container {
  const entries = listZip(path);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const names = entries
    .map((e) => e.name)
    .filter((n) => !n.endsWith('/') && !n.startsWith('__MACOSX/') && !basename(n).startsWith('._'));
  return { path, kind: 'zip', names, open: (name) => zipEntrySource(path, byName.get(name)!) };
}

function readFromContainer(c: Container, options: ReadLayerOptions): LayerWithReport {
  const layers = c.names.filter(isLayerName);
  const what = c.kind === 'zip' ? 'the zip' : 'the folder';
  if (layers.length === 0) {
    const shown = c.names.slice(0, MAX_NAMES).join(', ') + (c.names.length > MAX_NAMES ? ', …' : '');
    throw new InputError(`expected a .shp or GeoJSON file in ${what}, found ${c.names.length === 0 ? 'nothing' : shown}`, { file: c.path });
  }
  let chosen: string[];
  if (options.layer !== undefined) {
    const want = options.layer.toLowerCase().replace(/\\/g, '/');
    const exact = layers.filter((n) => n.toLowerCase() === want);
    chosen = exact.length > 0 ? exact : layers.filter((n) => basename(n).toLowerCase() === want || basename(n, extname(n)).toLowerCase() === want);
    if (chosen.length === 0) {
      throw new InputError(`expected a layer named "${options.layer}" in ${what}, found ${layerList(layers)}`, { file: c.path });
    }
  } else chosen = layers;
  if (chosen.length > 1) {
    throw new InputError(
      `${what} holds ${chosen.length} layers${options.layer !== undefined ? ` matching "${options.layer}"` : ''}: ${layerList(chosen)}; choose one with the layer option (its file name)`,
      { file: c.path },
    );
  }
  return readEntry(c, chosen[0], options);
}

const MAX_NAMES = 20;

function layerList(names: readonly string[]): string {
  return names.slice(0, MAX_NAMES).join(', ') + (names.length > MAX_NAMES ? `, … (${names.length} in all)` : '');
}

/** Reads one layer file of a container; Shapefile parts are found beside it, case-insensitively. */
function readEntry(c: Container, name: string, options: ReadLayerOptions): LayerWithReport {
  const source = c.open(name);
  const file = source.label;
  const stem = basename(name, extname(name));
  const layerOptions = { ...options, name: options.name ?? stem, file };
  const ext = extname(name).toLowerCase();
  if (ext === '.shp') {
    const sibling = (want: string): ByteSourceFactory | null => {
      const target = (name.slice(0, name.length - extname(name).length) + want).toLowerCase();
      const exact = c.names.find((n) => n === name.slice(0, name.length - extname(name).length) + want);
      const found = exact ?? c.names.find((n) => n.toLowerCase() === target);
      return found !== undefined ? c.open(found) : null;
    };
    const dbf = sibling('.dbf');
    if (dbf === null) {
      throw new InputError('expected the attribute table beside the .shp (same name, .dbf), found none', { file });
    }
    return readShapefileSet({ shp: source, dbf, shx: sibling('.shx'), prj: sibling('.prj'), cpg: sibling('.cpg') }, layerOptions);
  }
  if (isGeoJSONSeqName(name)) return readGeoJSONSeq(source, layerOptions);
  return readGeoJSON(readAll(source), layerOptions);
}
