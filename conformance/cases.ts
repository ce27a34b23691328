/**
 * Where the peer suites are and which groups they form.
 *
 * The peers folder is data shared beside the repository (`../shared/peers` in CI). It is resolved, first
 * match wins, from `--peers <dir>`, the `TUBAN_PEERS_DIR` environment variable, or
 * `path.resolve(repoRoot, '../shared/peers')`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectJtsCases, JTS_TESTXML_DIR } from './jts-xml.js';
import { collectPolygonClippingCases, POLYGON_CLIPPING_DIR } from './polygon-clipping.js';
import { collectTurfCases, TURF_INTERSECT_DIR } from './turf.js';
import type { CollectedCases, GroupName } from './types.js';

export interface GroupInfo {
  readonly name: GroupName;
  /** Optional groups are run and reported but never fail the run. */
  readonly optional: boolean;
  readonly title: string;
}

/** Report order and meaning of the groups. */
export const GROUPS: readonly GroupInfo[] = [
  { name: 'jts-general', optional: false, title: 'JTS general/ overlay tests, floating precision, expected geometry' },
  { name: 'jts-robust', optional: false, title: 'JTS robust/overlay intersection tests with expected geometry' },
  { name: 'jts-misc', optional: false, title: 'JTS misc/ intersection tests with expected geometry' },
  { name: 'jts-area-identity', optional: false, title: 'JTS overlayAreaTest (area identities), computed reference' },
  { name: 'jts-fixed-precision', optional: true, title: 'JTS fixed precision model / snap-rounding (results snapped to a grid)' },
  { name: 'polygon-clipping', optional: false, title: 'polygon-clipping end-to-end intersection' },
  { name: 'polygon-clipping-broken', optional: true, title: 'polygon-clipping broken-* (known upstream failures), computed reference' },
  { name: 'turf-intersect', optional: false, title: 'turf-intersect fixtures with output' },
  { name: 'turf-intersect-no-expected', optional: true, title: 'turf-intersect inputs without output, computed reference' },
];

/** The repository root (this file lives in `<root>/conformance/`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Environment variable that overrides the peers folder. */
export const PEERS_ENV = 'TUBAN_PEERS_DIR';

/**
 * Resolves the peers folder: explicit argument, then `TUBAN_PEERS_DIR`, then `<repo>/../shared/peers`.
 *
 * @example
 * resolvePeersDir(undefined, {}); // '<repo>/../shared/peers', absolute
 */
export function resolvePeersDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env[PEERS_ENV];
  return chosen !== undefined && chosen !== '' ? path.resolve(chosen) : path.resolve(REPO_ROOT, '../shared/peers');
}

/** True when the peers folder holds the three suites this harness reads. */
export function peersAvailable(peersDir: string): boolean {
  return [JTS_TESTXML_DIR, POLYGON_CLIPPING_DIR, TURF_INTERSECT_DIR].every((d) => fs.existsSync(path.join(peersDir, d)));
}

/**
 * Collects every case of every suite, in report order.
 *
 * @example
 * const { cases, skipped } = collectAllCases(resolvePeersDir(undefined));
 */
export function collectAllCases(peersDir: string): CollectedCases {
  const parts = [collectJtsCases(peersDir), collectPolygonClippingCases(peersDir), collectTurfCases(peersDir)];
  return { cases: parts.flatMap((p) => p.cases), skipped: parts.flatMap((p) => p.skipped) };
}
