import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectAllCases, peersAvailable, REPO_ROOT, resolvePeersDir } from '../../conformance/cases.js';
import type { GroupName } from '../../conformance/types.js';

describe('resolvePeersDir', () => {
  it('prefers the explicit argument, then TUBAN_PEERS_DIR, then <repo>/../shared/peers', () => {
    expect(resolvePeersDir('/x/peers', { TUBAN_PEERS_DIR: '/y' })).toBe(path.resolve('/x/peers'));
    expect(resolvePeersDir(undefined, { TUBAN_PEERS_DIR: '/y' })).toBe(path.resolve('/y'));
    expect(resolvePeersDir(undefined, {})).toBe(path.resolve(REPO_ROOT, '../shared/peers'));
  });
});

// The shared peers folder sits beside the repository in CI (../shared/peers); the collection checks are
// skipped only when it is absent, e.g. in a bare checkout.
const peers = resolvePeersDir(undefined);
describe.skipIf(!peersAvailable(peers))('collectAllCases on ../shared/peers', () => {
  // describe.skipIf still runs this body to collect tests, so collect only when the peers are there.
  const { cases, skipped } = peersAvailable(peers) ? collectAllCases(peers) : { cases: [], skipped: [] };
  const count = (group: GroupName): [number, number] => [
    cases.filter((c) => c.group === group).length,
    skipped.filter((s) => s.group === group).length,
  ];

  // Expected counts were established independently of this code: the JTS ones by a separate Python
  // regex survey of the XML (intersection / intersectionNG / intersectionSR / overlayAreaTest ops, operand
  // type from the WKT keyword or WKB type code, fixed grid when the run has a scale or the op is *SR);
  // polygon-clipping by listing folders with intersection.geojson (23) or all.geojson (12), of which 5
  // have 3–4 operands, plus the 6 broken-* folders; turf by matching in/ and out/ file names (15 pairs;
  // 6 inputs without output, of which skip-issue-1132-line/point have non-polygonal operands and
  // infinite-loop-2705 a "Polygon" nested like a MultiPolygon).
  it.each([
    ['jts-general', 51, 188],
    ['jts-robust', 16, 1],
    ['jts-misc', 2, 0],
    ['jts-area-identity', 145, 3],
    ['jts-fixed-precision', 29, 15],
    ['polygon-clipping', 30, 5],
    ['polygon-clipping-broken', 6, 0],
    ['turf-intersect', 15, 0],
    ['turf-intersect-no-expected', 3, 3],
  ] as const)('%s has %i cases and %i skipped', (group, run, skip) => {
    expect(count(group)).toEqual([run, skip]);
  });

  it('gives every case a unique id and every skip a reason', () => {
    const ids = [...cases.map((c) => c.id), ...skipped.map((s) => s.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(10);
  });

  it('reads known expected areas: JTS TestOverlayAA case 1 and polygon-clipping poly-with-hole-and-square', () => {
    const aa = cases.find((c) => c.id === 'jts:general/TestOverlayAA.xml#1');
    // Expected POLYGON ((50 50, 50 100, 100 100, 100 50, 50 50)): 50 × 50.
    expect(aa?.check).toEqual({ kind: 'expected-area', expectedArea: 2500, expectedEmpty: false, expectedType: 'POLYGON' });
    const adjacent = cases.find((c) => c.id === 'jts:general/TestNGOverlayA.xml#3');
    // "AA - simple adjacent": expected LINESTRING (30 30, 30 10), no area.
    expect(adjacent?.check).toMatchObject({ expectedArea: 0, expectedEmpty: true, expectedType: 'LINESTRING' });
    const pc = cases.find((c) => c.id === 'polygon-clipping:poly-with-hole-and-square');
    // Expected ring (0.25 0.4, 0.4 0.4, 0.4 0.25, 1 0.25, 1 1, 0.25 1): 0.75² − 0.15² = 0.54.
    expect(pc?.check.kind).toBe('expected-area');
    if (pc?.check.kind === 'expected-area') expect(pc.check.expectedArea).toBeCloseTo(0.54, 14);
  });
});
