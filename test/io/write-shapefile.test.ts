import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crsFromEpsg, crsFromWkt, gaussKrugerCrs, isSupportedEpsg, sameCrs } from '../../src/crs/index.js';
import { InputError } from '../../src/errors.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { dbfFieldNames, encodeDbf, plainDecimal } from '../../src/io/dbf-write.js';
import { readDbf } from '../../src/io/dbf.js';
import { readLayer } from '../../src/io/read.js';
import { esriWkt, writeShapefile } from '../../src/io/shapefile-write.js';

const dir = mkdtempSync(join(tmpdir(), 'tuban-write-shp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = (name: string) => new URL(`../../fixtures/sample/${name}.geojson`, import.meta.url).pathname;

const E = 39_500_000;
const N = 3_900_000;
/**
 * Feature 0: a 10 × 10 square with a 2 × 2 hole; feature 1: empty; feature 2: two triangles. Exterior
 * counter-clockwise and holes clockwise, as RFC 7946 has them.
 */
function tinyLayer(): Layer {
  const sq = [[E, N], [E + 10, N], [E + 10, N + 10], [E, N + 10], [E, N]];
  const hole = [[E + 2, N + 2], [E + 2, N + 4], [E + 4, N + 4], [E + 4, N + 2], [E + 2, N + 2]];
  const t1 = [[E + 20, N], [E + 21, N], [E + 20, N + 1], [E + 20, N]];
  const t2 = [[E + 30, N], [E + 31, N], [E + 30, N + 1], [E + 30, N]];
  return fromGeoJSON(
    {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { XZQMC: '城关镇', DLBM: '0101', MJ: 96, OK: true }, geometry: { type: 'Polygon', coordinates: [sq, hole] } },
        { type: 'Feature', properties: { XZQMC: null, DLBM: '0102', MJ: null, OK: null }, geometry: null },
        { type: 'Feature', properties: { XZQMC: 'ab', DLBM: '1001', MJ: 1.5, OK: false }, geometry: { type: 'MultiPolygon', coordinates: [[t1], [t2]] } },
      ],
    },
    { crs: 'EPSG:4527', name: 'tiny' },
  ).layer;
}

