/**
 * A Shapefile set (.shp + .dbf, with .shx, .prj and .cpg when present) read into a layer in one streaming
 * pass: .shp records and .dbf rows are read side by side through fixed windows, and each record's rings go
 * straight from the file buffer into the layer builder's flat arrays. The .shx, when present, is the record
 * index (as GDAL and ArcGIS use it), and its count must agree with the .dbf's.
 */
import { InputError } from '../errors.js';
import { LayerGeometryBuilder } from '../geometry/build.js';
import type { FromGeoJSONOptions, LayerWithReport } from '../geometry/layer.js';
import { ChunkedReader, readAll, type ByteSourceFactory } from './byte-source.js';
import { DbfReader } from './dbf.js';
import { finishLayer } from './layer-finish.js';
import { countShpRecords, groupRings, readShx, ShpRecords, SHAPE_TYPE_NAMES, type ShxIndex } from './shapefile.js';

/** The files of one set; `shp` and `dbf` are required. */
export interface ShapefileSetFiles {
  readonly shp: ByteSourceFactory;
  readonly dbf: ByteSourceFactory;
  readonly shx?: ByteSourceFactory | null;
  readonly prj?: ByteSourceFactory | null;
  readonly cpg?: ByteSourceFactory | null;
}

export interface ShapefileSetOptions extends FromGeoJSONOptions {
  /** DBF text encoding overriding the language driver byte and the .cpg. */
  encoding?: string;
}

const MAX_LISTED = 10;

function baseName(label: string): string {
  return label.slice(label.lastIndexOf('/') + 1);
}

/**
 * Reads a Shapefile set into a layer (see the module comment). Warnings in the report: the DBF encoding and
 * where it came from, Z/M values dropped, values the DBF could not hold or decode, holes that lie in no
 * exterior, bytes the .shp holds beyond its records.
 *
 * @throws InputError when the record counts of .shp, .shx and .dbf disagree (naming each file and count), for a
 *   truncated .shp (naming the record and its byte offset), non-polygon shapes, non-finite coordinates.
 * @example
 * const { layer } = readShapefileSet({ shp: fileSource('DLTB.shp'), dbf: fileSource('DLTB.dbf') }, { name: 'DLTB' });
 */
export function readShapefileSet(files: ShapefileSetFiles, options: ShapefileSetOptions = {}): LayerWithReport {
  const file = options.file ?? files.shp.label;
  const shx: ShxIndex | null = files.shx ? readShx(readAll(files.shx), files.shx.label) : null;
  const cpg = files.cpg ? readAll(files.cpg).toString('latin1') : undefined;
  const prj = files.prj ? readAll(files.prj).toString('utf8') : undefined;
  const dbf = DbfReader.open(files.dbf, { encoding: options.encoding, cpg, file: files.dbf.label });
  const reader = new ChunkedReader(files.shp);
  try {
    const countError = (shpCount: number, truncated: boolean): InputError => {
      const parts = [`${baseName(files.shp.label)} holds ${shpCount}${truncated ? ' complete' : ''} records`];
      if (shx !== null && files.shx) parts.push(`${baseName(files.shx.label)} indexes ${shx.count}`);
      parts.push(`${baseName(files.dbf.label)} holds ${dbf.count} rows`);
      return new InputError(
        `expected one .dbf row per .shp record, but the record counts disagree: ${parts.join(', ')} (was one of the files replaced or cut short?)`,
        { file },
      );
    };
    const recount = (): InputError => {
      const again = new ChunkedReader(files.shp);
      try {
        const counted = countShpRecords(again, files.shp.size);
        return countError(counted.count, counted.truncated);
      } finally {
        again.close();
      }
    };
    if (shx !== null && shx.count !== dbf.count) throw recount();

    const records = new ShpRecords(reader, files.shp.size, file, shx);
    const features = shx?.count ?? dbf.count;
    // Upper bound on points: every byte after the record and polygon headers is a point (x, y, and Z and/or M).
    const type = records.header.shapeType;
    const pointBytes = type === 15 || type === 25 ? 24 : 16; // Z and M are 8 bytes each; M is optional in PolygonZ
    const vertices = Math.max(0, Math.floor((files.shp.size - 100 - 56 * features) / pointBytes));
    const builder = new LayerGeometryBuilder({ file, idField: options.idField }, { features, vertices });
    const orphanHoles: string[] = [];
    let orphanCount = 0;
    let zm = 0; // Z/M record types met (a PolygonZ record may sit in a file whose header says Polygon)
    while (records.next()) {
      if (records.index >= dbf.count) throw recount();
      builder.beginFeature(dbf.read(), null);
      if (records.shapeType === 15 || records.shapeType === 25) zm |= records.shapeType === 15 ? 1 : 2;
      const numParts = records.numParts;
      if (numParts > 0) {
        const { xy, parts } = records;
        const groups = groupRings(xy, parts, numParts);
        for (const polygon of groups.polygons) {
          builder.beginPolygon();
          for (const r of polygon) builder.addRing(xy, parts[r], parts[r + 1] - parts[r]);
          builder.endPolygon();
        }
        if (groups.orphanHoles.length > 0) {
          orphanCount++;
          if (orphanHoles.length < MAX_LISTED) orphanHoles.push(`feature ${records.index} (ring ${groups.orphanHoles.join(', ')} of the record)`);
        }
      }
      builder.endFeature();
    }
    if (records.index + 1 !== dbf.count) throw countError(records.index + 1, false);

    const notes = [dbf.encodingNote, ...dbf.warnings()];
    if (type === 15 || type === 25 || zm !== 0) {
      const z = type === 15 || (zm & 1) !== 0;
      notes.push(`shape type ${SHAPE_TYPE_NAMES[z ? 15 : 25]}: the ${z ? 'Z (and any M)' : 'M'} values were dropped; areas are two-dimensional`);
    }
    if (orphanCount > 0) {
      notes.push(
        `counter-clockwise rings (holes by the Shapefile rule) that lie in no exterior ring were kept as exteriors, in ${orphanCount} feature${orphanCount > 1 ? 's' : ''}: ${orphanHoles.join('; ')}${orphanCount > orphanHoles.length ? '; …' : ''}`,
      );
    }
    if (records.trailingBytes > 0) {
      notes.push(`the .shp holds ${records.trailingBytes} bytes after the end its header announces; they were ignored`);
    }
    return finishLayer(builder.finish(), { ...options, file }, { prj }, notes);
  } finally {
    reader.close();
    dbf.close();
  }
}
