/**
 * The coordinate reference systems tuban knows: CGCS2000, Beijing 1954 and Xian 1980, each geographic and
 * as Gauss–Krüger 3° and 6° zones, with and without the zone-number prefix on eastings.
 *
 * EPSG code ranges (EPSG Geodetic Parameter Dataset, checked against epsg.io definitions, e.g. 2416 =
 * "Beijing 1954 / 3-degree Gauss-Kruger zone 40", 2437 = its CM 120E form, 21420 = "Beijing 1954 /
 * Gauss-Kruger zone 20", 2334/2345 = Xian 1980 6° zone 20 / CM 117E, 2379 = Xian 1980 3° CM 102E):
 *
 * | datum        | 3° prefixed (zones 25–45) | 3° by CM (75E–135E) | 6° prefixed (zones 13–23) | 6° by CM (75E–135E) | geographic |
 * |--------------|---------------------------|---------------------|---------------------------|---------------------|------------|
 * | CGCS2000     | 4513–4533                 | 4534–4554           | 4491–4501                 | 4502–4512           | 4490       |
 * | Beijing 1954 | 2401–2421                 | 2422–2442           | 21413–21423               | 21453–21463         | 4214       |
 * | Xian 1980    | 2349–2369                 | 2370–2390           | 2327–2337                 | 2338–2348           | 4610       |
 *
 * Zone rule (domain.md §3): 3° zone n has central meridian 3n; 6° zone n has central meridian 6n − 3.
 * False easting 500 000 m, or zone × 1 000 000 + 500 000 m in the prefixed form. Scale 1, latitude of
 * origin 0, false northing 0.
 *
 * EPSG:4326 (and CRS84) is accepted as a geographic CRS *treated as CGCS2000*: the two frames agree to a
 * few centimetres in China today (well under a decimetre), far below the precision of land-survey polygons.
 */
import { CrsError } from '../errors.js';
import type { Crs, Datum } from './types.js';
import { DATUM_LABEL, ELLIPSOID_BY_DATUM, INVERSE_FLATTENING_TEXT } from './ellipsoids.js';

/** The false easting of an unprefixed Gauss–Krüger zone, in metres. */
export const GK_FALSE_EASTING = 500_000;
/** Eastings of zone-prefixed CRSs carry the zone number in the millions: zone 39 → 39 500 000. */
export const ZONE_PREFIX_UNIT = 1_000_000;

interface GkFamily {
  readonly datum: Datum;
  readonly width: 3 | 6;
  readonly prefixed: boolean;
  /** EPSG code of the westernmost zone (3°: zone 25, CM 75E; 6°: zone 13, CM 75E). */
  readonly firstCode: number;
}

const FIRST_ZONE: Readonly<Record<3 | 6, number>> = { 3: 25, 6: 13 };
const LAST_ZONE: Readonly<Record<3 | 6, number>> = { 3: 45, 6: 23 };

// Order matters: the 3° families come first, so that where a 3° and a 6° "CM" CRS have identical
// parameters (every 6° central meridian 6n − 3 is also a 3° one), parameter lookup finds the 3° CRS.
// County survey data (三调, 年度变更) are kept in 3° zones.
const FAMILIES: readonly GkFamily[] = [
  { datum: 'CGCS2000', width: 3, prefixed: true, firstCode: 4513 },
  { datum: 'CGCS2000', width: 3, prefixed: false, firstCode: 4534 },
  { datum: 'CGCS2000', width: 6, prefixed: true, firstCode: 4491 },
  { datum: 'CGCS2000', width: 6, prefixed: false, firstCode: 4502 },
  { datum: 'Beijing1954', width: 3, prefixed: true, firstCode: 2401 },
  { datum: 'Beijing1954', width: 3, prefixed: false, firstCode: 2422 },
  { datum: 'Beijing1954', width: 6, prefixed: true, firstCode: 21413 },
  { datum: 'Beijing1954', width: 6, prefixed: false, firstCode: 21453 },
  { datum: 'Xian1980', width: 3, prefixed: true, firstCode: 2349 },
  { datum: 'Xian1980', width: 3, prefixed: false, firstCode: 2370 },
  { datum: 'Xian1980', width: 6, prefixed: true, firstCode: 2327 },
  { datum: 'Xian1980', width: 6, prefixed: false, firstCode: 2338 },
];

