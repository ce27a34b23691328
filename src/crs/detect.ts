/**
 * Deciding which CRS a layer is in: zone arithmetic, the last-resort guess from coordinate ranges, the
 * plausibility check of a declared CRS against the coordinates, and the precedence between an explicit
 * option, the file's own declaration and the coordinates.
 */
import { CrsError } from '../errors.js';
import type { Crs, Datum } from './types.js';
import { crsFromGeoJSON, parseCrs } from './parse.js';
import {
  GK_FALSE_EASTING,
  ZONE_PREFIX_UNIT,
  centralMeridianOfZone,
  crsFromEpsg,
  findRegisteredGk,
  gaussKrugerCrs,
  geographicCrs,
  sameCrs,
} from './registry.js';

/** minX, minY, maxX, maxY. */
export type BBox = readonly [number, number, number, number];

/**
 * The Gauss–Krüger zone containing a longitude (domain.md §3; GB/T 17798 zoning, eastern hemisphere):
 * 3° zones: n = round(L / 3), CM = 3n; 6° zones: n = round((L + 3) / 6), CM = 6n − 3.
 *
 * Boundaries: rounding is half-up (`floor(x + 0.5)`), so a longitude exactly on a zone boundary belongs to
 * the zone to its EAST: 118.5°E → 3° zone 40 (CM 120), 114°E → 6° zone 20 (CM 117). Zones are therefore
 * the half-open intervals [CM − w/2, CM + w/2), which for 6° zones is the classical n = floor(L/6) + 1.
 * The divisions are exact on boundaries (118.5 / 3 = 39.5, (114 + 3) / 6 = 19.5 are representable).
 *
 * @throws CrsError for a longitude outside [0, 180) or a width other than 3 or 6.
 * @example
 * gaussKrugerZoneFor(118.1, 3); // { zone: 39, centralMeridian: 117 }
 * gaussKrugerZoneFor(118.1, 6); // { zone: 20, centralMeridian: 117 }
 */
export function gaussKrugerZoneFor(lon: number, width: 3 | 6): { zone: number; centralMeridian: number } {
  if (width !== 3 && width !== 6) throw new CrsError(`Zone width must be 3 or 6 degrees; found ${String(width)}.`);
  if (!Number.isFinite(lon) || lon < 0 || lon >= 180) {
    throw new CrsError(`Gauss–Krüger zone numbering is defined for longitudes in [0, 180) degrees east; found ${lon}.`);
  }
  const zone = width === 3 ? Math.floor(lon / 3 + 0.5) : Math.floor((lon + 3) / 6 + 0.5);
  return { zone, centralMeridian: centralMeridianOfZone(zone, width) };
}

// China's rough extent for recognising lon/lat data (domain brief: 70–140°E, 0–60°N).
const CHINA = { minLon: 70, maxLon: 140, minLat: 0, maxLat: 60 } as const;
// Northings of Gauss–Krüger coordinates in China: 0–60°N is 0 … 6.65e6 m.
const MAX_CHINA_NORTHING = 7_000_000;
// Eastings lie well within 500 km of the false easting: a 6° zone is ±334 km wide at the equator, less
// further north. Beyond this the data cannot be in the zone (and a prefix would change).
const MAX_OFFSET_FROM_CM = 500_000;

function finiteBBox(b: BBox): boolean {
  return b.every(Number.isFinite) && b[0] <= b[2] && b[1] <= b[3];
}

function looksLonLat(b: BBox): boolean {
  return b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90;
}

function insideChina(b: BBox): boolean {
  return b[0] >= CHINA.minLon && b[2] <= CHINA.maxLon && b[1] >= CHINA.minLat && b[3] <= CHINA.maxLat;
}

/** The CGCS2000 prefixed-zone EPSG code for a zone number, or null: 25–45 → 3°, 13–23 → 6°. */
function prefixedZoneCode(zone: number): number | null {
  if (zone >= 25 && zone <= 45) return 4513 + zone - 25;
  if (zone >= 13 && zone <= 23) return 4491 + zone - 13;
  return null;
}

