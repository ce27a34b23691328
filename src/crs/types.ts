/** An ellipsoid by semi-major axis (m) and flattening. */
export interface Ellipsoid {
  readonly name: string;
  readonly a: number;
  readonly f: number;
}

export type Datum = 'CGCS2000' | 'Beijing1954' | 'Xian1980';

/**
 * A resolved coordinate reference system. Either geographic (lon/lat degrees) or a Gauss–Krüger
 * (transverse Mercator, scale 1 on the central meridian) projection in metres, x = easting.
 */
export interface Crs {
  /** EPSG code when the CRS is one of the registered ones, else null. */
  readonly epsg: number | null;
  /** Human-readable name, e.g. `CGCS2000 / 3-degree Gauss-Kruger zone 39`. */
  readonly name: string;
  readonly datum: Datum;
  readonly ellipsoid: Ellipsoid;
  readonly kind: 'geographic' | 'projected';
  /** Zone width in degrees for Gauss–Krüger CRSs. */
  readonly zoneWidth?: 3 | 6;
  /** Zone number (3°: CM = 3n; 6°: CM = 6n − 3). */
  readonly zone?: number;
  /** Central meridian in degrees east. */
  readonly centralMeridian?: number;
  /** False easting in metres, including the zone prefix when there is one (e.g. 39 500 000). */
  readonly falseEasting?: number;
  /** Whether eastings carry the zone number in front (8 integer digits). */
  readonly zonePrefixed?: boolean;
  /** proj4 definition string. */
  readonly proj4: string;
}
