/**
 * Shared shapes of the peer-conformance harness (issue 3, "Conformance").
 *
 * Geometry is kept as plain nested arrays in the GeoJSON MultiPolygon layout so that any kernel can be
 * plugged in behind `conformance/adapter.ts` without knowing about the peer file formats.
 */

/** One position, `[x, y]`; extra ordinates (Z, M) of the sources are dropped by the readers. */
export type Position = number[];
/** A ring as the source wrote it: usually closed (first position repeated), orientation untouched. */
export type RingCoords = Position[];
/** Exterior ring first, then holes. */
export type PolygonCoords = RingCoords[];
/** GeoJSON `MultiPolygon.coordinates`: planar, no CRS; lon/lat sources are treated as plane coordinates. */
export type MultiPolygonCoords = PolygonCoords[];

/**
 * A geometry read from WKT, WKB or GeoJSON, reduced to what area comparisons need.
 *
 * `polygons` holds every polygon component (from POLYGON, MULTIPOLYGON and collections, flattened);
 * `others` names every component that is not polygonal (e.g. `['LINESTRING', 'POINT EMPTY']`), so a
 * geometry is polygonal exactly when `others` is empty. EMPTY polygons contribute nothing to `polygons`.
 */
export interface ParsedGeometry {
  /** Top-level type as written, upper case: `POLYGON`, `GEOMETRYCOLLECTION`, … */
  readonly type: string;
  readonly polygons: MultiPolygonCoords;
  readonly others: readonly string[];
  /** True when the geometry has no coordinates at all (`POLYGON EMPTY`, `MULTIPOLYGON ()` …). */
  readonly isEmpty: boolean;
}

/** The function under test: area of the planar intersection of two (multi)polygons. */
export type IntersectionAreaFn = (a: MultiPolygonCoords, b: MultiPolygonCoords) => number;

/** Report groups. Optional groups are run and reported but never make the run fail. */
export type GroupName =
  | 'jts-general'
  | 'jts-robust'
  | 'jts-misc'
  | 'jts-area-identity'
  | 'jts-fixed-precision'
  | 'polygon-clipping'
  | 'polygon-clipping-broken'
  | 'turf-intersect'
  | 'turf-intersect-no-expected';

/**
 * What a case asserts.
 * - `expected-area`: the peer wrote the expected intersection geometry; its area is the reference.
 * - `reference-area`: the peer asserts no geometry (JTS `overlayAreaTest`, polygon-clipping `broken-*`,
 *   turf inputs without an output file); the reference is computed (see `reference.ts`).
 */
export type CaseCheck =
  | {
      readonly kind: 'expected-area';
      readonly expectedArea: number;
      /** True when the expected result has no polygonal part (EMPTY, or only points/lines). */
      readonly expectedEmpty: boolean;
      /** Type of the expected geometry as written, for messages. */
      readonly expectedType: string;
    }
  | { readonly kind: 'reference-area' };

/** One polygon–polygon intersection case, ready to run. */
export interface ConformanceCase {
  /** Stable, precise id: source file (or folder) plus case number, e.g. `jts:general/TestOverlayAA.xml#3`. */
  readonly id: string;
  readonly group: GroupName;
  /** Human description from the source (JTS `<desc>`, folder name …), one line. */
  readonly description: string;
  readonly a: MultiPolygonCoords;
  readonly b: MultiPolygonCoords;
  readonly check: CaseCheck;
  /** Facts worth printing with a failure: upstream tolerance, operand rounding, A∩A substitution … */
  readonly notes: readonly string[];
}

/** A case found in the peers that this harness does not run, with the reason. */
export interface SkippedCase {
  readonly id: string;
  readonly group: GroupName;
  readonly reason: string;
}

export interface CollectedCases {
  readonly cases: ConformanceCase[];
  readonly skipped: SkippedCase[];
}