interface GeographicEntry {
  readonly epsg: number;
  readonly name: string;
  readonly datum: Datum;
}

const GEOGRAPHIC: readonly GeographicEntry[] = [
  { epsg: 4490, name: 'China Geodetic Coordinate System 2000', datum: 'CGCS2000' },
  { epsg: 4214, name: 'Beijing 1954', datum: 'Beijing1954' },
  { epsg: 4610, name: 'Xian 1980', datum: 'Xian1980' },
  { epsg: 4326, name: 'WGS 84 (treated as CGCS2000)', datum: 'CGCS2000' },
];

/** Central meridian of a zone: 3° zone n → 3n; 6° zone n → 6n − 3 (domain.md §3). */
export function centralMeridianOfZone(zone: number, width: 3 | 6): number {
  return width === 3 ? 3 * zone : 6 * zone - 3;
}

function ellipsoidProj4(datum: Datum): string {
  return `+a=${ELLIPSOID_BY_DATUM[datum].a} +rf=${INVERSE_FLATTENING_TEXT[datum]}`;
}

function geographicProj4(datum: Datum): string {
  return `+proj=longlat ${ellipsoidProj4(datum)} +no_defs`;
}

function gaussKrugerProj4(datum: Datum, centralMeridian: number, falseEasting: number): string {
  return (
    `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 ` +
    `${ellipsoidProj4(datum)} +units=m +no_defs`
  );
}

/**
 * Snap a value that is a float-noise away from a round one (116.99999999999999 → 117). Only values within
 * `tolerance` of the `step` grid move, so a genuine custom meridian such as 117.3333333333 (117°20′) stays.
 */
function snap(value: number, step: number, tolerance: number): number {
  const rounded = Math.round(value / step) * step;
  return Math.abs(value - rounded) <= tolerance ? Number(rounded.toFixed(12)) : value;
}

const snapMeridian = (cm: number): number => snap(cm, 1e-6, 1e-11);
const snapEasting = (fe: number): number => snap(fe, 1e-3, 1e-7);

/** The zone number encoded in a false easting (39 500 000 → 39), or null for an unprefixed one. */
function zonePrefixOf(falseEasting: number): number | null {
  const rest = falseEasting - GK_FALSE_EASTING;
  if (rest < ZONE_PREFIX_UNIT || rest % ZONE_PREFIX_UNIT !== 0) return null;
  return rest / ZONE_PREFIX_UNIT;
}

function formatCm(cm: number): string {
  return cm >= 0 ? `${cm}E` : `${-cm}W`;
}

function registeredGkName(f: GkFamily, zone: number, cm: number): string {
  const family = `${DATUM_LABEL[f.datum]} / ${f.width === 3 ? '3-degree ' : ''}Gauss-Kruger`;
  return f.prefixed ? `${family} zone ${zone}` : `${family} CM ${formatCm(cm)}`;
}

function buildGk(
  datum: Datum,
  centralMeridian: number,
  falseEasting: number,
  epsg: number | null,
  name: string,
  widthHint: 3 | 6 | undefined,
): Crs {
  const prefix = zonePrefixOf(falseEasting);
  let zoneWidth = widthHint;
  if (zoneWidth === undefined && prefix !== null) {
    if (centralMeridianOfZone(prefix, 3) === centralMeridian) zoneWidth = 3;
    else if (centralMeridianOfZone(prefix, 6) === centralMeridian) zoneWidth = 6;
  }
  let zone: number | undefined = prefix ?? undefined;
  if (zone === undefined && zoneWidth !== undefined) {
    const z = zoneWidth === 3 ? centralMeridian / 3 : (centralMeridian + 3) / 6;
    if (Number.isInteger(z)) zone = z;
  }
  return Object.freeze({
    epsg,
    name,
    datum,
    ellipsoid: ELLIPSOID_BY_DATUM[datum],
    kind: 'projected' as const,
    ...(zoneWidth !== undefined ? { zoneWidth } : {}),
    ...(zone !== undefined ? { zone } : {}),
    centralMeridian,
    falseEasting,
    zonePrefixed: prefix !== null,
    proj4: gaussKrugerProj4(datum, centralMeridian, falseEasting),
  });
}

