/**
 * The bad-input corpus for the readers, built byte by byte from the published layouts — ESRI Shapefile
 * Technical Description (1998) for .shp/.shx, dBASE III for .dbf, PKWARE APPNOTE for .zip — independently of
 * the readers under test. `buildCorpus(dir)` writes every case (a few KB in all); corpus.test.ts builds it in
 * a temporary folder and checks the exact error or repair each must produce.
 *
 *   npx tsx test/io/corpus/make.ts OUTDIR     # write the corpus to look at it (or open it in QGIS)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import iconv from 'iconv-lite';

export type Ring = readonly (readonly [number, number])[];
/** A shape record: null, or rings (closed, Shapefile orientation as given) of a shape type (default 5). */
export type ShpRecordSpec = null | { readonly type?: number; readonly rings: readonly Ring[] };

/** Main file and index of a Shapefile, by the 1998 layout. Z/M types get zero Z and M arrays. */
export function shapefileBytes(records: readonly ShpRecordSpec[], shapeType = 5): { shp: Buffer; shx: Buffer } {
  const contents = records.map((r) => {
    if (r === null) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(0, 0);
      return b;
    }
    const type = r.type ?? shapeType;
    const points = r.rings.flat();
    const hasZ = type === 15 || type === 13 || type === 11;
    const hasM = hasZ || type === 25 || type === 23 || type === 21;
    const base = 44 + 4 * r.rings.length + 16 * points.length;
    const size = base + (hasZ ? 16 + 8 * points.length : 0) + (hasM ? 16 + 8 * points.length : 0);
    const b = Buffer.alloc(size);
    b.writeInt32LE(type, 0);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.writeDoubleLE(points.length ? v : 0, 4 + 8 * i));
    b.writeInt32LE(r.rings.length, 36);
    b.writeInt32LE(points.length, 40);
    let start = 0;
    r.rings.forEach((ring, i) => {
      b.writeInt32LE(start, 44 + 4 * i);
      start += ring.length;
    });
    points.forEach((p, i) => {
      b.writeDoubleLE(p[0], 44 + 4 * r.rings.length + 16 * i);
      b.writeDoubleLE(p[1], 44 + 4 * r.rings.length + 16 * i + 8);
    });
    // Z and M ranges and arrays stay zero.
    return b;
  });
  const length = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const header = (bytes: number): Buffer => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(bytes / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(shapeType, 32);
    return h;
  };
  const shp = Buffer.alloc(length);
  header(length).copy(shp, 0);
  const shx = Buffer.alloc(100 + 8 * records.length);
  header(shx.length).copy(shx, 0);
  let at = 100;
  contents.forEach((c, i) => {
    shp.writeInt32BE(i + 1, at);
    shp.writeInt32BE(c.length / 2, at + 4);
    c.copy(shp, at + 8);
    shx.writeInt32BE(at / 2, 100 + 8 * i);
    shx.writeInt32BE(c.length / 2, 104 + 8 * i);
    at += 8 + c.length;
  });
  return { shp, shx };
}

export interface DbfFieldSpec {
  /** Field name bytes (ASCII, or GBK for Chinese names). */
  readonly name: string | Buffer;
  readonly type: string;
  readonly length: number;
  readonly decimals?: number;
}

