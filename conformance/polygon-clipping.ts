/**
 * Cases from polygon-clipping's end-to-end tests (polygon-clipping/test/end-to-end/<case>/):
 * `args.geojson` holds the operands as a FeatureCollection; `intersection.geojson` (or `all.geojson`,
 * the expected result of every operation) holds the expected result as one Feature. polygon-clipping's
 * `intersection(g1, g2, …)` is n-ary; with a single operand it returns that operand cleaned up.
 *
 * - two operands: run as A ∩ B;
 * - one operand: run as A ∩ A, whose point set is A, so the expected cleaned-up A applies;
 * - three or more: skipped (the adapter is binary and returns only an area, so it cannot be folded);
 * - `broken-*` folders (known upstream failures, no expected file): optional group, checked against a
 *   computed reference (`reference.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expectedAreaCheck } from './area.js';
import { geoJsonToParsed, readFeatureCollection, readGeoJson } from './geojson.js';
import type { CollectedCases, ConformanceCase, GroupName, ParsedGeometry, SkippedCase } from './types.js';
import { isPolygonal } from './wkt.js';

export const POLYGON_CLIPPING_DIR = 'polygon-clipping/test/end-to-end';

/**
 * Collects the intersection cases of polygon-clipping's end-to-end tests.
 *
 * @example
 * const { cases } = collectPolygonClippingCases('/work/shared/peers');
 */
export function collectPolygonClippingCases(peersDir: string): CollectedCases {
  const root = path.join(peersDir, POLYGON_CLIPPING_DIR);
  const cases: ConformanceCase[] = [];
  const skipped: SkippedCase[] = [];
  const names = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const name of names) {
    const dir = path.join(root, name);
    const broken = name.startsWith('broken-');
    const group: GroupName = broken ? 'polygon-clipping-broken' : 'polygon-clipping';
    const id = `polygon-clipping:${name}`;
    const expectedFile = ['intersection.geojson', 'all.geojson'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    // Folders without an intersection expectation test other operations only; broken ones have none at all.
    if (expectedFile === undefined && !broken) continue;
    const argsFile = path.join(dir, 'args.geojson');
    if (!fs.existsSync(argsFile)) {
      skipped.push({ id, group, reason: 'no args.geojson' });
      continue;
    }
    let operands: ParsedGeometry[];
    try {
      operands = readFeatureCollection(argsFile).map((f, i) => geoJsonToParsed(f, `${name}/args.geojson feature ${i}`));
    } catch (e) {
      skipped.push({ id, group, reason: `malformed operand: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    if (operands.length > 2) {
      skipped.push({
        id,
        group,
        reason: `${operands.length} operands: an n-ary intersection cannot be folded through a binary adapter that returns only an area`,
      });
      continue;
    }
    if (operands.length === 0) {
      skipped.push({ id, group, reason: 'args.geojson has no features' });
      continue;
    }
    const nonPolygonal = operands.findIndex((g) => !isPolygonal(g));
    if (nonPolygonal >= 0) {
      skipped.push({ id, group, reason: `operand ${nonPolygonal + 1} not polygonal: ${operands[nonPolygonal].others.join(', ')}` });
      continue;
    }
    const notes: string[] = [];
    const a = operands[0].polygons;
    let b = a;
    if (operands.length === 1) notes.push('single operand: polygon-clipping intersection(A) cleans A; run as A ∩ A');
    else b = operands[1].polygons;
    if (expectedFile === undefined) {
      notes.push('upstream known failure (broken-*): no expected file, checked against a computed reference');
      cases.push({ id, group, description: name, a, b, check: { kind: 'reference-area' }, notes });
      continue;
    }
    if (path.basename(expectedFile) === 'all.geojson') notes.push('expected result from all.geojson (same for every operation)');
    const expected = geoJsonToParsed(readGeoJson(expectedFile), expectedFile);
    cases.push({
      id,
      group,
      description: name,
      a,
      b,
      check: expectedAreaCheck(expected),
      notes,
    });
  }
  return { cases, skipped };
}
