/**
 * The bad-input corpus (test/io/corpus/make.ts, built byte by byte from the published layouts): for every
 * case, the exact error or the exact repair the readers must produce. Where the input is read, every input
 * feature is in the layer (the feature count equals the input's) and every change is in the report.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrsError, InputError } from '../../src/errors.js';
import { readLayer } from '../../src/io/read.js';
import { buildCorpus, shapefileBytes, threeSquares } from './corpus/make.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuban-corpus-'));
  buildCorpus(dir);
});
const path = (name: string): string => join(dir, name);
const read = (name: string, options = {}) => readLayer(path(name), { idField: 'BSM', ...options });
/** The error a read throws: its class and its message without the temporary folder. */
function failure(name: string, options = {}): { type: string; message: string } {
  try {
    read(name, options);
  } catch (e) {
    return { type: (e as Error).constructor.name, message: (e as Error).message.split(dir + '/').join('') };
  }
  throw new Error(`${name} was read without an error`);
}

describe('bad Shapefile sets', () => {
  it('truncated .shp: the record and its byte offset (records of 8 + 128 bytes from byte 100; cut at 422)', () => {
    expect(failure('truncated.shp')).toEqual({
      type: 'InputError',
      message:
        'truncated.shp, feature 2: record 3 at byte offset 372 runs past the end of the .shp file: its header announces 128 bytes of content, ' +
        'and the file has 422 bytes but its header announces 508 (truncated file?)',
    });
  });

  it('.shx or .dbf record counts that disagree with the .shp: every file and count', () => {
    const tail = '(was one of the files replaced or cut short?)';
    expect(failure('count-shx.shp').message).toBe(
      `count-shx.shp: expected one .dbf row per .shp record, but the record counts disagree: count-shx.shp holds 3 records, count-shx.shx indexes 2, count-shx.dbf holds 3 rows ${tail}`,
    );
    expect(failure('count-dbf.shp').message).toBe(
      `count-dbf.shp: expected one .dbf row per .shp record, but the record counts disagree: count-dbf.shp holds 3 records, count-dbf.shx indexes 3, count-dbf.dbf holds 2 rows ${tail}`,
    );
    expect(failure('count-dbf-noshx.shp').message).toBe(
      `count-dbf-noshx.shp: expected one .dbf row per .shp record, but the record counts disagree: count-dbf-noshx.shp holds 3 records, count-dbf-noshx.dbf holds 4 rows ${tail}`,
    );
  });

  it('missing .dbf', () => {
    expect(failure('no-dbf.shp')).toEqual({ type: 'InputError', message: 'no-dbf.shp: expected the attribute table beside the .shp (same name, .dbf), found none' });
  });

  it('missing .prj: the CRS from 8-digit eastings (zone 39 → EPSG:4527) with a warning, else a CrsError saying how to declare it', () => {
    const { layer, report } = read('no-prj.shp');
    expect(layer.crs?.epsg).toBe(4527);
    expect(report.warnings?.[0]).toMatch(/no-prj\.shp: no CRS declared; CGCS2000 \/ 3-degree Gauss-Kruger zone 39 \(EPSG:4527\) was inferred from the coordinates/);
    const e = failure('no-prj-6digit.shp');
    expect(e.type).toBe('CrsError');
    expect(e.message).toMatch(/^no-prj-6digit\.shp: cannot tell the coordinate reference system: .* have 6-digit eastings, which carry no zone number/);
    expect(e.message).toMatch(/Declare it with --crs EPSG:<code>/);
    // An explicit CRS decides it.
    expect(read('no-prj-6digit.shp', { crs: 'EPSG:4548' }).layer.crs?.epsg).toBe(4548);
  });

  it('unknown .prj (UTM): a CrsError naming it and why', () => {
    expect(failure('unknown-prj.shp')).toEqual({
      type: 'CrsError',
      message:
        'unknown-prj.shp: Unsupported CRS "WGS_1984_UTM_Zone_50N": The WKT\'s transverse Mercator is not a Gauss–Krüger zone: scale factor 0.9996 (Gauss–Krüger has 1; 0.9996 is UTM).',
    });
  });

  it('a GBK table without .cpg or language driver byte: detected, and said so', () => {
    const { layer, report } = read('gbk-nocpg.shp');
    expect(layer.attributes.map((a) => a.DLMC)).toEqual(['水田', '旱地', '果园']);
    expect(layer.attributes.map((a) => a.DLBM)).toEqual(['0101', '0103', '0201']);
    expect(report.warnings).toContain('DBF text decoded as gb18030 (guessed (no language driver byte, no .cpg): the text is not valid UTF-8 (first at feature 0), so GBK)');
  });

  it('invalid UTF-8 in a table declared UTF-8: read, and every bad value named by feature and field', () => {
    const { layer, report } = read('utf8-invalid.shp');
    expect(layer.featureCount).toBe(3);
    expect(layer.attributes[0].DLMC).toBe('水田');
    expect(layer.attributes[1].DLMC).toBe('\ufffd'.repeat(4)); // 旱地 in GBK: B5 B5 B5 D8, none valid UTF-8
    expect(report.warnings).toContain(
      'DBF text not valid in utf8, read with U+FFFD replacement characters (pass the right encoding if the text is garbled) — 1 value: feature 1 field DLMC "\ufffd\ufffd\ufffd\ufffd"',
    );
    // 6 × 3 bytes of 果园 fill 18 of the 20 bytes; the last 2 are the start of a third 果: dropped, and said so.
    expect(layer.attributes[2].DLMC).toBe('果园果园果园');
    expect(report.warnings).toContain(
      'DBF text ending in a character cut in half by the field width; the partial bytes were dropped — 1 value: feature 2 field DLMC "果园果园果园"',
    );
  });

  it('NaN and infinite coordinates: the feature, record, part and vertex', () => {
    expect(failure('nan.shp')).toEqual({ type: 'InputError', message: 'nan.shp, feature 1: record 2 part 0 vertex 2: expected finite coordinates, found [NaN, 3940010]' });
    expect(failure('infinity.shp').message).toBe('infinity.shp, feature 2: record 3 part 0 vertex 1: expected finite coordinates, found [39590020, Infinity]');
  });

  it('an out-of-range vertex: the feature, instead of a CRS error about the whole layer', () => {
    expect(failure('out-of-range.shp')).toEqual({
      type: 'InputError',
      message:
        'out-of-range.shp, feature 2: (id 3) coordinates x 39590020 … 1000000000000000, y 3940000 … 3940010 cannot be in EPSG:4527 (the .prj), ' +
        'which the other 2 features fit: an out-of-range or mistyped vertex? 1 feature like this: 2',
    });
  });

  it('null shapes and polygons without parts: kept as empty features, each reported', () => {
    const { layer, report } = read('empty.shp');
    expect(layer.featureCount).toBe(3);
    expect(Array.from(layer.featureOffsets)).toEqual([0, 1, 1, 1]);
    expect(layer.attributes.map((a) => a.BSM)).toEqual([1, 2, 3]);
    expect(report.emptyCount).toBe(2);
    expect(report.issues).toEqual([
      { featureIndex: 1, id: 2, kind: 'empty-geometry', detail: 'the feature has no geometry' },
      { featureIndex: 2, id: 3, kind: 'empty-geometry', detail: 'the feature has no geometry' },
    ]);
  });

  it('a set without records: an empty layer in the .prj CRS, and a warning', () => {
    const { layer, report } = read('no-records.shp');
    expect([layer.featureCount, layer.crs?.epsg]).toEqual([0, 4527]);
    expect(report.warnings).toEqual(['DBF text decoded as gb18030 (from its language driver byte 0x4D)', 'the layer has no features']);
  });

  it('non-polygon Shapefiles and records: the shape type by name and number', () => {
    expect(failure('points.shp').message).toBe('points.shp: expected a polygon Shapefile, found shape type Point (1); tuban measures polygons only');
    expect(failure('lines.shp').message).toBe('lines.shp: expected a polygon Shapefile, found shape type PolyLine (3); tuban measures polygons only');
    expect(failure('mixed.shp').message).toBe('mixed.shp, feature 1: expected a polygon record, found shape type PolyLine (3) (record 2 at byte offset 236)');
  });

  it('PolygonZ: read in 2-D, the dropped Z said in the warnings', () => {
    const { layer, report } = read('polygonz.shp');
    expect(layer.featureCount).toBe(3);
    // The clockwise file ring (0,0) (0,10) (10,10) (10,0) (0,0), stored open and reversed to counter-clockwise
    // from its first vertex, as GDAL does: (0,0) (10,0) (10,10) (0,10).
    expect(Array.from(layer.coords.subarray(0, 8))).toEqual([39_590_000, 3_940_000, 39_590_010, 3_940_000, 39_590_010, 3_940_010, 39_590_000, 3_940_010]);
    expect(report.warnings).toContain('shape type PolygonZ: the Z (and any M) values were dropped; areas are two-dimensional');
  });

  it('a counter-clockwise ring in no exterior: kept as an exterior, and said so', () => {
    const { layer, report } = read('orphan-hole.shp');
    expect(layer.featureOffsets[1] - layer.featureOffsets[0]).toBe(2);
    expect(report.warnings).toContain(
      'counter-clockwise rings (holes by the Shapefile rule) that lie in no exterior ring were kept as exteriors, in 1 feature: feature 0 (ring 1 of the record)',
    );
  });
});