/**
 * Last-resort guess of a layer's CRS from its bounding box, or null when the coordinates cannot decide.
 *
 * - lon/lat ranges inside China (70–140°E, 0–60°N) → EPSG:4490;
 * - 8-digit eastings (x ≥ 10 000 000, all in one million-block) → zone = floor(x / 1 000 000): zones 25–45
 *   are 3° zones (EPSG 4513–4533), zones 13–23 are 6° zones (EPSG 4491–4501). The prefix cannot be
 *   ambiguous: 6° zones covering China are numbered 13–23 (72–138°E) and 3° zones 25–45 (73.5–136.5°E);
 *   the two ranges do not overlap, so a prefix names exactly one zone of one family;
 * - 6-digit eastings (no zone number) → null: the central meridian is unknowable from the numbers.
 *
 * The datum cannot be seen in coordinates; CGCS2000 (mandatory since 2018) is assumed.
 *
 * @example
 * detectCrsFromCoordinates([39_598_000, 3_941_000, 39_612_000, 3_952_000])?.epsg; // 4527
 * detectCrsFromCoordinates([598_000, 3_941_000, 612_000, 3_952_000]); // null
 */
export function detectCrsFromCoordinates(bbox: BBox): Crs | null {
  if (!finiteBBox(bbox)) return null;
  if (looksLonLat(bbox)) return insideChina(bbox) ? crsFromEpsg(4490) : null;
  const [minX, minY, maxX, maxY] = bbox;
  if (minY < 0 || maxY > MAX_CHINA_NORTHING) return null;
  if (minX < 10 * ZONE_PREFIX_UNIT || maxX >= 100 * ZONE_PREFIX_UNIT) return null;
  const zone = Math.floor(minX / ZONE_PREFIX_UNIT);
  if (Math.floor(maxX / ZONE_PREFIX_UNIT) !== zone) return null;
  const code = prefixedZoneCode(zone);
  return code === null ? null : crsFromEpsg(code);
}

/** A coordinate for a message: up to 3 decimals, no grouping (39598000.125). */
export function formatCoordinate(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 3, useGrouping: false });
}
const fmt = formatCoordinate;

function rangesText(b: BBox): string {
  return `x ${fmt(b[0])} … ${fmt(b[2])}, y ${fmt(b[1])} … ${fmt(b[3])}`;
}

/** Why the coordinates alone do not decide the CRS (used in error messages). */
function undecidableReason(b: BBox): string {
  if (!finiteBBox(b)) return 'there are no coordinates to look at';
  const ranges = `the coordinates (${rangesText(b)})`;
  if (looksLonLat(b)) return `${ranges} look like longitude/latitude but lie outside China (70–140°E, 0–60°N)`;
  const [minX, minY, maxX, maxY] = b;
  if (minX >= 10 * ZONE_PREFIX_UNIT && maxX < 100 * ZONE_PREFIX_UNIT) {
    const z0 = Math.floor(minX / ZONE_PREFIX_UNIT);
    const z1 = Math.floor(maxX / ZONE_PREFIX_UNIT);
    if (z0 !== z1) return `${ranges} have eastings with different zone prefixes (${z0} … ${z1})`;
    if (prefixedZoneCode(z0) === null) {
      return `${ranges} have zone prefix ${z0}, which is neither a 3° zone (25–45) nor a 6° zone (13–23) of China`;
    }
    if (minY < 0 || maxY > MAX_CHINA_NORTHING) {
      return `${ranges} have northings outside China's 0 … ${fmt(MAX_CHINA_NORTHING)} m (are x and y swapped?)`;
    }
  }
  if (minX >= 0 && maxX < ZONE_PREFIX_UNIT) {
    return `${ranges} have 6-digit eastings, which carry no zone number, so the central meridian is unknown`;
  }
  if (minY >= 10 * ZONE_PREFIX_UNIT && maxY < 100 * ZONE_PREFIX_UNIT && minX >= 0 && maxX <= MAX_CHINA_NORTHING) {
    return `${ranges} look like northing/easting with x and y swapped`;
  }
  return `${ranges} look neither like longitude/latitude nor like Gauss–Krüger eastings/northings`;
}

/**
 * Check that a layer's bounding box can be in a CRS; throws when it cannot (e.g. 6-digit eastings with a
 * zone-prefixed CRS, 8-digit eastings with an unprefixed one, metres with a geographic CRS, x/y swapped).
 * Eastings must lie within 500 km of the false easting (Gauss–Krüger zones are ±334 km wide at most).
 * An empty or non-finite bbox passes.
 *
 * @throws CrsError naming the CRS, the coordinate ranges and a likely fix.
 * @example
 * checkBBoxFitsCrs([598_000, 3_941_000, 612_000, 3_952_000], crsFromEpsg(4527)); // throws: 6-digit eastings
 */
