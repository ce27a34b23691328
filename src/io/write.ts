/**
 * Output by file extension: layers to Shapefile or GeoJSON, tables to CSV or Excel. Every writer is atomic
 * (temporary names, renamed when complete).
 */
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { writeFilesAtomically } from './atomic.js';
import { csvTable } from './csv.js';
import { LINE_EXTENSIONS, writeGeoJSON, type GeoJSONWriteOptions, type GeoJSONWriteReport } from './geojson-write.js';
import { writeShapefile, type ShapefileWriteOptions, type ShapefileWriteReport } from './shapefile-write.js';
import { writeXlsx, type SheetSpec, type XlsxWriteOptions } from './xlsx.js';

export type WriteLayerOptions = ShapefileWriteOptions & Omit<GeoJSONWriteOptions, 'lines'>;
export type WriteLayerReport = ShapefileWriteReport | GeoJSONWriteReport;

/**
 * Writes a layer in the format its extension names: `.shp` (Shapefile, GBK unless `encoding: 'utf8'`),
 * `.geojson` / `.json` (GeoJSON with the source CRS declared, or lon/lat with `lonLat: true`), `.ndjson` /
 * `.geojsonl` (one Feature per line). Options meant for the other format are ignored.
 *
 * @example
 * const report = writeLayer('out/patches.shp', layer);
 * if (report.format === 'shapefile') console.log(report.renamedFields);
 */
export function writeLayer(path: string, layer: Layer, options: WriteLayerOptions = {}): WriteLayerReport {
  const ext = extname(path).toLowerCase();
  if (ext === '.shp') return writeShapefile(path, layer, options);
  if (ext === '.geojson' || ext === '.json') return writeGeoJSON(path, layer, { ...options, lines: false });
  if (LINE_EXTENSIONS.includes(ext)) return writeGeoJSON(path, layer, { ...options, lines: true });
  throw new InputError(
    `expected an output ending in .shp, .geojson, .json, ${LINE_EXTENSIONS.join(', ')}; found "${ext || 'no extension'}"`,
    { file: path },
  );
}

/** A table for {@link writeTable}: a sheet whose name is optional (CSV has none). */
export type TableSpec = Omit<SheetSpec, 'name'> & { readonly name?: string };

/**
 * Writes a table as `.csv` (UTF-8 with a byte-order mark, for Excel; header texts, then the raw values —
 * numbers in full, not in their display format; no title or totals rows) or `.xlsx` (one sheet, see
 * {@link writeXlsx}). Atomic either way.
 *
 * @example
 * await writeTable('taohe.xlsx', { name: '套合', columns, rows });
 * await writeTable('taohe.csv', { columns, rows });
 */
export async function writeTable(path: string, table: TableSpec, options: XlsxWriteOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return writeXlsx(path, [{ ...table, name: table.name ?? 'Sheet1' }], options);
  if (ext !== '.csv') throw new InputError(`expected an output ending in .csv or .xlsx, found "${ext || 'no extension'}"`, { file: path });
  const text = csvTable(
    table.columns.map((c) => c.header),
    table.rows.map((r) => table.columns.map((c) => r[c.key])),
  );
  writeFilesAtomically((set) => set.put(path, text));
}
