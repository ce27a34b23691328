import type { Crs } from '../crs/types.js';

/** Attribute values as they come from GeoJSON or a DBF table. Codes stay strings ("0101"). */
export type AttributeValue = string | number | boolean | null;
export type Attributes = Readonly<Record<string, AttributeValue>>;

/**
 * One polygon layer in flat typed arrays (GeoArrow-like), so hot loops touch numbers, not objects.
 *
 * - `coords`: x, y interleaved (x = easting). Rings are stored OPEN: the closing vertex is not repeated.
 * - `ringOffsets[r] .. ringOffsets[r+1]`: vertex indices (not array indices) of ring r; length = rings + 1.
 * - `polygonOffsets[p] .. polygonOffsets[p+1]`: rings of polygon p, exterior first; length = polygons + 1.
 * - `featureOffsets[f] .. featureOffsets[f+1]`: polygons of feature f; length = features + 1. An empty
 *   feature has no polygons but keeps its slot, its attributes and its place in the output.
 * - `bboxes`: minX, minY, maxX, maxY per feature; NaN for an empty feature.
 * - Orientation is normalised: exterior rings counter-clockwise, holes clockwise (x east, y north), so a
 *   feature's signed ring areas sum to its area.
 */
export interface Layer {
  readonly name: string;
  readonly crs: Crs | null;
  readonly coords: Float64Array;
  readonly ringOffsets: Uint32Array;
  readonly polygonOffsets: Uint32Array;
  readonly featureOffsets: Uint32Array;
  readonly bboxes: Float64Array;
  /** Attribute table, one row per feature. */
  readonly attributes: readonly Attributes[];
  /** The GeoJSON `id` member per feature when the input had one. */
  readonly featureIds: readonly (string | number | null)[];
  readonly featureCount: number;
}

/** What normalising a layer changed or found, feature by feature. Nothing is dropped without a line here. */
export interface LayerIssue {
  readonly featureIndex: number;
  /** The feature's id (the `idField` attribute, else the GeoJSON id, else null). */
  readonly id: string | number | null;
  readonly kind:
    | 'empty-geometry'
    | 'unclosed-ring'
    | 'duplicate-vertices-removed'
    | 'degenerate-ring-removed'
    | 'polygon-removed';
  readonly detail: string;
}

export interface LayerReport {
  readonly source: string;
  readonly featureCount: number;
  readonly emptyCount: number;
  readonly issues: readonly LayerIssue[];
  /**
   * Rings whose orientation was flipped to the exterior-counter-clockwise convention. Not an issue per
   * feature: Shapefile-derived data (exterior clockwise) has every ring flipped.
   */
  readonly reorientedRings: number;
  /** Set when the layer was brought from another CRS (e.g. lon/lat projected to a Gauss–Krüger zone). */
  readonly reprojectedFrom?: string;
  /** Things the user should know that changed nothing, e.g. an explicit CRS overriding the file's own. */
  readonly warnings?: readonly string[];
}