export function checkBBoxFitsCrs(bbox: BBox, crs: Crs, options: { file?: string } = {}): void {
  if (!finiteBBox(bbox)) return;
  // Only on failure: formatting numbers for the message costs ~15 ms the first time (ICU start-up).
  const head = () => lead(options.file, `the coordinates (${rangesText(bbox)}) cannot be in ${label(crs)}`);
  if (crs.kind === 'geographic') {
    if (!looksLonLat(bbox)) {
      throw new CrsError(`${head()}: longitude/latitude lie within ±180 / ±90 degrees. ${suggestion(bbox, crs)}`);
    }
    return;
  }
  const fe = crs.falseEasting ?? GK_FALSE_EASTING;
  const [minX, , maxX] = bbox;
  if (minX >= fe - MAX_OFFSET_FROM_CM && maxX <= fe + MAX_OFFSET_FROM_CM) return;
  throw new CrsError(`${head()}: eastings in that CRS lie within 500 km of its false easting ${fmt(fe)}. ${suggestion(bbox, crs)}`);
}

/** What the coordinates look like, on the declared CRS's datum (coordinates cannot show the datum). */
function guessOnDatum(bbox: BBox, datum: Datum): Crs | null {
  const guess = detectCrsFromCoordinates(bbox);
  if (!guess || guess.datum === datum) return guess;
  if (guess.kind === 'geographic') return geographicCrs(datum);
  return findRegisteredGk(datum, guess.centralMeridian!, guess.falseEasting!, {
    ...(guess.zoneWidth !== undefined ? { width: guess.zoneWidth } : {}),
  });
}