function buildGeographic(entry: GeographicEntry): Crs {
  return Object.freeze({
    epsg: entry.epsg,
    name: entry.name,
    datum: entry.datum,
    ellipsoid: ELLIPSOID_BY_DATUM[entry.datum],
    kind: 'geographic' as const,
    proj4: geographicProj4(entry.datum),
  });
}

function paramKey(datum: Datum, centralMeridian: number, falseEasting: number): string {
  return `${datum}|${centralMeridian}|${falseEasting}`;
}

interface Registry {
  readonly byCode: ReadonlyMap<number, Crs>;
  /** Registered projected CRSs by datum, CM and false easting; several when 3° and 6° CM forms coincide. */
  readonly byParams: ReadonlyMap<string, readonly Crs[]>;
  readonly geographicByDatum: ReadonlyMap<Datum, Crs>;
}

let registry: Registry | undefined;

function getRegistry(): Registry {
  if (registry) return registry;
  const byCode = new Map<number, Crs>();
  const byParams = new Map<string, Crs[]>();
  const geographicByDatum = new Map<Datum, Crs>();
  for (const f of FAMILIES) {
    for (let zone = FIRST_ZONE[f.width]; zone <= LAST_ZONE[f.width]; zone++) {
      const cm = centralMeridianOfZone(zone, f.width);
      const fe = f.prefixed ? zone * ZONE_PREFIX_UNIT + GK_FALSE_EASTING : GK_FALSE_EASTING;
      const code = f.firstCode + zone - FIRST_ZONE[f.width];
      const crs = buildGk(f.datum, cm, fe, code, registeredGkName(f, zone, cm), f.width);
      byCode.set(code, crs);
      const key = paramKey(f.datum, cm, fe);
      const list = byParams.get(key);
      if (list) list.push(crs);
      else byParams.set(key, [crs]);
    }
  }
  for (const g of GEOGRAPHIC) {
    const crs = buildGeographic(g);
    byCode.set(g.epsg, crs);
    if (!geographicByDatum.has(g.datum)) geographicByDatum.set(g.datum, crs);
  }
  registry = { byCode, byParams, geographicByDatum };
  return registry;
}

/** Text listing the supported EPSG codes, for error messages. */
export function supportedCodesText(): string {
  const parts: string[] = [];
  for (const datum of ['CGCS2000', 'Beijing1954', 'Xian1980'] as const) {
    const geo = GEOGRAPHIC.find((g) => g.datum === datum)!;
    const ranges = FAMILIES.filter((f) => f.datum === datum).map((f) => {
      const last = f.firstCode + LAST_ZONE[f.width] - FIRST_ZONE[f.width];
      const what = f.prefixed
        ? `zones ${FIRST_ZONE[f.width]}–${LAST_ZONE[f.width]}, zone-prefixed`
        : 'CM 75E–135E';
      return `${f.firstCode}–${last} (${f.width}° ${what})`;
    });
    parts.push(`${DATUM_LABEL[datum]}: ${geo.epsg} (geographic), ${ranges.join(', ')}`);
  }
  parts.push('WGS 84: 4326 / CRS84 (lon/lat, treated as CGCS2000)');
  return parts.join('; ');
}

/** Whether tuban has a definition for this EPSG code. */
export function isSupportedEpsg(code: number): boolean {
  return getRegistry().byCode.has(code);
}

