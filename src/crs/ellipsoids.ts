/**
 * The reference ellipsoids of the three Chinese geodetic datums, and how to recognise them in a
 * WKT SPHEROID/ELLIPSOID clause.
 *
 * Sources: CGCS2000 — 国家大地坐标系 2000 definition (a = 6 378 137 m, 1/f = 298.257222101, EPSG ellipsoid
 * 1024); Krassovsky 1940 — Beijing 1954 (EPSG 7024: a = 6 378 245 m, 1/f = 298.3); IAG 1975 — Xian 1980
 * (EPSG 7049: a = 6 378 140 m, 1/f = 298.257).
 */
import type { Datum, Ellipsoid } from './types.js';

/** CGCS2000 ellipsoid (equal to GRS 80 to 0.1 mm in the semi-minor axis). */
export const CGCS2000_ELLIPSOID: Ellipsoid = Object.freeze({
  name: 'CGCS2000',
  a: 6378137,
  f: 1 / 298.257222101,
});

/** Krassovsky 1940, the ellipsoid of Beijing 1954. */
export const KRASSOVSKY_1940: Ellipsoid = Object.freeze({ name: 'Krassowsky 1940', a: 6378245, f: 1 / 298.3 });

/** IAG 1975, the ellipsoid of Xian 1980. */
export const IAG_1975: Ellipsoid = Object.freeze({ name: 'IAG 1975', a: 6378140, f: 1 / 298.257 });

/** The ellipsoid each supported datum is defined on. */
export const ELLIPSOID_BY_DATUM: Readonly<Record<Datum, Ellipsoid>> = Object.freeze({
  CGCS2000: CGCS2000_ELLIPSOID,
  Beijing1954: KRASSOVSKY_1940,
  Xian1980: IAG_1975,
});

/**
 * The inverse flattening as written in the defining documents. proj4 strings use these literals rather than
 * `1 / f`, so that the string carries exactly the defined constant (no floating-point round trip).
 */
export const INVERSE_FLATTENING_TEXT: Readonly<Record<Datum, string>> = Object.freeze({
  CGCS2000: '298.257222101',
  Beijing1954: '298.3',
  Xian1980: '298.257',
});

/** Human-readable datum names, as EPSG spells them. */
export const DATUM_LABEL: Readonly<Record<Datum, string>> = Object.freeze({
  CGCS2000: 'CGCS2000',
  Beijing1954: 'Beijing 1954',
  Xian1980: 'Xian 1980',
});

/** Ellipsoids recognised in WKT, by semi-major axis and inverse flattening. */
type KnownEllipsoid = 'CGCS2000' | 'WGS84' | 'Krassovsky1940' | 'IAG1975';

const KNOWN_ELLIPSOIDS: readonly { id: KnownEllipsoid; a: number; rf: number }[] = [
  // GRS 80 has 1/f = 298.257222100882711…; CGCS2000 rounds it to 298.257222101. Both match this entry.
  { id: 'CGCS2000', a: 6378137, rf: 298.257222101 },
  { id: 'WGS84', a: 6378137, rf: 298.257223563 },
  { id: 'Krassovsky1940', a: 6378245, rf: 298.3 },
  { id: 'IAG1975', a: 6378140, rf: 298.257 },
];

/**
 * Which known ellipsoid has these parameters, or null. Tolerances: 1 mm in a, 1e-8 in 1/f (GRS 80 and
 * CGCS2000 differ by 1.2e-10 in 1/f and are one ellipsoid here; WGS 84 differs by 1.5e-6 and stays apart).
 */
export function matchEllipsoid(a: number, rf: number): KnownEllipsoid | null {
  for (const e of KNOWN_ELLIPSOIDS) {
    if (Math.abs(a - e.a) <= 1e-3 && Math.abs(rf - e.rf) <= 1e-8) return e.id;
  }
  return null;
}

/** The datum an ellipsoid implies when a WKT's datum name does not say. WGS 84 is treated as CGCS2000. */
export function datumOfEllipsoid(id: KnownEllipsoid): Datum {
  switch (id) {
    case 'CGCS2000':
    case 'WGS84':
      return 'CGCS2000';
    case 'Krassovsky1940':
      return 'Beijing1954';
    case 'IAG1975':
      return 'Xian1980';
  }
}
