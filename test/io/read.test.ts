import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
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
    expect(() => readLayer(join(dir, 'bad.geojson'))).toThrow(/bad\.geojson: expected JSON text, found a syntax error at line 1, column 31: expected a member name in double quotes, found the end of the text/);
    writeFileSync(join(dir, 'x.kml'), '<kml/>');
    expect(() => readLayer(join(dir, 'x.kml'))).toThrow('expected a .shp, .geojson, .json, .geojsonl/.ndjson/.jsonl or .zip file (or a folder), found ".kml"');
  });
});

describe('readLayer: GeoJSON forms, lines, folders, encodings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuban-read2-'));
  const patches = join(fixtures, 'patches.geojson');
  const fcText = readFileSync(patches, 'utf8');
  const fcJson = JSON.parse(fcText) as { crs: unknown; features: { properties: Record<string, unknown> }[] };
  const reference = readLayer(patches, { idField: 'JCBH' });

  it('reads GeoJSON lines (.geojsonl / .ndjson: CRLF, blank lines, RFC 8142 separators, a BOM) like the FeatureCollection', () => {
    const lines = fcJson.features.map((f, i) => (i % 3 === 0 ? '\u001e' : '') + JSON.stringify(f));
    writeFileSync(join(dir, 'p.geojsonl'), '\ufeff' + lines.join('\r\n') + '\r\n\r\n');
    writeFileSync(join(dir, 'p.ndjson'), lines.join('\n'));
    for (const name of ['p.geojsonl', 'p.ndjson']) {
      const { layer, report } = readLayer(join(dir, name), { idField: 'JCBH' });
      expect(layer.featureCount).toBe(fcJson.features.length);
      expect(Array.from(layer.coords)).toEqual(Array.from(reference.layer.coords));
      expect(layer.attributes).toEqual(reference.layer.attributes);
      // No "crs" member in lines: the CRS comes from the coordinates (8-digit eastings → EPSG:4527), with a warning.
      expect(layer.crs?.epsg).toBe(4527);
      expect(report.warnings?.[0]).toMatch(/no CRS declared; .*EPSG:4527/);
    }
    expect(readLayer(join(dir, 'p.ndjson'), { crs: 'EPSG:4527' }).report.warnings ?? []).toEqual([]);
  });

  it('reads GeoJSON lines longer than the read window', () => {
    const ring = Array.from({ length: 60_000 }, (_, k) => [39_590_000 + 1000 * Math.cos((2 * Math.PI * k) / 60_000), 3_940_000 + 1000 * Math.sin((2 * Math.PI * k) / 60_000)]);
    ring.push(ring[0]);
    const line = JSON.stringify({ type: 'Feature', properties: { n: 1 }, geometry: { type: 'Polygon', coordinates: [ring] } });
    expect(line.length).toBeGreaterThan(2 << 20);
    writeFileSync(join(dir, 'long.jsonl'), `${line}\n${line.replace('"n":1', '"n":2')}`);
    const { layer } = readLayer(join(dir, 'long.jsonl'), { crs: 'EPSG:4527' });
    expect(layer.attributes).toEqual([{ n: 1 }, { n: 2 }]);
    expect(layer.coords.length).toBe(2 * 2 * 60_000);
  });

  it('reads a single Feature and a bare Polygon as one-feature layers', () => {
    writeFileSync(join(dir, 'one.geojson'), JSON.stringify({ ...(fcJson.features[0] as object), crs: fcJson.crs }));
    expect(readLayer(join(dir, 'one.geojson'), { crs: 'EPSG:4527' }).layer.attributes).toEqual([reference.layer.attributes[0]]);
    writeFileSync(join(dir, 'bare.json'), JSON.stringify({ type: 'Polygon', coordinates: [[[39_590_000, 3_940_000], [39_590_010, 3_940_000], [39_590_000, 3_940_010], [39_590_000, 3_940_000]]] }));
    expect(readLayer(join(dir, 'bare.json'), { crs: 'EPSG:4527' }).layer.featureCount).toBe(1);
  });

  it('reads GBK GeoJSON with the encoding option, and warns (with the line) when GeoJSON is not UTF-8', () => {
    writeFileSync(join(dir, 'gbk.geojson'), iconv.encode(fcText, 'gbk'));
    const withOption = readLayer(join(dir, 'gbk.geojson'), { idField: 'JCBH', encoding: 'gbk' });
    expect(withOption.layer.attributes).toEqual(reference.layer.attributes);
    const without = readLayer(join(dir, 'gbk.geojson'), { idField: 'JCBH' });
    const firstChineseLine = fcText.split('\n').findIndex((l) => /[\u4e00-\u9fff]/.test(l)) + 1;
    expect(without.report.warnings).toContain(
      `the file is not valid UTF-8 (RFC 7946 requires UTF-8), first at line ${firstChineseLine}; the bad bytes were read as U+FFFD — if it is GBK text, pass the encoding (gbk)`,
    );
  });

  it('reads the one layer of a folder, and lists several', () => {
    const one = join(dir, 'one-layer');
    mkdirSync(one);
    for (const e of ['shp', 'shx', 'dbf', 'prj', 'cpg']) copyFileSync(join(fixtures, `patches.${e}`), join(one, `patches.${e}`));
    writeFileSync(join(one, 'notes.txt'), 'x');
    expect(readLayer(one).layer.featureCount).toBe(reference.layer.featureCount);
    for (const e of ['shp', 'shx', 'dbf', 'prj', 'cpg']) copyFileSync(join(fixtures, `townships.${e}`), join(one, `townships.${e}`));
    expect(() => readLayer(one)).toThrow('the folder holds 2 layers: patches.shp, townships.shp; choose one with the layer option (its file name)');
    expect(readLayer(one, { layer: 'TOWNSHIPS' }).layer.name).toBe('townships');
  });

  it('points at the .shp when given another part of the set, and refuses a layer option that names another layer', () => {
    expect(() => readLayer(join(fixtures, 'patches.dbf'))).toThrow('patches.dbf: expected the .shp of the Shapefile set, found its .dbf part; pass the .shp file');
    expect(() => readLayer(join(fixtures, 'patches.shp'), { layer: 'DLTB' })).toThrow(
      'the layer option picks a layer inside a .zip or a folder; this file is the single layer "patches", not "DLTB"',
    );
    expect(readLayer(join(fixtures, 'patches.shp'), { layer: 'patches' }).layer.featureCount).toBe(reference.layer.featureCount);
  });
});
