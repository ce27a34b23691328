/**
 * Cases from turf-intersect's fixtures (turf/packages/turf-intersect/test/in, out). Each input is a
 * FeatureCollection whose first two features are intersected; turf's own test writes the output as a
 * FeatureCollection of [polygon1, polygon2, result] with the result left out when `intersect` returned
 * null (no area in common). Inputs without an output file (regression inputs turf checks by other means)
 * form the optional `turf-intersect-no-expected` group, checked against a computed reference.
 */
import fs from 'node:fs';
import path from 'node:path';
import { multiPolygonArea } from './area.js';
import { geoJsonToParsed, readFeatureCollection } from './geojson.js';
import type { CollectedCases, ConformanceCase, GroupName, ParsedGeometry, SkippedCase } from './types.js';
import { isPolygonal } from './wkt.js';

export const TURF_INTERSECT_DIR = 'turf/packages/turf-intersect/test';

/**
 * Collects turf-intersect's polygon–polygon cases.
 *
 * @example
 * const { cases } = collectTurfCases('/work/shared/peers');
 */
export function collectTurfCases(peersDir: string): CollectedCases {
  const root = path.join(peersDir, TURF_INTERSECT_DIR);
  const cases: ConformanceCase[] = [];
  const skipped: SkippedCase[] = [];
  const files = fs
    .readdirSync(path.join(root, 'in'))
    .filter((f) => f.endsWith('.geojson'))
    .sort();
  for (const file of files) {
    const outFile = path.join(root, 'out', file);
    const hasOut = fs.existsSync(outFile);
    const group: GroupName = hasOut ? 'turf-intersect' : 'turf-intersect-no-expected';
    const id = `turf-intersect:${file}`;
    const inFile = path.join(root, 'in', file);
    const features = readFeatureCollection(inFile);
    if (features.length < 2) {
      skipped.push({ id, group, reason: `expected two input features, found ${features.length}` });
      continue;
    }
    let a: ParsedGeometry;
    let b: ParsedGeometry;
    try {
      [a, b] = features.slice(0, 2).map((f, i) => geoJsonToParsed(f, `turf-intersect in/${file} feature ${i}`));
    } catch (e) {
      skipped.push({ id, group, reason: `malformed operand: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    if (!isPolygonal(a) || !isPolygonal(b)) {
      const what = [!isPolygonal(a) ? `A has ${a.others.join(', ')}` : '', !isPolygonal(b) ? `B has ${b.others.join(', ')}` : '']
        .filter((s) => s !== '')
        .join('; ');
      skipped.push({ id, group, reason: `operand not polygonal: ${what}` });
      continue;
    }
    const notes = ['lon/lat coordinates treated as plane coordinates'];
    if (!hasOut) {
      notes.push('no output file upstream: checked against a computed reference');
      cases.push({ id, group, description: file, a: a.polygons, b: b.polygons, check: { kind: 'reference-area' }, notes });
      continue;
    }
    const out = readFeatureCollection(outFile);
    if (out.length !== 2 && out.length !== 3) {
      skipped.push({ id, group, reason: `expected 2 or 3 output features (inputs + result), found ${out.length}` });
      continue;
    }
    const expected = out.length === 3 ? geoJsonToParsed(out[2], `${outFile} feature 2`) : null;
    if (expected === null) notes.push('output has no third feature: turf returned null (no common area)');
    cases.push({
      id,
      group,
      description: file,
      a: a.polygons,
      b: b.polygons,
      check: {
        kind: 'expected-area',
        expectedArea: expected === null ? 0 : multiPolygonArea(expected.polygons),
        expectedEmpty: expected === null || expected.polygons.length === 0,
        expectedType: expected === null ? 'null' : expected.type,
      },
      notes,
    });
  }
  return { cases, skipped };
}
