/**
 * Reading CRS declarations: EPSG identifiers in their usual spellings, WKT 1 (OGC and ESRI `.prj`
 * flavours) and WKT 2 (ISO 19162), and the 2008-style GeoJSON `crs` member.
 *
 * Policy for WKT: the projection *parameters* define the CRS, because that is what GIS software computes
 * with. The registered EPSG CRS with exactly those parameters is returned (3° and 6° "CM" forms share
 * parameters; the WKT's EPSG code, else its name, picks between them, else the 3° one). A WKT whose own
 * EPSG code contradicts its parameters is refused. A parameter set that matches no EPSG code gives a custom
 * CRS (`epsg: null`). WKT `TOWGS84` clauses are ignored on purpose: `.prj` files exported from CRS
 * catalogues carry one of several regional Beijing 1954 shifts chosen arbitrarily, so using them would
 * silently move data by metres; datum shifts must be supplied explicitly (see `transformCoords`).
 */
import { CrsError } from '../errors.js';
import type { Crs, Datum } from './types.js';
import { DATUM_LABEL, datumOfEllipsoid, matchEllipsoid } from './ellipsoids.js';
import {
  crsFromEpsg,
  crsFromName,
  findRegisteredGk,
  gaussKrugerCrs,
  geographicCrs,
  isSupportedEpsg,
  sameCrs,
} from './registry.js';

// ---------------------------------------------------------------------------------------------------
// WKT syntax (shared by WKT 1 and WKT 2): KEYWORD[arg, arg, …] with "quoted" strings ("" escapes a
// quote), numbers, bare enumeration words and nested keywords; ( ) may stand for [ ].

type WktArg =
  | WktNode
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'word'; readonly value: string };

interface WktNode {
  readonly kind: 'node';
  /** Upper-cased keyword. */
  readonly keyword: string;
  readonly args: readonly WktArg[];
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Parse WKT text into a tree. @throws CrsError naming the position and what was expected. */
function parseWktTree(text: string): WktNode {
  let i = 0;
  const found = (): string => (i >= text.length ? 'end of text' : JSON.stringify(text.slice(i, i + 20)));
  const fail = (expected: string): never => {
    throw new CrsError(`Malformed WKT at character ${i}: expected ${expected}, found ${found()}.`);
  };
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const word = (): string | null => {
    WORD.lastIndex = i;
    const m = WORD.exec(text);
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) fail('a closing quote');
      out += text.slice(i, q);
      i = q + 1;
      if (text[i] !== '"') return out;
      out += '"';
      i++;
    }
  };
  const node = (keyword: string): WktNode => {
    const open = text[i];
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktArg[] = [];
    skipSpace();
    if (text[i] === close) {
      i++;
      return { kind: 'node', keyword: keyword.toUpperCase(), args };
    }
    for (;;) {
      skipSpace();
      args.push(arg());
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return { kind: 'node', keyword: keyword.toUpperCase(), args };
      }
      fail(`"," or "${close}"`);
    }
  };
  const arg = (): WktArg => {
    const c = text[i];
    if (c === '"') return { kind: 'string', value: quoted() };
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      i += num[0].length;
      return { kind: 'number', value: Number(num[0]) };
    }
    const w = word();
    if (w === null) return fail('a quoted string, a number or a keyword');
    skipSpace();
    if (text[i] === '[' || text[i] === '(') return node(w);
    return { kind: 'word', value: w };
  };

  skipSpace();
  const kw = word();
  skipSpace();
  if (kw === null || (text[i] !== '[' && text[i] !== '(')) fail('a WKT keyword such as PROJCS[ or PROJCRS[');
  const root = node(kw!);
  skipSpace();
  if (i < text.length) fail('end of text after the closing bracket');
  return root;
}

function childNodes(n: WktNode, ...keywords: string[]): WktNode[] {
  return n.args.filter((a): a is WktNode => a.kind === 'node' && keywords.includes(a.keyword));
}

function child(n: WktNode, ...keywords: string[]): WktNode | undefined {
  return childNodes(n, ...keywords)[0];
}