describe('bad GeoJSON', () => {
  it('a JSON syntax error: line and column', () => {
    expect(failure('syntax.geojson')).toEqual({
      type: 'InputError',
      message: `syntax.geojson: expected JSON text, found a syntax error at line 4, column 22: expected ',' or '}' after a member value, found '"'`,
    });
  });

  it('NaN (not JSON): line and column, and what to write instead', () => {
    // The first coordinate pair of feature 1 is on line 24 of the pretty-printed file, 7 spaces in.
    expect(failure('nan.geojson').message).toBe(
      'nan.geojson: expected JSON text, found a syntax error at line 24, column 8: expected a value, found NaN (not a JSON number; write null or a finite number)',
    );
  });

  it('1e999 (parsed as Infinity): the feature, ring and vertex', () => {
    expect(failure('huge.geojson').message).toBe('huge.geojson, feature 1: polygon 0 ring 0 vertex 1: expected finite numbers, found [Infinity, 3940000]');
  });

  it('an out-of-range feature: named', () => {
    expect(failure('out-of-range.geojson').message).toBe(
      'out-of-range.geojson, feature 2: (id 3) coordinates x 0.5 … 1.5, y 0.5 … 1.5 cannot be in EPSG:4527 (the GeoJSON "crs" member), ' +
        'which the other 2 features fit: an out-of-range or mistyped vertex? 1 feature like this: 2',
    );
  });

  it('empty geometries (null, Polygon [], MultiPolygon [], a 2-vertex ring): kept in place, reported', () => {
    const { layer, report } = read('empty-geometries.geojson');
    expect(layer.featureCount).toBe(5);
    expect(report.emptyCount).toBe(4);
    expect(report.issues.map((i) => [i.featureIndex, i.kind])).toEqual([
      [1, 'empty-geometry'],
      [2, 'empty-geometry'],
      [3, 'empty-geometry'],
      [4, 'degenerate-ring-removed'],
      [4, 'polygon-removed'],
      [4, 'empty-geometry'],
    ]);
  });

  it('Point and LineString features: an error naming the feature and its id', () => {
    expect(failure('point.geojson').message).toBe('point.geojson, feature 1: expected a Polygon or MultiPolygon geometry, found Point (id 2)');
    expect(failure('linestring.geojson').message).toBe('linestring.geojson, feature 1: expected a Polygon or MultiPolygon geometry, found LineString (id 2)');
  });

  it('a FeatureCollection of 0 features: an empty layer and two warnings, CRS kept when declared', () => {
    const { layer, report } = read('empty.geojson');
    expect([layer.featureCount, layer.crs?.epsg, report.featureCount]).toEqual([0, 4527, 0]);
    expect(report.warnings).toEqual(['the FeatureCollection holds no features', 'the layer has no features']);
    const bare = read('empty-nocrs.geojson');
    expect(bare.layer.crs).toBeNull();
    expect(bare.report.warnings).toEqual(['the FeatureCollection holds no features', 'the layer has no features']);
  });

  it('GeoJSON lines: errors name the line', () => {
    expect(failure('lines.geojsonl').message).toBe('lines.geojsonl, feature 2: line 4: expected a Polygon or MultiPolygon geometry, found Point (id 3)');
    expect(failure('syntax.geojsonl').message).toBe(
      'syntax.geojsonl: expected JSON text, found a syntax error at line 2, column 64: expected a member name in double quotes, found \'}\'',
    );
  });
});