/** A dBASE III table: header, 32-byte descriptors, 0x0D, fixed-width records (cells as raw bytes), 0x1A. */
export function dbfBytes(fields: readonly DbfFieldSpec[], rows: readonly (readonly (string | Buffer)[])[], ldid = 0, deleted: readonly number[] = []): Buffer {
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const buf = Buffer.alloc(headerLength + rows.length * recordLength + 1, 0x20);
  buf.fill(0, 0, headerLength);
  buf[0] = 0x03;
  buf[1] = 126;
  buf[2] = 1;
  buf[3] = 1;
  buf.writeUInt32LE(rows.length, 4);
  buf.writeUInt16LE(headerLength, 8);
  buf.writeUInt16LE(recordLength, 10);
  buf[29] = ldid;
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    (typeof f.name === 'string' ? Buffer.from(f.name, 'latin1') : f.name).copy(buf, at);
    buf[at + 11] = f.type.charCodeAt(0);
    buf[at + 16] = f.length;
    buf[at + 17] = f.decimals ?? 0;
  });
  buf[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    const start = headerLength + r * recordLength;
    if (deleted.includes(r)) buf[start] = 0x2a;
    let at = start + 1;
    row.forEach((cell, i) => {
      const bytes = typeof cell === 'string' ? Buffer.from(cell, 'latin1') : cell;
      // Numbers right-aligned, text left-aligned, as dBASE writes them.
      const right = fields[i].type === 'N' || fields[i].type === 'F';
      bytes.copy(buf, right ? at + fields[i].length - bytes.length : at, 0, Math.min(bytes.length, fields[i].length));
      at += fields[i].length;
    });
  });
  buf[buf.length - 1] = 0x1a;
  return buf;
}