function stringArg(n: WktNode, index = 0): string | undefined {
  const strings = n.args.filter((a) => a.kind === 'string');
  const a = strings[index];
  return a?.kind === 'string' ? a.value : undefined;
}

function numberArgs(n: WktNode): number[] {
  return n.args.flatMap((a) => (a.kind === 'number' ? [a.value] : []));
}

/** The EPSG code in a node's own AUTHORITY["EPSG","4527"] (WKT 1) or ID["EPSG",4527] (WKT 2), if any. */
function epsgCodeOf(n: WktNode): number | null {
  for (const id of childNodes(n, 'AUTHORITY', 'ID')) {
    const authority = stringArg(id);
    if (authority?.toUpperCase() !== 'EPSG') continue;
    const code = id.args[1];
    const value = code?.kind === 'number' ? code.value : code?.kind === 'string' ? Number(code.value) : NaN;
    if (Number.isInteger(value)) return value;
  }
  return null;
}

/** Letters and digits only, lower case: "Central_Meridian" and "central meridian" both → "centralmeridian". */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------------------------------------------
// Units

const DEGREE = Math.PI / 180;

function unitFactor(n: WktNode | undefined): number | undefined {
  if (!n) return undefined;
  const f = numberArgs(n)[0];
  return f === undefined ? undefined : f;
}

function isDegree(factor: number): boolean {
  return Math.abs(factor / DEGREE - 1) < 1e-12;
}

/** Linear units of a projected CRS (its own UNIT/LENGTHUNIT, and any on its axes) must be metres. */
function checkMetres(projected: WktNode): void {
  const units = [
    ...childNodes(projected, 'UNIT', 'LENGTHUNIT'),
    ...childNodes(projected, 'AXIS').flatMap((ax) => childNodes(ax, 'UNIT', 'LENGTHUNIT')),
  ];
  for (const u of units) {
    const f = unitFactor(u);
    if (f !== undefined && Math.abs(f - 1) > 1e-12) {
      throw new CrsError(
        `The WKT's linear unit is "${stringArg(u) ?? '?'}" (${f} m); only metres are supported for Gauss–Krüger coordinates.`,
      );
    }
  }
}