function suggestion(bbox: BBox, crs: Crs): string {
  const guess = guessOnDatum(bbox, crs.datum);
  if (guess) return `The coordinates look like ${label(guess)}; declare it with --crs EPSG:${guess.epsg}.`;
  if (crs.zonePrefixed && crs.centralMeridian !== undefined && bbox[0] >= 0 && bbox[2] < ZONE_PREFIX_UNIT) {
    const unprefixed = findRegisteredGk(crs.datum, crs.centralMeridian, GK_FALSE_EASTING, {
      ...(crs.zoneWidth !== undefined ? { width: crs.zoneWidth } : {}),
    });
    if (unprefixed?.epsg) {
      return `6-digit eastings are the unprefixed form: declare --crs EPSG:${unprefixed.epsg} (${unprefixed.name}).`;
    }
  }
  return `${capitalise(undecidableReason(bbox))}. Declare the CRS the data are really in.`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "file: sentence", or the sentence capitalised when there is no file name. */
function lead(file: string | undefined, sentence: string): string {
  return file ? `${file}: ${sentence}` : capitalise(sentence);
}

/**
 * The CGCS2000 (or `datum`) 3° Gauss–Krüger zone, zone-prefixed form, for lon/lat data: the zone of the
 * bbox centre's longitude (EPSG 4513–4533 for CGCS2000 in China; a custom prefixed zone elsewhere).
 *
 * @throws CrsError when the bbox is not longitude/latitude.
 * @example
 * crsForGeographicLayer([118.0, 35.5, 118.2, 35.7]).epsg; // 4527 (zone 39)
 */
export function crsForGeographicLayer(bbox: BBox, options: { datum?: Datum } = {}): Crs {
  if (!finiteBBox(bbox) || !looksLonLat(bbox)) {
    throw new CrsError(`Expected a longitude/latitude bounding box; found ${finiteBBox(bbox) ? rangesText(bbox) : 'no coordinates'}.`);
  }
  const { zone, centralMeridian } = gaussKrugerZoneFor((bbox[0] + bbox[2]) / 2, 3);
  return gaussKrugerCrs({
    datum: options.datum ?? 'CGCS2000',
    centralMeridian,
    falseEasting: zone * ZONE_PREFIX_UNIT + GK_FALSE_EASTING,
    zoneWidth: 3,
  });
}

/** Where a resolved CRS came from. */
export type CrsSource = 'option' | 'geojson' | 'prj' | 'coordinates';

/** What the caller knows about a layer's CRS. */
export interface CrsSources {
  /** An explicit choice (CLI `--crs`, API option): text as `parseCrs` reads it, an EPSG code, or a Crs. */
  readonly option?: string | number | Crs;
  /** The parsed GeoJSON object, whose 2008-style `crs` member is read. */
  readonly geojson?: unknown;
  /** The Shapefile's `.prj` text. */
  readonly prj?: string;
  /** The layer's bounding box, for the last-resort guess and the plausibility check. */
  readonly bbox?: BBox;
}

export interface ResolvedCrs {
  readonly crs: Crs;
  readonly from: CrsSource;
  /** Things the user should see: an explicit option overriding a different file declaration, a guess. */
  readonly warnings: readonly string[];
}

function crsFromOption(option: string | number | Crs): Crs {
  if (typeof option === 'number') return crsFromEpsg(option);
  if (typeof option === 'string') return parseCrs(option);
  return option;
}

type Declared = { crs: Crs; from: 'geojson' | 'prj' } | { error: CrsError; from: 'geojson' | 'prj' };

function readDeclarations(sources: CrsSources): Declared[] {
  const out: Declared[] = [];
  const attempt = (from: 'geojson' | 'prj', read: () => Crs | null): void => {
    try {
      const crs = read();
      if (crs) out.push({ crs, from });
    } catch (e) {
      if (!(e instanceof CrsError)) throw e;
      out.push({ error: e, from });
    }
  };
  if (sources.geojson !== undefined) attempt('geojson', () => crsFromGeoJSON(sources.geojson));
  if (sources.prj !== undefined && sources.prj.trim() !== '') attempt('prj', () => parseCrs(sources.prj!));
  return out;
}

function label(crs: Crs): string {
  return crs.epsg ? `${crs.name} (EPSG:${crs.epsg})` : crs.name;
}

const SOURCE_LABEL: Readonly<Record<'geojson' | 'prj', string>> = {
  geojson: 'its GeoJSON "crs" member',
  prj: 'its .prj',
};

/**
 * Decide a layer's CRS. Precedence: explicit option, then the GeoJSON `crs` member, then the `.prj`, then
 * the coordinates (`detectCrsFromCoordinates`). An explicit option wins over a different file declaration
 * (with a warning). The chosen CRS is checked against the bbox (`checkBBoxFitsCrs`).
 *
 * @throws CrsError when nothing decides the CRS — the message says what was found and how to declare it
 *   (`--crs EPSG:4527`, a .prj, or a GeoJSON crs member) — when a file declaration is unreadable and no
 *   option overrides it, or when the coordinates cannot be in the chosen CRS.
 * @example
 * resolveCrs({ prj: wkt, bbox }, { file: 'landuse.shp' }); // { crs: EPSG:4527, from: 'prj', warnings: [] }
 */
export function resolveCrs(sources: CrsSources, options: { file?: string } = {}): ResolvedCrs {
  const say = (sentence: string): string => lead(options.file, sentence);
  const declared = readDeclarations(sources);
  const warnings: string[] = [];
  const fits = (crs: Crs): void => {
    if (sources.bbox) checkBBoxFitsCrs(sources.bbox, crs, options);
  };

  if (sources.option !== undefined) {
    const crs = crsFromOption(sources.option);
    for (const d of declared) {
      if ('error' in d) {
        warnings.push(say(`${SOURCE_LABEL[d.from]} could not be read (${d.error.message}); using the explicit CRS ${label(crs)}.`));
      } else if (!sameCrs(d.crs, crs)) {
        warnings.push(say(`${SOURCE_LABEL[d.from]} declares ${label(d.crs)}, but the explicit CRS ${label(crs)} is used.`));
      }
    }
    fits(crs);
    return { crs, from: 'option', warnings };
  }

  const first = declared[0];
  if (first) {
    if ('error' in first) throw new CrsError(options.file ? `${options.file}: ${first.error.message}` : first.error.message);
    for (const d of declared.slice(1)) {
      if ('crs' in d && !sameCrs(d.crs, first.crs)) {
        warnings.push(say(`${SOURCE_LABEL[d.from]} declares ${label(d.crs)}, but ${SOURCE_LABEL[first.from]} (${label(first.crs)}) is used.`));
      }
    }
    fits(first.crs);
    return { crs: first.crs, from: first.from, warnings };
  }

  const guess = sources.bbox ? detectCrsFromCoordinates(sources.bbox) : null;
  if (guess) {
    warnings.push(
      say(
        `no CRS declared; ${label(guess)} was inferred from the coordinates (${rangesText(sources.bbox!)})` +
          `${guess.kind === 'projected' ? ', assuming the CGCS2000 datum' : ''}. Declare it (--crs EPSG:${guess.epsg}) to silence this.`,
      ),
    );
    return { crs: guess, from: 'coordinates', warnings };
  }
  throw new CrsError(
    say(`cannot tell the coordinate reference system: there is no explicit CRS, no GeoJSON "crs" member and `) +
      `no .prj, and ${sources.bbox ? undecidableReason(sources.bbox) : 'no coordinates were given'}. ` +
      `Declare it with --crs EPSG:<code> (e.g. --crs EPSG:4527 for CGCS2000 3° zone 39 with zone prefix, ` +
      `EPSG:4548 for CM 117E without), a .prj file next to the .shp, or a GeoJSON "crs" member such as ` +
      `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4527"}}.`,
  );
}