/** A zip of stored entries (APPNOTE 4.3), with names as raw bytes and the UTF-8 flag only when asked. */
export function storedZip(entries: readonly { name: Buffer; data: Buffer; utf8Flag?: boolean; crc?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const crc = e.crc ?? zlibCrc32(e.data);
    const flags = e.utf8Flag ? 0x800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(e.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(e.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, e.name, e.data);
    centrals.push(central, e.name);
    offset += 30 + e.name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A closed square ring, clockwise (the Shapefile exterior orientation) unless `ccw`. */
export function square(x: number, y: number, s: number, ccw = false): [number, number][] {
  const cw: [number, number][] = [
    [x, y],
    [x, y + s],
    [x + s, y + s],
    [x + s, y],
    [x, y],
  ];
  return ccw ? [...cw].reverse() : cw;
}

/** ESRI WKT of CGCS2000 3° zone 39 (EPSG:4527), as ArcGIS writes it. */
export const PRJ_4527 =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** UTM zone 50N: a transverse Mercator with scale 0.9996, which is not a Gauss–Krüger zone. */
export const PRJ_UTM50 =
  'PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** Zone-39 eastings (8 digits) near 118°E 35.6°N. */
export const X0 = 39_590_000;
export const Y0 = 3_940_000;

const FIELDS: DbfFieldSpec[] = [
  { name: 'BSM', type: 'N', length: 10 },
  { name: 'DLBM', type: 'C', length: 5 },
  { name: 'DLMC', type: 'C', length: 20 },
];
const gbk = (s: string): Buffer => iconv.encode(s, 'gbk');
const ROWS = [
  ['1', '0101', gbk('水田')],
  ['2', '0103', gbk('旱地')],
  ['3', '0201', gbk('果园')],
];

/** Three 10 m squares side by side in zone 39. */
export function threeSquares(): ShpRecordSpec[] {
  return [0, 1, 2].map((k) => ({ rings: [square(X0 + 10 * k, Y0, 10)] }));
}

interface Written {
  [file: string]: Buffer | string;
}

function shapefileSet(stem: string, records: readonly ShpRecordSpec[], options: { shapeType?: number; prj?: string | null; dbf?: Buffer | null; cpg?: string; shx?: boolean } = {}): Written {
  const { shp, shx } = shapefileBytes(records, options.shapeType ?? 5);
  const out: Written = { [`${stem}.shp`]: shp };
  if (options.shx !== false) out[`${stem}.shx`] = shx;
  if (options.dbf !== null) out[`${stem}.dbf`] = options.dbf ?? dbfBytes(FIELDS, ROWS.slice(0, records.length).concat(Array.from({ length: Math.max(0, records.length - 3) }, (_, k) => [String(4 + k), '0101', gbk('水田')])), 0x4d);
  if (options.prj !== null) out[`${stem}.prj`] = options.prj ?? PRJ_4527;
  if (options.cpg !== undefined) out[`${stem}.cpg`] = options.cpg;
  return out;
}

const fc = (features: unknown[], crs = true): string =>
  JSON.stringify({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4527' } } } : {}), features }, null, 1);
const feature = (id: number, geometry: unknown): unknown => ({ type: 'Feature', properties: { BSM: id }, geometry });
const ccwSquare = (x: number, y: number, s: number): number[][] => square(x, y, s, true).map((p) => [...p]);

/** Every corpus file, by name. */
export function corpusFiles(): Written {
  const files: Written = {};
  const add = (w: Written): void => void Object.assign(files, w);

  // Truncated .shp: cut 50 bytes into record 3 (records are 8 + 128 bytes from byte 100: record 3 at 372).
  {
    const set = shapefileSet('truncated', threeSquares());
    set['truncated.shp'] = (set['truncated.shp'] as Buffer).subarray(0, 372 + 50);
    add(set);
  }
  // Record counts that disagree: an index of 2 records for 3 shapes; a table of 2 rows; 4 rows without .shx.
  {
    const set = shapefileSet('count-shx', threeSquares());
    set['count-shx.shx'] = shapefileBytes(threeSquares().slice(0, 2)).shx;
    add(set);
    add(shapefileSet('count-dbf', threeSquares(), { dbf: dbfBytes(FIELDS, ROWS.slice(0, 2), 0x4d) }));
    add(shapefileSet('count-dbf-noshx', threeSquares(), { shx: false, dbf: dbfBytes(FIELDS, [...ROWS, ['4', '0101', gbk('水田')]], 0x4d) }));
  }
  add(shapefileSet('no-dbf', threeSquares(), { dbf: null }));
  add(shapefileSet('no-prj', threeSquares(), { prj: null }));
  add(shapefileSet('no-prj-6digit', [0, 1].map((k) => ({ rings: [square(590_000 + 10 * k, Y0, 10)] })), { prj: null }));
  add(shapefileSet('unknown-prj', threeSquares(), { prj: PRJ_UTM50 }));
  // A GBK table without .cpg and without a language driver byte: detected.
  add(shapefileSet('gbk-nocpg', threeSquares(), { dbf: dbfBytes(FIELDS, ROWS, 0) }));
  // A table declared UTF-8 by its .cpg, whose row 1 holds GBK bytes; row 2 ends in a cut character.
  {
    const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
    const rows = [
      ['1', '0101', utf8('水田')],
      ['2', '0103', gbk('旱地')],
      ['3', '0201', Buffer.concat([utf8('果园果园果园'), utf8('果').subarray(0, 2)])],
    ];
    add(shapefileSet('utf8-invalid', threeSquares(), { dbf: dbfBytes(FIELDS, rows, 0), cpg: 'UTF-8' }));
  }
  // Non-finite and out-of-range coordinates.
  {
    const withNaN = threeSquares();
    withNaN[1] = { rings: [[[X0 + 10, Y0], [X0 + 10, Y0 + 10], [Number.NaN, Y0 + 10], [X0 + 20, Y0], [X0 + 10, Y0]]] };
    add(shapefileSet('nan', withNaN));
    const withInf = threeSquares();
    withInf[2] = { rings: [[[X0 + 20, Y0], [X0 + 20, Number.POSITIVE_INFINITY], [X0 + 30, Y0 + 10], [X0 + 30, Y0], [X0 + 20, Y0]]] };
    add(shapefileSet('infinity', withInf));
    const far = threeSquares();
    far[2] = { rings: [[[X0 + 20, Y0], [X0 + 20, Y0 + 10], [1e15, Y0 + 10], [X0 + 30, Y0], [X0 + 20, Y0]]] };
    add(shapefileSet('out-of-range', far));
  }
  // Empty geometries: a null shape and a polygon record with no parts.
  add(shapefileSet('empty', [threeSquares()[0], null, { rings: [] }]));
  // A set without records: an empty layer.
  add(shapefileSet('no-records', []));
  // Non-polygon Shapefiles, and a polyline record inside a polygon file.
  add(shapefileSet('points', [], { shapeType: 1 }));
  add(shapefileSet('lines', [], { shapeType: 3 }));
  {
    const mixed = threeSquares();
    mixed[1] = { type: 3, rings: [[[X0, Y0], [X0 + 10, Y0 + 10]]] };
    add(shapefileSet('mixed', mixed));
  }
  // PolygonZ, and a record whose second ring is counter-clockwise but outside the first (an "orphan hole").
  add(shapefileSet('polygonz', threeSquares().map((r) => ({ ...r!, type: 15 })), { shapeType: 15 }));
  add(shapefileSet('orphan-hole', [{ rings: [square(X0, Y0, 10), square(X0 + 20, Y0, 10, true)] }, threeSquares()[1], threeSquares()[2]]));

  // GeoJSON.
  const sq = (k: number) => ({ type: 'Polygon', coordinates: [ccwSquare(X0 + 10 * k, Y0, 10)] });
  files['nan.geojson'] = fc([feature(1, sq(0))]).replace(`${X0 + 10}`, 'NaN');
  files['huge.geojson'] = fc([feature(1, sq(0)), feature(2, { type: 'Polygon', coordinates: [[[X0, Y0], [424242, Y0], [X0, Y0 + 10], [X0, Y0]]] })]).replace('424242', '1e999');
  files['out-of-range.geojson'] = fc([feature(1, sq(0)), feature(2, sq(1)), feature(3, { type: 'Polygon', coordinates: [[[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 0.5]]] })]);
  files['empty-geometries.geojson'] = fc([
    feature(1, sq(0)),
    feature(2, null),
    feature(3, { type: 'Polygon', coordinates: [] }),
    feature(4, { type: 'MultiPolygon', coordinates: [] }),
    feature(5, { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + 10, Y0], [X0, Y0]]] }),
  ]);
  files['point.geojson'] = fc([feature(1, sq(0)), feature(2, { type: 'Point', coordinates: [X0, Y0] })]);
  files['linestring.geojson'] = fc([feature(1, sq(0)), feature(2, { type: 'LineString', coordinates: [[X0, Y0], [X0 + 10, Y0]] })]);
  files['syntax.geojson'] = '{\n "type": "FeatureCollection",\n "features": [\n  {"type": "Feature" "properties": {}}\n ]\n}\n';
  files['empty.geojson'] = fc([]);
  files['empty-nocrs.geojson'] = fc([], false);
  files['lines.geojsonl'] = [
    JSON.stringify(feature(1, sq(0))),
    '',
    JSON.stringify(feature(2, sq(1))),
    JSON.stringify(feature(3, { type: 'Point', coordinates: [X0, Y0] })),
  ].join('\n');
  files['syntax.geojsonl'] = [JSON.stringify(feature(1, sq(0))), '{"type": "Feature", "properties": {"BSM": 2}, "geometry": null,}'].join('\n');

  // Zips: a damaged entry (wrong CRC), and one with two layers under GBK names.
  {
    const set = shapefileSet('地类图斑', threeSquares());
    const entries = Object.entries(set).map(([name, data]) => ({ name: gbk(name), data: Buffer.from(data) }));
    files['two-layers.zip'] = storedZip([...entries, { name: Buffer.from('patches.geojson'), data: Buffer.from(fc([feature(1, sq(0))])) }]);
    files['damaged.zip'] = storedZip(entries.map((e, i) => (i === 0 ? { ...e, crc: 0x12345678 } : e)));
  }
  return files;
}

/** Writes the corpus into `dir` and returns the file names. */
export function buildCorpus(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = corpusFiles();
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return Object.keys(files);
}

if (process.argv[1] !== undefined && /make\.ts$/.test(process.argv[1])) {
  const out = process.argv[2];
  if (out === undefined) {
    console.error('usage: npx tsx test/io/corpus/make.ts OUTDIR');
    process.exit(2);
  }
  console.log(buildCorpus(out).join('\n'));
}