describe('writeShapefile: bytes checked against the ESRI specification by hand', () => {
  const path = join(dir, 'tiny.shp');
  const report = writeShapefile(path, tinyLayer(), { date: new Date(2024, 0, 15) });
  const shp = readFileSync(path);
  const shx = readFileSync(join(dir, 'tiny.shx'));

  it('writes the five files', () => {
    expect(report.files.map((f) => f.slice(dir.length + 1))).toEqual(['tiny.shp', 'tiny.shx', 'tiny.dbf', 'tiny.cpg', 'tiny.prj']);
    expect(readFileSync(join(dir, 'tiny.cpg'), 'latin1')).toBe('GBK');
    expect(report.nullShapes).toBe(1);
  });

  it('has the main-file header: file code 9994 big-endian, version 1000 and type 5 little-endian, length in words', () => {
    // Record contents: polygon = 4 type + 32 box + 4 + 4 + 4·parts + 16·points; null = 4.
    // f0: 2 parts, 5 + 5 points → 44 + 8 + 160 = 212; f1: 4; f2: 2 parts, 4 + 4 points → 44 + 8 + 128 = 180.
    const total = 100 + (8 + 212) + (8 + 4) + (8 + 180);
    expect(shp.length).toBe(total);
    expect([...shp.subarray(0, 4)]).toEqual([0x00, 0x00, 0x27, 0x0a]); // 9994 big-endian
    expect([...shp.subarray(4, 24)].every((b) => b === 0)).toBe(true);
    expect(shp.readInt32BE(24)).toBe(total / 2);
    expect([...shp.subarray(28, 32)]).toEqual([0xe8, 0x03, 0x00, 0x00]); // 1000 little-endian
    expect(shp.readInt32LE(32)).toBe(5);
    expect([0, 1, 2, 3].map((i) => shp.readDoubleLE(36 + 8 * i))).toEqual([E, N, E + 31, N + 10]);
    expect([...shp.subarray(68, 100)].every((b) => b === 0)).toBe(true);
  });

  it('writes records: big-endian number and length, clockwise closed exteriors, counter-clockwise holes', () => {
    expect(shp.readInt32BE(100)).toBe(1);
    expect(shp.readInt32BE(104)).toBe(212 / 2);
    const rec = 108;
    expect(shp.readInt32LE(rec)).toBe(5);
    expect([0, 1, 2, 3].map((i) => shp.readDoubleLE(rec + 4 + 8 * i))).toEqual([E, N, E + 10, N + 10]);
    expect(shp.readInt32LE(rec + 36)).toBe(2);
    expect(shp.readInt32LE(rec + 40)).toBe(10);
    expect([shp.readInt32LE(rec + 44), shp.readInt32LE(rec + 48)]).toEqual([0, 5]);
    const pts = Array.from({ length: 10 }, (_, i) => [shp.readDoubleLE(rec + 52 + 16 * i) - E, shp.readDoubleLE(rec + 60 + 16 * i) - N]);
    // Input exterior (0,0) (10,0) (10,10) (0,10) is counter-clockwise: written reversed from the same start.
    expect(pts.slice(0, 5)).toEqual([[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]);
    // Input hole (2,2) (2,4) (4,4) (4,2) is clockwise: written counter-clockwise.
    expect(pts.slice(5)).toEqual([[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]);
    // Record 2 is a Null shape: content length 2 words, type 0.
    const r2 = 100 + 8 + 212;
    expect([shp.readInt32BE(r2), shp.readInt32BE(r2 + 4), shp.readInt32LE(r2 + 8)]).toEqual([2, 2, 0]);
    // Record 3: a MultiPolygon is one record with two parts.
    const r3 = r2 + 12;
    expect([shp.readInt32BE(r3), shp.readInt32BE(r3 + 4), shp.readInt32LE(r3 + 8 + 36), shp.readInt32LE(r3 + 8 + 40)]).toEqual([3, 90, 2, 8]);
    expect([0, 1, 2, 3].map((i) => shp.readDoubleLE(r3 + 12 + 8 * i))).toEqual([E + 20, N, E + 31, N + 1]);
  });

  it('writes the index: same header with its own length, then offset and length in words per record', () => {
    expect(shx.length).toBe(100 + 3 * 8);
    expect(shx.readInt32BE(0)).toBe(9994);
    expect(shx.readInt32BE(24)).toBe((100 + 24) / 2);
    expect(shx.readInt32LE(28)).toBe(1000);
    expect(shx.subarray(32, 100).equals(shp.subarray(32, 100))).toBe(true);
    const entries = [0, 1, 2].map((i) => [shx.readInt32BE(100 + 8 * i), shx.readInt32BE(104 + 8 * i)]);
    expect(entries).toEqual([[50, 106], [50 + 110, 2], [50 + 110 + 6, 90]]);
  });

  it('writes a dBASE III header with the GBK language driver and typed fields', () => {
    const dbf = readFileSync(join(dir, 'tiny.dbf'));
    expect(dbf[0]).toBe(0x03);
    expect([...dbf.subarray(1, 4)]).toEqual([124, 1, 15]); // 2024-01-15 as YY-1900, MM, DD
    expect(dbf.readUInt32LE(4)).toBe(3);
    expect(dbf.readUInt16LE(8)).toBe(32 + 4 * 32 + 1);
    // XZQMC C6 ("城关镇" is 6 GBK bytes), DLBM C4, MJ N4.1 ("96.0", "1.5"), OK L1.
    expect(dbf.readUInt16LE(10)).toBe(1 + 6 + 4 + 4 + 1);
    expect(dbf[29]).toBe(0x4d);
    const field = (i: number) => {
      const at = 32 + 32 * i;
      return [dbf.toString('latin1', at, at + 11).replace(/\0+$/, ''), String.fromCharCode(dbf[at + 11]), dbf[at + 16], dbf[at + 17]];
    };
    expect([0, 1, 2, 3].map(field)).toEqual([['XZQMC', 'C', 6, 0], ['DLBM', 'C', 4, 0], ['MJ', 'N', 4, 1], ['OK', 'L', 1, 0]]);
    expect(dbf[32 + 4 * 32]).toBe(0x0d);
    const rec0 = 32 + 4 * 32 + 1;
    // GBK bytes of 城关镇 (from Python's gbk codec): b3 c7 b9 d8 d5 f2.
    expect([...dbf.subarray(rec0, rec0 + 7)]).toEqual([0x20, 0xb3, 0xc7, 0xb9, 0xd8, 0xd5, 0xf2]);
    expect(dbf.toString('latin1', rec0 + 7, rec0 + 16)).toBe('010196.0T');
    // The empty feature's row: blank text, '0102', blank number, '?' (unknown) logical.
    expect(dbf.toString('latin1', rec0 + 16, rec0 + 32)).toBe(`${' '.repeat(7)}0102    ?`);
    expect(dbf.toString('latin1', rec0 + 32, rec0 + 48)).toBe(' ab    1001 1.5F');
    expect(dbf[dbf.length - 1]).toBe(0x1a);
    expect(dbf.length).toBe(32 + 4 * 32 + 1 + 3 * 16 + 1);
  });

  it('writes the CRS as the ESRI WKT ArcGIS uses', () => {
    expect(readFileSync(join(dir, 'tiny.prj'), 'utf8')).toBe(
      'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
        'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
        'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],' +
        'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
    );
  });
});

/** Coordinates, offsets, attributes and CRS of two layers, compared exactly (doubles bit for bit). */
function expectSameLayer(got: Layer, want: Layer): void {
  expect(got.featureCount).toBe(want.featureCount);
  expect(got.coords.length).toBe(want.coords.length);
  let differing = 0;
  for (let i = 0; i < want.coords.length; i++) if (!Object.is(got.coords[i], want.coords[i])) differing++;
  expect(differing, 'coordinates that differ').toBe(0);
  expect([...got.ringOffsets]).toEqual([...want.ringOffsets]);
  expect([...got.polygonOffsets]).toEqual([...want.polygonOffsets]);
  expect([...got.featureOffsets]).toEqual([...want.featureOffsets]);
  expect(got.attributes).toEqual(want.attributes);
  expect(got.crs?.epsg).toBe(want.crs?.epsg);
}

describe('writeShapefile → readLayer round trip on the sample county', () => {
  for (const name of ['townships', 'patches', 'landuse', 'approvals', 'reclamation', 'planning', 'filings', 'redline']) {
    it(`${name}: identical coordinates, attributes (Chinese text, "0101" codes) and CRS`, () => {
      const { layer } = readLayer(sample(name));
      const report = writeShapefile(join(dir, `${name}.shp`), layer);
      expect(report.renamedFields).toEqual([]);
      expect(report.truncatedValues).toEqual([]);
      const back = readLayer(join(dir, `${name}.shp`));
      expectSameLayer(back.layer, layer);
      expect(back.report.issues).toEqual([]);
    });
  }

  it('keeps empty features in place as Null shapes', () => {
    const fc = JSON.parse(readFileSync(sample('patches'), 'utf8')) as { features: { geometry: unknown; properties: Record<string, unknown> }[] };
    for (const i of [0, 7, 299]) fc.features[i].geometry = null;
    fc.features[8].geometry = { type: 'MultiPolygon', coordinates: [] };
    const { layer } = fromGeoJSON(fc, { name: 'patches' });
    const report = writeShapefile(join(dir, 'empties.shp'), layer);
    expect(report.nullShapes).toBe(4);
    const back = readLayer(join(dir, 'empties.shp')).layer;
    expectSameLayer(back, layer);
    for (const i of [0, 7, 8, 299]) expect(back.featureOffsets[i + 1] - back.featureOffsets[i]).toBe(0);
    expect(back.attributes[7].JCBH).toBe(fc.features[7].properties.JCBH);
  });

  it('writes doubles so that they read back bit for bit (shortest round-trip digits)', () => {
    const { layer } = readLayer(sample('townships'));
    // Seeded doubles with all 17 significant digits, 10 to 10⁶ (areas in m²), some negative; and small ones.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const area = layer.attributes.map((_, i) => (i % 3 === 0 ? -1 : 1) * rand() * 10 ** (1 + (i % 6)));
    const small = [0.1 + 0.2, 1e-7, 1.5e-10, -0.001, 2 / 3, 1 / 7, 5e-324, 0, -0.5, 1e-3];
    const withDoubles: Layer = {
      ...layer,
      attributes: layer.attributes.map((a, i) => ({ ...a, AREA: area[i], SMALL: small[i], N: i * 1000 - 3 })),
    };
    const report = writeShapefile(join(dir, 'doubles.shp'), withDoubles);
    expect(report.fields.find((f) => f.name === 'N')).toMatchObject({ type: 'N', decimals: 0, length: 4 });
    expect(report.fields.find((f) => f.name === 'AREA')?.type).toBe('N');
    // 5e-324 needs 324 decimals: that column keeps what fits and says so.
    expect(report.warnings).toEqual([expect.stringMatching(/^field SMALL: full precision needs 327 characters, more than 24; written with 21 decimals/)]);
    const back = readLayer(join(dir, 'doubles.shp')).layer;
    back.attributes.forEach((a, i) => {
      expect(Object.is(a.AREA, area[i]), `feature ${i}: ${String(a.AREA)} vs ${area[i]}`).toBe(true);
      expect(a.N).toBe(i * 1000 - 3);
      if (i !== 6) expect(Object.is(a.SMALL, small[i]), `feature ${i}: ${String(a.SMALL)} vs ${small[i]}`).toBe(true);
    });
    expect(back.attributes[6].SMALL).toBe(0);
  });

  it('writes UTF-8 with a .cpg saying so when asked', () => {
    const { layer } = readLayer(sample('townships'));
    const report = writeShapefile(join(dir, 'utf8.shp'), layer, { encoding: 'utf8' });
    expect(report.encoding).toBe('utf8');
    expect(readFileSync(join(dir, 'utf8.cpg'), 'latin1')).toBe('UTF-8');
    const dbf = readFileSync(join(dir, 'utf8.dbf'));
    expect(dbf[29]).toBe(0);
    // XZQMC: the longest town name in 3-byte UTF-8 characters.
    const longest = Math.max(...layer.attributes.map((a) => Buffer.byteLength(String(a.XZQMC), 'utf8')));
    expect(dbf[32 + 32 + 16]).toBe(longest);
    expect(readLayer(join(dir, 'utf8.shp')).layer.attributes).toEqual(layer.attributes);
  });
});

describe('DBF field names: at most 10 bytes, cut by bytes, made unique', () => {
  it('cuts Chinese names at 5 GBK characters and never splits one', () => {
    const { names, renamed } = dbfFieldNames(['权属单位名称代码', '权属单位名称', '权属单位名称2', 'ZLDWDM', 'ABCDEFGHIJKLM', 'abcdefghijxyz', '地类'], 'gbk');
    expect(names).toEqual(['权属单位名', '权属单位_1', '权属单位_2', 'ZLDWDM', 'ABCDEFGHIJ', 'abcdefgh_1', '地类']);
    expect(renamed).toEqual([
      { from: '权属单位名称代码', to: '权属单位名' },
      { from: '权属单位名称', to: '权属单位_1' },
      { from: '权属单位名称2', to: '权属单位_2' },
      { from: 'ABCDEFGHIJKLM', to: 'ABCDEFGHIJ' },
      { from: 'abcdefghijxyz', to: 'abcdefgh_1' },
    ]);
  });

  it('in UTF-8 a Chinese character is 3 bytes, so 3 characters fit', () => {
    expect(dbfFieldNames(['权属单位名称代码', '权属单位'], 'utf8').names).toEqual(['权属单', '权属_1']);
  });

  it('writes the shortened names in the header, in GBK, and reports them', () => {
    const { layer } = readLayer(sample('townships'));
    const renamedLayer: Layer = {
      ...layer,
      attributes: layer.attributes.map((a) => ({ 权属单位名称代码: a.XZQDM, 权属单位名称: a.XZQMC })),
    };
    const report = writeShapefile(join(dir, 'names.shp'), renamedLayer);
    expect(report.renamedFields).toEqual([
      { from: '权属单位名称代码', to: '权属单位名' },
      { from: '权属单位名称', to: '权属单位_1' },
    ]);
    const dbf = readFileSync(join(dir, 'names.dbf'));
    // GBK bytes from Python: 权属单位名 = c8 a8 ca f4 b5 a5 ce bb c3 fb; 权属单位_1 = c8 a8 ca f4 b5 a5 ce bb 5f 31.
    expect([...dbf.subarray(32, 43)]).toEqual([0xc8, 0xa8, 0xca, 0xf4, 0xb5, 0xa5, 0xce, 0xbb, 0xc3, 0xfb, 0]);
    expect([...dbf.subarray(64, 75)]).toEqual([0xc8, 0xa8, 0xca, 0xf4, 0xb5, 0xa5, 0xce, 0xbb, 0x5f, 0x31, 0]);
    const table = readDbf(dbf, { cpg: 'GBK' });
    expect(table.fields.map((f) => f.name)).toEqual(['权属单位名', '权属单位_1']);
    expect(table.records.map((r) => r['权属单位_1'])).toEqual(layer.attributes.map((a) => a.XZQMC));
  });
});

describe('DBF values', () => {
  it('cuts text longer than 254 bytes at a character boundary and reports it, or refuses with longText: error', () => {
    const long = '测'.repeat(130); // 260 GBK bytes
    const rows = [{ T: 'a' }, { T: long }];
    const r = encodeDbf(rows, { encoding: 'gbk' });
    expect(r.columns[0]).toMatchObject({ type: 'C', length: 254 });
    expect(r.truncated).toEqual([{ featureIndex: 1, field: 'T', bytes: 260, kept: 254 }]);
    expect(readDbf(r.bytes).records[1].T).toBe('测'.repeat(127));
    // In UTF-8 the character is 3 bytes; 254 is not a multiple of 3, so the cut stops at 84 characters (252 bytes).
    const u = encodeDbf(rows, { encoding: 'utf8' });
    expect(u.truncated[0]).toEqual({ featureIndex: 1, field: 'T', bytes: 390, kept: 252 });
    expect(() => encodeDbf(rows, { longText: 'error' })).toThrow(/feature 1: field T: text of 260 bytes does not fit in 254 bytes/);
  });

  it('refuses text GBK cannot hold, naming feature and field, and suggests UTF-8', () => {
    expect(() => encodeDbf([{ A: 'x' }, { A: '图斑😀' }], { file: 'p.dbf' })).toThrow(
      /p\.dbf, feature 1: field A: .* GBK cannot encode; write the table as UTF-8/,
    );
    expect(readDbf(encodeDbf([{ A: '图斑😀' }], { encoding: 'utf8' }).bytes, { cpg: 'UTF-8' }).records[0].A).toBe('图斑😀');
  });

  it('keeps codes as text, writes mixed columns as text (reported), applies an explicit schema', () => {
    const rows = [{ DLBM: '0101', X: 1, M: 2.675 }, { DLBM: '010', X: 'a', M: 1 }];
    const r = encodeDbf(rows);
    expect(r.columns.map((c) => `${c.name}:${c.type}${c.length}.${c.decimals}`)).toEqual(['DLBM:C4.0', 'X:C1.0', 'M:N5.3']);
    expect(r.warnings).toEqual(['field X mixes text with numbers; written as text']);
    const t = readDbf(r.bytes);
    expect(t.records.map((x) => x.DLBM)).toEqual(['0101', '010']);
    const s = encodeDbf(rows, {
      fields: [
        { attribute: 'DLBM', name: '地类编码', type: 'C', length: 10 },
        { attribute: 'M', name: 'MJ', type: 'N', length: 12, decimals: 2 },
      ],
    });
    expect(s.columns.map((c) => `${c.name}:${c.type}${c.length}.${c.decimals}`)).toEqual(['地类编码:C10.0', 'MJ:N12.2']);
    // Half away from zero on the decimal as written: 2.675 → 2.68 (toFixed would give 2.67).
    expect(readDbf(s.bytes, { cpg: 'GBK' }).records.map((x) => x.MJ)).toEqual([2.68, 1]);
    expect(() => encodeDbf(rows, { fields: [{ attribute: 'X', type: 'N' }] })).toThrow(/feature 1: field X: expected a number, found "a"/);
    expect(() => encodeDbf(rows, { fields: [{ attribute: 'M', name: 'ABCDEFGHIJK', type: 'N' }] })).toThrow(/1–10 bytes/);
  });

  it('prints numbers without exponents', () => {
    expect([1.5e-7, 1e21, -2.5e-10, 123.456, 1.2345e22].map(plainDecimal)).toEqual([
      '0.00000015',
      '1000000000000000000000',
      '-0.00000000025',
      '123.456',
      '12345000000000000000000',
    ]);
  });
});

describe('.prj text', () => {
  it('reads back as the same CRS with the same EPSG code for every supported code', () => {
    const codes = [4490, 4214, 4610, 4326];
    for (let c = 2327; c <= 2442; c++) codes.push(c);
    for (let c = 4491; c <= 4554; c++) codes.push(c);
    for (let c = 21413; c <= 21463; c++) if (isSupportedEpsg(c)) codes.push(c);
    let checked = 0;
    for (const code of codes) {
      if (!isSupportedEpsg(code)) continue;
      const crs = crsFromEpsg(code);
      const back = crsFromWkt(esriWkt(crs));
      expect(back.epsg, `EPSG:${code}`).toBe(code);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('writes a CRS without an EPSG code from its parameters', () => {
    const custom = gaussKrugerCrs({ centralMeridian: 117.5, falseEasting: 500_000 });
    expect(custom.epsg).toBeNull();
    const wkt = esriWkt(custom);
    expect(wkt).toContain('PARAMETER["Central_Meridian",117.5]');
    expect(sameCrs(crsFromWkt(wkt), custom)).toBe(true);
  });
});

describe('atomic writing', () => {
  it('leaves an existing Shapefile untouched and no temporary files when writing fails', () => {
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const path = join(sub, 'x.shp');
    const { layer } = readLayer(sample('townships'));
    writeShapefile(path, layer);
    const before = Object.fromEntries(readdirSync(sub).map((f) => [f, readFileSync(join(sub, f))]));
    // Fails while encoding (GBK cannot hold the emoji): nothing written.
    const bad: Layer = { ...layer, attributes: layer.attributes.map((a, i) => (i === 5 ? { ...a, XZQMC: '😀' } : a)) };
    expect(() => writeShapefile(path, bad)).toThrow(InputError);
    // Fails after .shp, .shx, .dbf and .cpg are written to temporary names (no WKT for this CRS).
    const broken: Layer = { ...layer, crs: { ...layer.crs!, centralMeridian: undefined } };
    expect(() => writeShapefile(path, broken)).toThrow(/cannot write a \.prj/);
    const after = readdirSync(sub);
    expect(after.sort()).toEqual(Object.keys(before).sort());
    for (const f of after) expect(readFileSync(join(sub, f)).equals(before[f]), f).toBe(true);
  });

  it('removes a stale spatial index and .prj of an earlier Shapefile at the same path', () => {
    const sub = mkdtempSync(join(dir, 'stale-'));
    writeFileSync(join(sub, 'x.qix'), 'old index');
    writeFileSync(join(sub, 'x.prj'), 'old prj');
    const { layer } = readLayer(sample('townships'));
    const report = writeShapefile(join(sub, 'x.shp'), { ...layer, crs: null });
    expect(report.removedFiles.map((f) => f.slice(sub.length + 1)).sort()).toEqual(['x.prj', 'x.qix']);
    expect(existsSync(join(sub, 'x.qix')) || existsSync(join(sub, 'x.prj'))).toBe(false);
    expect(report.warnings).toContain('the layer has no CRS; no .prj was written');
  });
});