describe('bad zips', () => {
  it('two layers without a choice: both listed (the Shapefile under its GBK name)', () => {
    expect(failure('two-layers.zip').message).toBe('two-layers.zip: the zip holds 2 layers: 地类图斑.shp, patches.geojson; choose one with the layer option (its file name)');
    expect(read('two-layers.zip', { layer: '地类图斑' }).layer.attributes.map((a) => a.DLMC)).toEqual(['水田', '旱地', '果园']);
    expect(read('two-layers.zip', { layer: 'patches.geojson' }).layer.featureCount).toBe(1);
    expect(failure('two-layers.zip', { layer: 'DLTB' }).message).toBe('two-layers.zip: expected a layer named "DLTB" in the zip, found 地类图斑.shp, patches.geojson');
  });

  it('a damaged entry: CRC-32 mismatch named', () => {
    const actual = zlibCrc32(shapefileBytes(threeSquares()).shp).toString(16).padStart(8, '0');
    expect(failure('damaged.zip').message).toBe(`damaged.zip: 地类图斑.shp is damaged: expected 508 bytes with CRC-32 12345678, found 508 bytes with CRC-32 ${actual}`);
  });

  it('every error is typed', () => {
    expect(() => read('truncated.shp')).toThrow(InputError);
    expect(() => read('unknown-prj.shp')).toThrow(CrsError);
  });
});