/**
 * The CRS registered under an EPSG code.
 *
 * @throws CrsError for a code tuban does not know; the message lists the supported ranges.
 * @example
 * crsFromEpsg(4527).falseEasting; // 39 500 000 (CGCS2000 / 3-degree Gauss-Kruger zone 39, CM 117E)
 */
export function crsFromEpsg(code: number): Crs {
  const crs = Number.isInteger(code) ? getRegistry().byCode.get(code) : undefined;
  if (!crs) {
    throw new CrsError(
      `EPSG:${code} is not a supported coordinate reference system. Supported EPSG codes: ` +
        `${supportedCodesText()}. A Gauss–Krüger CRS without an EPSG code can be given as .prj (WKT) text.`,
    );
  }
  return crs;
}

/** The geographic (lon/lat) CRS of a datum: 4490, 4214 or 4610. */
export function geographicCrs(datum: Datum): Crs {
  return getRegistry().geographicByDatum.get(datum)!;
}

/**
 * Registered Gauss–Krüger CRSs with exactly these parameters, best first: `preferEpsg` if among them,
 * then the `preferWidth` family, then the 3° one.
 */
export function findRegisteredGk(
  datum: Datum,
  centralMeridian: number,
  falseEasting: number,
  prefer: { epsg?: number | null; width?: 3 | 6 } = {},
): Crs | null {
  const key = paramKey(datum, snapMeridian(centralMeridian), snapEasting(falseEasting));
  const list = getRegistry().byParams.get(key);
  if (!list) return null;
  return (
    list.find((c) => prefer.epsg != null && c.epsg === prefer.epsg) ??
    list.find((c) => prefer.width !== undefined && c.zoneWidth === prefer.width) ??
    list[0]
  );
}

/** Parameters of a Gauss–Krüger CRS (transverse Mercator, k = 1, latitude of origin 0, false northing 0). */
export interface GaussKrugerParams {
  /** Central meridian, degrees east. */
  readonly centralMeridian: number;
  /** False easting in metres, including any zone prefix. Default 500 000. */
  readonly falseEasting?: number;
  /** Default CGCS2000. */
  readonly datum?: Datum;
  /** Which family to prefer when a 3° and a 6° registered CRS share the parameters. Default 3. */
  readonly zoneWidth?: 3 | 6;
  /** Name for a CRS that has no EPSG code; a descriptive one is generated otherwise. */
  readonly name?: string;
}

/**
 * A Gauss–Krüger CRS from its parameters. Returns the registered EPSG CRS when the parameters match one
 * exactly, else a custom CRS with `epsg: null` (e.g. a local central meridian such as 117°30′E).
 *
 * @example
 * gaussKrugerCrs({ centralMeridian: 117, falseEasting: 39_500_000 }).epsg; // 4527
 * gaussKrugerCrs({ centralMeridian: 117.5 }).epsg; // null
 */
export function gaussKrugerCrs(params: GaussKrugerParams): Crs {
  const datum = params.datum ?? 'CGCS2000';
  const rawFe = params.falseEasting ?? GK_FALSE_EASTING;
  if (!Number.isFinite(params.centralMeridian) || Math.abs(params.centralMeridian) > 180) {
    throw new CrsError(
      `A Gauss–Krüger central meridian must be a longitude in [-180, 180] degrees; found ${params.centralMeridian}.`,
    );
  }
  if (!Number.isFinite(rawFe)) {
    throw new CrsError(`A Gauss–Krüger false easting must be a finite number of metres; found ${rawFe}.`);
  }
  const cm = snapMeridian(params.centralMeridian);
  const fe = snapEasting(rawFe);
  const registered = findRegisteredGk(datum, cm, fe, params.zoneWidth ? { width: params.zoneWidth } : {});
  if (registered) return registered;
  const name =
    params.name ??
    `${DATUM_LABEL[datum]} / Gauss-Kruger CM ${formatCm(cm)}, false easting ${fe} m (no EPSG code)`;
  return buildGk(datum, cm, fe, null, name, params.zoneWidth);
}

