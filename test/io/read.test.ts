import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readLayer } from '../../src/io/read.js';

const fixtures = new URL('../../fixtures/shp/', import.meta.url).pathname;

describe('readLayer', () => {
  it('reads a GBK Shapefile and its GeoJSON twin into the same layer', () => {
    const shp = readLayer(join(fixtures, 'patches.shp'), { idField: 'JCBH' });
    const gj = readLayer(join(fixtures, 'patches.geojson'), { idField: 'JCBH' });
    expect(shp.layer.crs?.epsg).toBe(4527);
    expect(shp.layer.featureCount).toBe(gj.layer.featureCount);
    expect(shp.layer.attributes.map((a) => a.JCBH)).toEqual(gj.layer.attributes.map((a) => a.JCBH));
    expect(shp.layer.attributes.map((a) => a.TBLX)).toEqual(gj.layer.attributes.map((a) => a.TBLX));
    expect(shp.layer.ringOffsets.length).toBe(gj.layer.ringOffsets.length);
    expect(shp.report.warnings?.some((w) => w.includes('gb18030'))).toBe(true);
  });

  it('finds sidecar files whatever their case, and says when the .dbf is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-read-'));
    copyFileSync(join(fixtures, 'townships.shp'), join(dir, 'XZQ.SHP'));
    copyFileSync(join(fixtures, 'townships.prj'), join(dir, 'XZQ.PRJ'));
    expect(() => readLayer(join(dir, 'XZQ.SHP'))).toThrow(/expected the attribute table beside the \.shp/);
    copyFileSync(join(fixtures, 'townships.dbf'), join(dir, 'xzq.dbf'));
    copyFileSync(join(fixtures, 'townships.cpg'), join(dir, 'xzq.cpg'));
    const { layer } = readLayer(join(dir, 'XZQ.SHP'));
    expect(layer.name).toBe('XZQ');
    expect(layer.attributes.every((a) => typeof a.XZQMC === 'string' && /[\u4e00-\u9fff]/.test(a.XZQMC))).toBe(true);
  });

  it('gives clear errors for missing files, bad JSON and unknown formats', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-read-'));
    expect(() => readLayer(join(dir, 'none.geojson'))).toThrow(/expected a readable file, found nothing/);
    writeFileSync(join(dir, 'bad.geojson'), '{"type": "FeatureCollection", ');
    expect(() => readLayer(join(dir, 'bad.geojson'))).toThrow(InputError);
    expect(() => readLayer(join(dir, 'bad.geojson'))).toThrow(/bad\.geojson: expected JSON text, found a parse error/);
    writeFileSync(join(dir, 'x.kml'), '<kml/>');
    expect(() => readLayer(join(dir, 'x.kml'))).toThrow('expected a .geojson, .json or .shp file, found ".kml"');
  });
});