/** Angular unit of a geographic CRS's coordinates must be degrees. */
function checkDegrees(geographic: WktNode): void {
  const units = [
    ...childNodes(geographic, 'UNIT', 'ANGLEUNIT'),
    ...childNodes(geographic, 'AXIS').flatMap((ax) => childNodes(ax, 'UNIT', 'ANGLEUNIT')),
  ];
  for (const u of units) {
    const f = unitFactor(u);
    if (f !== undefined && !isDegree(f)) {
      throw new CrsError(
        `The WKT's angular unit is "${stringArg(u) ?? '?'}" (${f} rad); only degrees are supported for longitude/latitude coordinates.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Datum

// Datums on the same ellipsoids as ours that are *not* ours: refuse rather than mislabel them.
const FOREIGN_DATUM = /newbeijing|pulkovo|nad\d|northamerican|etrs|etrf|gda\d|tokyo|jgd|twd|hongkong|macao|macau/;

function datumFromName(squashed: string): Datum | 'WGS84' | null {
  if (/china2000|cgcs2000|chinageodeticcoordinatesystem2000/.test(squashed)) return 'CGCS2000';
  if (/beijing1954|beijing54/.test(squashed)) return 'Beijing1954';
  if (/xian1980|xian80/.test(squashed)) return 'Xian1980';
  if (/wgs84|wgs1984|worldgeodeticsystem1984/.test(squashed)) return 'WGS84';
  return null;
}

interface GeodeticInfo {
  readonly datum: Datum;
  /** The datum is WGS 84, treated as CGCS2000. */
  readonly wgs84: boolean;
}

/** Datum of a GEOGCS / BASEGEOGCRS / GEOGCRS node, from its datum name checked against its ellipsoid. */
function readGeodetic(geo: WktNode): GeodeticInfo {
  const datumNode = child(geo, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE');
  if (!datumNode) throw new CrsError(`The WKT's geographic part "${stringArg(geo) ?? '?'}" has no DATUM.`);
  const datumName = stringArg(datumNode) ?? '';
  const ell = child(datumNode, 'SPHEROID', 'ELLIPSOID');
  if (!ell) throw new CrsError(`The WKT's datum "${datumName}" has no SPHEROID/ELLIPSOID.`);
  const [rawA, rf] = numberArgs(ell);
  const a = (rawA ?? NaN) * (unitFactor(child(ell, 'LENGTHUNIT', 'UNIT')) ?? 1);
  const ellText = `"${stringArg(ell) ?? '?'}" (a = ${a}, 1/f = ${rf})`;
  const known = matchEllipsoid(a, rf ?? NaN);

  const prime = child(geo, 'PRIMEM');
  const primeLon = prime ? numberArgs(prime)[0] : 0;
  if (primeLon !== undefined && primeLon !== 0) {
    throw new CrsError(`The WKT's prime meridian is "${stringArg(prime!) ?? '?'}" at ${primeLon}; only Greenwich is supported.`);
  }

  const squashed = squash(datumName);
  if (FOREIGN_DATUM.test(squashed)) {
    throw new CrsError(
      `The WKT's datum "${datumName}" is not supported: tuban handles CGCS2000, Beijing 1954 and Xian 1980 ` +
        `(WGS 84 treated as CGCS2000).`,
    );
  }
  const named = datumFromName(squashed);
  if (!known) {
    throw new CrsError(
      `The WKT's ellipsoid ${ellText} of datum "${datumName}" is not one tuban knows: expected CGCS2000/GRS 80 ` +
        `(6378137, 298.257222101), Krassowsky 1940 (6378245, 298.3) for Beijing 1954, or IAG 1975 ` +
        `(6378140, 298.257) for Xian 1980.`,
    );
  }
  const byEllipsoid = datumOfEllipsoid(known);
  const datum = named === 'WGS84' ? 'CGCS2000' : (named ?? byEllipsoid);
  if (datum !== byEllipsoid) {
    throw new CrsError(
      `The WKT's datum "${datumName}" (${DATUM_LABEL[datum]}) does not match its ellipsoid ${ellText}.`,
    );
  }
  return { datum, wgs84: named === 'WGS84' || (named === null && known === 'WGS84') };
}

// ---------------------------------------------------------------------------------------------------
// Projection parameters

type ParamRole = 'lon0' | 'lat0' | 'k' | 'fe' | 'fn';

const PARAM_BY_NAME: ReadonlyMap<string, ParamRole> = new Map([
  ['centralmeridian', 'lon0'],
  ['longitudeofnaturalorigin', 'lon0'],
  ['longitudeoforigin', 'lon0'],
  ['latitudeoforigin', 'lat0'],
  ['latitudeofnaturalorigin', 'lat0'],
  ['scalefactor', 'k'],
  ['scalefactoratnaturalorigin', 'k'],
  ['falseeasting', 'fe'],
  ['falsenorthing', 'fn'],
]);

// EPSG parameter codes (WKT 2 ID["EPSG",8802] …).
const PARAM_BY_EPSG: ReadonlyMap<number, ParamRole> = new Map([
  [8801, 'lat0'],
  [8802, 'lon0'],
  [8805, 'k'],
  [8806, 'fe'],
  [8807, 'fn'],
]);

// ESRI's Transverse_Mercator_Complex is the same projection computed by another series.
const TM_METHODS = new Set(['transversemercator', 'transversemercatorcomplex', 'gausskruger', 'gausskrueger', 'tmerc']);

function paramValue(p: WktNode, role: ParamRole): number {
  const v = numberArgs(p)[0];
  if (v === undefined) throw new CrsError(`The WKT's PARAMETER["${stringArg(p) ?? '?'}"] has no value.`);
  // WKT 2 parameters carry their own unit; WKT 1 (OGC and ESRI) writes angles in degrees and lengths in
  // the projected CRS's unit, which checkMetres() requires to be the metre.
  const unit = unitFactor(child(p, 'ANGLEUNIT', 'LENGTHUNIT', 'SCALEUNIT', 'UNIT'));
  if (unit === undefined) return v;
  if (role === 'lon0' || role === 'lat0') return isDegree(unit) ? v : (v * unit) / DEGREE;
  return v * unit;
}

interface TmParams {
  readonly lon0: number;
  readonly lat0: number;
  readonly k: number;
  readonly fe: number;
  readonly fn: number;
}

/** The transverse Mercator parameters of a projected CRS node; refuses any other projection. */
function readProjection(projected: WktNode): TmParams {
  const conversion = child(projected, 'CONVERSION') ?? projected;
  const method = child(conversion, 'PROJECTION', 'METHOD');
  const methodName = method ? (stringArg(method) ?? '') : '';
  const isTm = TM_METHODS.has(squash(methodName)) || (method !== undefined && epsgCodeOf(method) === 9807);
  if (!isTm) {
    throw new CrsError(
      `The WKT's projection is "${methodName || 'missing'}"; only Gauss–Krüger (transverse Mercator with ` +
        `scale factor 1) is supported.`,
    );
  }
  const values: Partial<Record<ParamRole, number>> = {};
  for (const p of childNodes(conversion, 'PARAMETER')) {
    const name = stringArg(p) ?? '';
    const role = PARAM_BY_NAME.get(squash(name)) ?? PARAM_BY_EPSG.get(epsgCodeOf(p) ?? NaN);
    if (!role) throw new CrsError(`The WKT's transverse Mercator has an unexpected parameter "${name}".`);
    values[role] = paramValue(p, role);
  }
  if (values.lon0 === undefined) throw new CrsError('The WKT\'s transverse Mercator has no central meridian parameter.');
  // Missing parameters take the WKT 1 defaults (GDAL's too): 0, and 1 for the scale factor.
  return { lon0: values.lon0, lat0: values.lat0 ?? 0, k: values.k ?? 1, fe: values.fe ?? 0, fn: values.fn ?? 0 };
}

function checkGaussKruger(p: TmParams): void {
  const problems: string[] = [];
  if (Math.abs(p.k - 1) > 1e-12) problems.push(`scale factor ${p.k} (Gauss–Krüger has 1; 0.9996 is UTM)`);
  if (p.lat0 !== 0) problems.push(`latitude of origin ${p.lat0} (expected 0)`);
  if (p.fn !== 0) problems.push(`false northing ${p.fn} (expected 0)`);
  if (problems.length > 0) {
    throw new CrsError(`The WKT's transverse Mercator is not a Gauss–Krüger zone: ${problems.join('; ')}.`);
  }
}

// ---------------------------------------------------------------------------------------------------
// WKT → Crs

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS', 'GEODETICCRS'];
const BASE_GEOGRAPHIC = ['GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS', 'GEODCRS'];

/** If the WKT names a registered code that disagrees with what its parameters say, refuse it. */
function checkDeclaredCode(declared: number | null, derived: Crs): void {
  if (declared === null || !isSupportedEpsg(declared)) return;
  const registered = crsFromEpsg(declared);
  if (!sameCrs(registered, derived)) {
    throw new CrsError(
      `The WKT says EPSG:${declared} (${registered.name}) but its parameters describe ${describe(derived)}. ` +
        `Fix the .prj, or declare the CRS explicitly (e.g. --crs EPSG:<code>).`,
    );
  }
}

function describe(crs: Crs): string {
  if (crs.kind === 'geographic') return `geographic ${DATUM_LABEL[crs.datum]}`;
  return `${DATUM_LABEL[crs.datum]} Gauss–Krüger with central meridian ${crs.centralMeridian} and false easting ${crs.falseEasting}`;
}

function geographicFromNode(n: WktNode): Crs {
  if (n.keyword === 'GEODCRS' || n.keyword === 'GEODETICCRS') {
    const cs = child(n, 'CS');
    const csType = cs?.args[0];
    if (csType && csType.kind === 'word' && csType.value.toLowerCase() !== 'ellipsoidal') {
      throw new CrsError(`The WKT describes a geodetic CRS with a ${csType.value} coordinate system; expected longitude/latitude.`);
    }
  }
  checkDegrees(n);
  const info = readGeodetic(n);
  const crs = info.wgs84 ? crsFromEpsg(4326) : geographicCrs(info.datum);
  checkDeclaredCode(epsgCodeOf(n), crs);
  return crs;
}

function projectedFromNode(n: WktNode): Crs {
  const base = child(n, ...BASE_GEOGRAPHIC);
  if (!base) throw new CrsError(`The WKT's projected CRS "${stringArg(n) ?? '?'}" has no geographic base CRS.`);
  const { datum } = readGeodetic(base);
  const tm = readProjection(n);
  checkGaussKruger(tm);
  checkMetres(n);
  const name = stringArg(n) ?? '';
  const declared = epsgCodeOf(n);
  // Choose among registered CRSs with these parameters: the WKT's own code, else what its name says.
  const named = crsFromName(name);
  const hintCrs = declared !== null && isSupportedEpsg(declared) ? crsFromEpsg(declared) : named;
  const registered = findRegisteredGk(datum, tm.lon0, tm.fe, {
    epsg: hintCrs?.epsg ?? null,
    ...(hintCrs?.zoneWidth !== undefined ? { width: hintCrs.zoneWidth } : {}),
  });
  const crs =
    registered ??
    gaussKrugerCrs({
      datum,
      centralMeridian: tm.lon0,
      falseEasting: tm.fe,
      ...(name && !named ? { name } : {}),
    });
  checkDeclaredCode(declared, crs);
  return crs;
}

/** Run a reader, naming the WKT's CRS in any error it raises. */
function naming(n: WktNode, read: (n: WktNode) => Crs): Crs {
  try {
    return read(n);
  } catch (e) {
    if (e instanceof CrsError) throw new CrsError(`Unsupported CRS "${stringArg(n) ?? '?'}": ${e.message}`);
    throw e;
  }
}

function crsFromWktNode(n: WktNode): Crs {
  if (PROJECTED.includes(n.keyword)) return naming(n, projectedFromNode);
  if (GEOGRAPHIC.includes(n.keyword)) return naming(n, geographicFromNode);
  if (n.keyword === 'BOUNDCRS') {
    // GDAL writes BOUNDCRS[SOURCECRS[…], TARGETCRS[…], ABRIDGEDTRANSFORMATION[…]] for a CRS with TOWGS84;
    // the CRS of the coordinates is the source one (the transformation is ignored, see module comment).
    const source = child(n, 'SOURCECRS')?.args.find((a): a is WktNode => a.kind === 'node');
    if (source) return crsFromWktNode(source);
  }
  if (n.keyword === 'COMPD_CS' || n.keyword === 'COMPOUNDCRS') {
    // Horizontal part of a compound (horizontal + vertical) CRS.
    const horizontal = n.args.find(
      (a): a is WktNode => a.kind === 'node' && (PROJECTED.includes(a.keyword) || GEOGRAPHIC.includes(a.keyword)),
    );
    if (horizontal) return crsFromWktNode(horizontal);
  }
  throw new CrsError(
    `The WKT describes a ${n.keyword} "${stringArg(n) ?? ''}"; expected a Gauss–Krüger projected CRS ` +
      `(PROJCS/PROJCRS) or a geographic CRS (GEOGCS/GEOGCRS).`,
  );
}

/**
 * The CRS a WKT text (a Shapefile `.prj`, WKT 1 OGC or ESRI flavour, or WKT 2) describes.
 *
 * @throws CrsError for malformed WKT, or a CRS that is not Gauss–Krüger (transverse Mercator, k = 1) or
 *   geographic on CGCS2000 / Beijing 1954 / Xian 1980 (WGS 84 treated as CGCS2000); the message names what
 *   was found.
 * @example
 * crsFromWkt(readFileSync('landuse.prj', 'utf8')).epsg; // 4527 for "CGCS2000_3_Degree_GK_Zone_39"
 */
export function crsFromWkt(wkt: string): Crs {
  return crsFromWktNode(parseWktTree(wkt.replace(/^\uFEFF/, '')));
}

// ---------------------------------------------------------------------------------------------------
// Identifiers

const EPSG_ID = /^(?:urn:(?:x-)?ogc:def:crs:)?epsg:(?:[\d.]*:)?(\d+)$/i;
const EPSG_URL = /^https?:\/\/www\.opengis\.net\/(?:def\/crs\/epsg\/[\d.]+\/|gml\/srs\/epsg\.xml#)(\d+)$/i;
const CRS84 =
  /^(?:(?:urn:(?:x-)?ogc:def:crs:)?ogc:(?:[\d.]*:)?crs84|https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/[\d.]+\/crs84|crs84)$/i;
const WKT_START = /^\s*[A-Za-z_]+\s*[[(]/;

/**
 * A CRS from text: `EPSG:4527`, `epsg:4527`, `4527`, `urn:ogc:def:crs:EPSG::4527`,
 * `urn:ogc:def:crs:EPSG:6.6:4527`, `http://www.opengis.net/def/crs/EPSG/0/4527`, `CRS84` /
 * `urn:ogc:def:crs:OGC:1.3:CRS84` (lon/lat; WGS 84 and CGCS2000 differ by less than a decimetre and are
 * treated alike), an EPSG or ESRI CRS name (`CGCS2000 / 3-degree Gauss-Kruger zone 39`,
 * `CGCS2000_3_Degree_GK_CM_117E`), or WKT (.prj content).
 *
 * @throws CrsError when the text is none of these or names an unsupported CRS.
 * @example
 * parseCrs('urn:ogc:def:crs:EPSG::4527').centralMeridian; // 117
 */
export function parseCrs(text: string): Crs {
  const t = text.trim();
  const id = EPSG_ID.exec(t) ?? EPSG_URL.exec(t) ?? /^(\d+)$/.exec(t);
  if (id) return crsFromEpsg(Number(id[1]));
  if (CRS84.test(t)) return crsFromEpsg(4326);
  if (WKT_START.test(t)) return crsFromWkt(t);
  const named = crsFromName(t);
  if (named) return named;
  throw new CrsError(
    `Cannot read a coordinate reference system from ${JSON.stringify(t.length > 80 ? `${t.slice(0, 80)}…` : t)}. ` +
      `Expected EPSG:<code> (e.g. EPSG:4527), urn:ogc:def:crs:EPSG::<code>, ` +
      `http://www.opengis.net/def/crs/EPSG/0/<code>, CRS84, a CRS name such as ` +
      `"CGCS2000 / 3-degree Gauss-Kruger zone 39", or WKT (.prj) text.`,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The CRS declared by a GeoJSON object's 2008-style `crs` member — `{"type":"name","properties":{"name":
 * "urn:ogc:def:crs:EPSG::4527"}}` or `{"type":"EPSG","properties":{"code":4527}}` — or null when there is
 * none (RFC 7946 files have none: their coordinates are lon/lat).
 *
 * @throws CrsError when a `crs` member is present but unreadable or names an unsupported CRS.
 * @example
 * crsFromGeoJSON({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4527' } }, features: [] });
 */
export function crsFromGeoJSON(fc: unknown): Crs | null {
  if (!isRecord(fc)) return null;
  const crs = fc.crs;
  if (crs === undefined || crs === null) return null;
  const props = isRecord(crs) && isRecord(crs.properties) ? crs.properties : undefined;
  const type = isRecord(crs) && typeof crs.type === 'string' ? crs.type.toLowerCase() : undefined;
  if (type === 'name' && typeof props?.name === 'string') return parseCrs(props.name);
  if (type === 'epsg' && props && (typeof props.code === 'number' || typeof props.code === 'string')) {
    const code = Number(props.code);
    if (Number.isInteger(code)) return crsFromEpsg(code);
  }
  throw new CrsError(
    `Cannot read the GeoJSON "crs" member ${JSON.stringify(crs).slice(0, 200)}: expected ` +
      `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4527"}} or {"type":"EPSG","properties":{"code":4527}}` +
      (type === 'link' ? ' (linked CRS definitions are not fetched)' : '') +
      '.',
  );
}
