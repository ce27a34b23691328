/**
 * A computed reference for intersection-area cases whose peer states no expected geometry: JTS
 * `overlayAreaTest` (which asserts area identities of A, B and their overlays), polygon-clipping
 * `broken-*` folders and turf inputs without an output file.
 *
 * Candidates, each computed differently:
 * - `jsts-intersection`: area(A ∩ B) by jsts;
 * - `jsts-identity-A`: area(A) − area(A ∖ B), from the identity A = (A ∩ B) ∪ (A ∖ B) that
 *   JTS's `overlayAreaTest` checks (area(A) by our own shoelace, `area.ts`);
 * - `jsts-identity-B`: area(B) − area(B ∖ A), likewise;
 * - `polyclip`: area of polyclip-ts's intersection (via @turf/intersect; a Martínez–Rueda sweep, an
 *   algorithm and code base unrelated to JTS).
 * The reference is established only when two computations by different routes agree within the
 * tolerance: polyclip with any jsts candidate (then polyclip's value is used), or else every jsts candidate
 * that did not throw, at least two of them, with each other (JTS's own identities hold; the first such
 * jsts value is used). Otherwise there is no reference and the case can only be checked against the bounds
 * 0 ≤ area(A ∩ B) ≤ min(area A, area B); a lone polyclip value is then reported as unconfirmed.
 */
import { featureCollection, intersect, multiPolygon } from '@turf/turf';
import { multiPolygonArea } from './area.js';
import { jstsDifferenceArea, jstsIntersectionArea } from './jsts.js';
import type { MultiPolygonCoords } from './types.js';

export interface ReferenceCandidate {
  readonly method: 'jsts-intersection' | 'jsts-identity-A' | 'jsts-identity-B' | 'polyclip';
  /** The area, or null when the computation threw. */
  readonly value: number | null;
  /** The error message when it threw. */
  readonly error?: string;
}

export interface ReferenceArea {
  /** The agreed reference area, or null when no two independent computations agreed. */
  readonly value: number | null;
  /** How the value was established, or why not. */
  readonly basis: string;
  readonly candidates: readonly ReferenceCandidate[];
}

function attempt(method: ReferenceCandidate['method'], f: () => number): ReferenceCandidate {
  try {
    const value = f();
    if (!Number.isFinite(value)) return { method, value: null, error: `non-finite result ${value}` };
    return { method, value };
  } catch (e) {
    return { method, value: null, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Area of A ∩ B by polyclip-ts (through @turf/intersect, which returns null for an empty result). */
export function polyclipIntersectionArea(a: MultiPolygonCoords, b: MultiPolygonCoords): number {
  const result = intersect(featureCollection([multiPolygon(a), multiPolygon(b)]));
  if (result === null) return 0;
  const g = result.geometry;
  return multiPolygonArea(g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
}

/**
 * Computes the candidates and the agreed reference for area(A ∩ B).
 *
 * @param tolerance absolute agreement tolerance for two candidates
 * @example
 * const a = [[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]];
 * const b = [[[[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]];
 * referenceIntersectionArea(a, b, 1e-9).value; // 1
 */
export function referenceIntersectionArea(a: MultiPolygonCoords, b: MultiPolygonCoords, tolerance: number): ReferenceArea {
  const areaA = multiPolygonArea(a);
  const areaB = multiPolygonArea(b);
  const jsI = attempt('jsts-intersection', () => jstsIntersectionArea(a, b));
  const jsA = attempt('jsts-identity-A', () => areaA - jstsDifferenceArea(a, b));
  const jsB = attempt('jsts-identity-B', () => areaB - jstsDifferenceArea(b, a));
  const pc = attempt('polyclip', () => polyclipIntersectionArea(a, b));
  const candidates = [jsI, jsA, jsB, pc];
  const agree = (x: ReferenceCandidate, y: ReferenceCandidate): boolean =>
    x.value !== null && y.value !== null && Math.abs(x.value - y.value) <= tolerance;

  const jstsAgreeing = [jsI, jsA, jsB].filter((c) => agree(c, pc));
  if (pc.value !== null && jstsAgreeing.length > 0) {
    return {
      value: pc.value,
      basis: `polyclip agrees with ${jstsAgreeing.map((c) => c.method).join(', ')}`,
      candidates,
    };
  }
  const jsts = [jsI, jsA, jsB].filter((c) => c.value !== null);
  if (jsts.length >= 2 && jsts.every((x) => jsts.every((y) => agree(x, y)))) {
    return {
      value: jsts[0].value,
      basis: `jsts ${jsts.map((c) => c.method).join(', ')} agree` + (pc.value === null ? ' (polyclip threw)' : ` (polyclip differs: ${pc.value})`),
      candidates,
    };
  }
  const failed = candidates.filter((c) => c.value === null).map((c) => c.method);
  return {
    value: null,
    basis:
      'no two independent computations agree' + (failed.length > 0 ? ` (threw: ${failed.join(', ')})` : ''),
    candidates,
  };
}
