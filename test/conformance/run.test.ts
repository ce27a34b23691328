import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectAllCases, peersAvailable, REPO_ROOT, resolvePeersDir } from '../../conformance/cases.js';
import { jstsIntersectionArea } from '../../conformance/jsts.js';
import { formatReport, KNOWN_DIFFERENCES_FILE, loadKnownDifferences, runConformance } from '../../conformance/run.js';
import type { CollectedCases, ConformanceCase, MultiPolygonCoords } from '../../conformance/types.js';

const sq = (x0: number, y0: number, s: number): MultiPolygonCoords => [[[[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]]];

// Hand-computed expectations: 2×2 squares offset by (1, 1) share a 1×1 square; squares sharing an edge
// share no area.
const overlap: ConformanceCase = {
  id: 'hand:overlap',
  group: 'polygon-clipping',
  description: 'two squares overlapping in a unit square',
  a: sq(0, 0, 2),
  b: sq(1, 1, 2),
  check: { kind: 'expected-area', expectedArea: 1, expectedEmpty: false, expectedType: 'POLYGON' },
  notes: [],
};
const touching: ConformanceCase = {
  id: 'hand:touching',
  group: 'turf-intersect',
  description: 'squares sharing an edge',
  a: sq(0, 0, 2),
  b: sq(2, 0, 2),
  check: { kind: 'expected-area', expectedArea: 0, expectedEmpty: true, expectedType: 'LINESTRING' },
  notes: [],
};
const identity: ConformanceCase = {
  id: 'hand:identity',
  group: 'jts-area-identity',
  description: 'computed reference',
  a: sq(0, 0, 4),
  b: sq(3, 3, 4),
  check: { kind: 'reference-area' },
  notes: [],
};
const optional: ConformanceCase = { ...overlap, id: 'hand:optional', group: 'jts-fixed-precision' };
const collected: CollectedCases = {
  cases: [overlap, touching, identity, optional],
  skipped: [{ id: 'hand:line', group: 'jts-general', reason: 'operand not polygonal: A has LINESTRING' }],
};

describe('runConformance on hand cases', () => {
  it('passes a correct kernel (jsts) and prints the summary', () => {
    const report = runConformance({ collected, intersectionArea: jstsIntersectionArea, knownDifferences: [] });
    expect(report.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(report.results[2].expected).toBe(1); // reference for the 4×4 squares offset by 3
    expect(report.ok).toBe(true);
    const text = formatReport(report);
    expect(text).toMatch(/RESULT: PASS/);
    expect(text).toMatch(/1 × jts-general: operand not polygonal/);
  });

  it('reports failures of a deliberately wrong kernel, with id, expected and got, and fails the run', () => {
    const wrong = (a: MultiPolygonCoords, b: MultiPolygonCoords): number => jstsIntersectionArea(a, b) * 1.001 + 0.01;
    const report = runConformance({ collected, intersectionArea: wrong, knownDifferences: [] });
    expect(report.results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(report.ok).toBe(false);
    // The optional group's failure is reported but does not count against the run.
    expect(report.unexpectedFailures.map((r) => r.case.id)).toEqual(['hand:overlap', 'hand:touching', 'hand:identity']);
    const text = formatReport(report);
    expect(text).toContain('hand:overlap');
    expect(text).toMatch(/expected 1 {2}got 1\.011/);
    expect(text).toMatch(/RESULT: FAIL — 3 unexpected failure/);
    expect(text).toMatch(/Failures in optional groups \(1\)/);
  });

  it('checks the bounds of reference cases: an area above min(area A, area B) fails', () => {
    const report = runConformance({ collected: { cases: [identity], skipped: [] }, intersectionArea: () => 17, knownDifferences: [] });
    expect(report.results[0].status).toBe('failed');
    expect(report.results[0].detail).toMatch(/outside the bounds \[0, min\(area A, area B\) = 16\]/);
  });

  it('records a throwing kernel as a failure carrying the error message', () => {
    const report = runConformance({
      collected: { cases: [overlap], skipped: [] },
      intersectionArea: () => {
        throw new RangeError('kernel exploded');
      },
      knownDifferences: [],
    });
    expect(report.results[0].status).toBe('failed');
    expect(report.results[0].error).toBe('RangeError: kernel exploded');
    expect(formatReport(report)).toContain('error (RangeError: kernel exploded)');
  });

  it('counts listed failures as known differences, prints their reasons, and flags stale and unmatched entries', () => {
    const report = runConformance({
      collected,
      intersectionArea: (a, b) => (a === touching.a ? 0.5 : jstsIntersectionArea(a, b)),
      knownDifferences: [
        { id: 'hand:touching', reason: 'returns a sliver for touching squares' },
        { id: 'hand:overlap', reason: 'used to fail' },
        { id: 'hand:gone', reason: 'renamed upstream' },
      ],
    });
    expect(report.results.find((r) => r.case.id === 'hand:touching')?.status).toBe('known-difference');
    expect(report.ok).toBe(true);
    expect(report.stale.map((k) => k.id)).toEqual(['hand:overlap']);
    expect(report.unmatched.map((k) => k.id)).toEqual(['hand:gone']);
    const text = formatReport(report);
    expect(text).toContain('hand:touching: returns a sliver for touching squares');
    expect(text).toContain('hand:overlap: passes now');
    expect(text).toContain('hand:gone: no such case in this run');
  });
});

describe('loadKnownDifferences', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuban-known-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (content: unknown): string => {
    const f = path.join(dir, `k${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(f, JSON.stringify(content));
    return f;
  };

  it('loads the repository file', () => {
    expect(Array.isArray(loadKnownDifferences(KNOWN_DIFFERENCES_FILE))).toBe(true);
  });

  it('rejects patterns, duplicates and entries without a reason', () => {
    expect(() => loadKnownDifferences(write({ differences: [{ id: 'jts:robust/*', reason: 'r' }] }))).toThrow(/pattern/);
    expect(() => loadKnownDifferences(write({ differences: [{ id: 'a', reason: 'r' }, { id: 'a', reason: 'r' }] }))).toThrow(/twice/);
    expect(() => loadKnownDifferences(write({ differences: [{ id: 'a', reason: ' ' }] }))).toThrow(/reason/);
    expect(() => loadKnownDifferences(write([]))).toThrow(/"differences" array/);
    expect(loadKnownDifferences(write({ differences: [{ id: 'a', reason: 'b' }] }))).toEqual([{ id: 'a', reason: 'b' }]);
  });
});

// Real peers, skipped only when ../shared/peers is absent (it sits beside the repository in CI).
const peers = resolvePeersDir(undefined);
describe.skipIf(!peersAvailable(peers))('runConformance on the peer suites', () => {
  // describe.skipIf still runs this body to collect tests, so collect only when the peers are there.
  const all = peersAvailable(peers) ? collectAllCases(peers) : { cases: [], skipped: [] };
  // Groups with expected geometries only, so no reference computation is needed and the test stays fast.
  const groups = ['polygon-clipping', 'turf-intersect', 'jts-general'] as const;

  it('fails every case when the kernel is wrong', () => {
    const report = runConformance({ collected: all, intersectionArea: () => -1, knownDifferences: [], groups: [...groups] });
    expect(report.results.length).toBe(30 + 15 + 51);
    expect(report.results.every((r) => r.status === 'failed')).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('passes every case when the kernel returns the peers’ expected areas', () => {
    const expectedByOperand = new Map<MultiPolygonCoords, number>();
    for (const c of all.cases) if (c.check.kind === 'expected-area') expectedByOperand.set(c.a, c.check.expectedArea);
    const oracle = (a: MultiPolygonCoords): number => expectedByOperand.get(a) ?? Number.NaN;
    const report = runConformance({ collected: all, intersectionArea: oracle, knownDifferences: [], groups: [...groups] });
    expect(report.results.filter((r) => r.status !== 'passed').map((r) => r.case.id)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe('run.ts command line', () => {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const script = path.join(REPO_ROOT, 'conformance', 'run.ts');

  it('exits 2 with a clear message when the peers folder is missing or an option is wrong', () => {
    const missing = spawnSync(tsx, [script, '--peers', path.join(os.tmpdir(), 'no-such-peers-folder')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/peer suites not found/);
    const bad = spawnSync(tsx, [script, '--group', 'nonsense'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--group: expected one of jts-general/);
  });
});