/**
 * Whether two CRSs describe the same coordinates: same kind, datum and ellipsoid, and for projected CRSs
 * the same central meridian and false easting. Names and EPSG codes are not compared, so EPSG:4509 (6°,
 * CM 117E) equals EPSG:4548 (3°, CM 117E), and EPSG:4326 equals EPSG:4490 (treated alike).
 *
 * @example
 * sameCrs(crsFromEpsg(4509), crsFromEpsg(4548)); // true
 */
export function sameCrs(a: Crs, b: Crs): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.datum !== b.datum) return false;
  if (a.ellipsoid.a !== b.ellipsoid.a || Math.abs(a.ellipsoid.f - b.ellipsoid.f) > 1e-15) return false;
  if (a.kind === 'geographic') return true;
  return (
    a.centralMeridian !== undefined &&
    b.centralMeridian !== undefined &&
    Math.abs(a.centralMeridian - b.centralMeridian) <= 1e-12 &&
    a.falseEasting !== undefined &&
    b.falseEasting !== undefined &&
    Math.abs(a.falseEasting - b.falseEasting) <= 1e-9
  );
}

const NAME_DATUM: readonly [RegExp, Datum][] = [
  [/^(cgcs ?2000|china ?2000|china geodetic coordinate system 2000)$/, 'CGCS2000'],
  [/^beijing ?1954$/, 'Beijing1954'],
  [/^xi'?an ?1980$/, 'Xian1980'],
];

const GEOGRAPHIC_NAMES: ReadonlyMap<string, number> = new Map([
  ['gcs china geodetic coordinate system 2000', 4490],
  ['china geodetic coordinate system 2000', 4490],
  ['cgcs2000', 4490],
  ['gcs cgcs2000', 4490],
  ['gcs beijing 1954', 4214],
  ['beijing 1954', 4214],
  ['gcs xian 1980', 4610],
  ['xian 1980', 4610],
  ['wgs 84', 4326],
  ['wgs84', 4326],
  ['wgs 1984', 4326],
  ['gcs wgs 1984', 4326],
]);

// "<datum> / [3-degree ]Gauss-Kruger zone 39" (EPSG) or "<Datum>_[3_Degree_]GK_Zone_39" (ESRI), also
// "… CM 117E"; ESRI's "Beijing_1954_GK_Zone_20N" is the unprefixed (CM) form of zone 20.
const GK_NAME =
  /^(.+?) ?(?:\/ ?)?(?:(3|6)[ -]degree )?(?:gauss-kruger|gauss kruger|gk) (?:zone (\d+)(n?)|cm (\d+)e)$/;

function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/ü/g, 'u')
    .replace(/krueger/g, 'kruger')
    .replace(/[_\s]+/g, ' ');
}

/**
 * The registered CRS an EPSG or ESRI name denotes (`CGCS2000 / 3-degree Gauss-Kruger zone 39`,
 * `CGCS2000_3_Degree_GK_CM_117E`, `GCS_China_Geodetic_Coordinate_System_2000`, …), or null.
 */
export function crsFromName(name: string): Crs | null {
  const n = normaliseName(name);
  const geo = GEOGRAPHIC_NAMES.get(n);
  if (geo !== undefined) return crsFromEpsg(geo);
  const m = GK_NAME.exec(n);
  if (!m) return null;
  const datum = NAME_DATUM.find(([re]) => re.test(m[1]))?.[1];
  if (!datum) return null;
  const width: 3 | 6 = m[2] === '3' ? 3 : 6;
  let cm: number;
  let fe = GK_FALSE_EASTING;
  if (m[3] !== undefined) {
    const zone = Number(m[3]);
    cm = centralMeridianOfZone(zone, width);
    if (m[4] !== 'n') fe = zone * ZONE_PREFIX_UNIT + GK_FALSE_EASTING;
  } else {
    cm = Number(m[5]);
  }
  const found = findRegisteredGk(datum, cm, fe, { width });
  // A name like "…_GK_CM_78E" (6°) names no registered CRS even though 3° CM 78E exists: reject it.
  return found && found.zoneWidth === width ? found : null;
}
