/**
 * Coordinate transformation between supported CRSs. proj4 does the geodesy (its `tmerc` is the
 * Poder/Engsager 6th-order Krüger series, accurate to well under a millimetre within a Gauss–Krüger zone);
 * this module chooses when it is allowed to, and caches one proj4 converter per CRS pair.
 *
 * Datums: CGCS2000 ↔ Beijing 1954 ↔ Xian 1980 shifts are not known locally — no official, public
 * parameter set exists, and the real shifts vary by region by tens of metres — so a transformation across
 * datums is refused unless the caller supplies the shift. It is never done silently.
 */
import { createRequire } from 'node:module';
import type proj4 from 'proj4';
import { CrsError, InputError } from '../errors.js';
import type { Crs, Datum } from './types.js';
import { DATUM_LABEL } from './ellipsoids.js';
import { sameCrs } from './registry.js';

/**
 * A datum shift to CGCS2000 (≈ WGS 84) as proj4 `+towgs84` parameters: `dx,dy,dz` (metres) or
 * `dx,dy,dz,rx,ry,rz,s` (rotations in arc-seconds, scale in ppm, Position Vector convention as in PROJ —
 * parameters given in the Coordinate Frame convention need their rotations negated). Text may carry the
 * `+towgs84=` prefix.
 */
export type Towgs84 = string | readonly number[];

export interface TransformOptions {
  /** Shifts of the older datums to CGCS2000, needed only when `from` and `to` differ in datum. */
  readonly towgs84?: Partial<Record<Exclude<Datum, 'CGCS2000'>, Towgs84>>;
}

type Converter = proj4.Converter;

let proj4Module: typeof proj4 | null = null;
/**
 * proj4, loaded on the first transformation rather than with the package: its module takes ~0.1 s to load,
 * as long as a whole small overlay job, and most jobs never reproject.
 */
function loadProj4(): typeof proj4 {
  proj4Module ??= createRequire(import.meta.url)('proj4') as typeof proj4;
  return proj4Module;
}

const MAX_CACHED = 64;
const converters = new Map<string, Converter>();

function parseTowgs84(value: Towgs84, datum: Datum): readonly number[] {
  const parts =
    typeof value === 'string'
      ? value
          .trim()
          .replace(/^\+?towgs84=/i, '')
          .split(',')
          .map((s) => (s.trim() === '' ? NaN : Number(s)))
      : [...value];
  if ((parts.length !== 3 && parts.length !== 7) || !parts.every(Number.isFinite)) {
    throw new CrsError(
      `The ${DATUM_LABEL[datum]} datum shift must be 3 or 7 numbers (dx,dy,dz[,rx,ry,rz,s]); found ` +
        `${JSON.stringify(value)}.`,
    );
  }
  return parts;
}

function datumShiftUnknown(from: Crs, to: Crs, missing: Datum): CrsError {
  return new CrsError(
    `Cannot transform from ${from.name} to ${to.name}: the datum shift between ${DATUM_LABEL[from.datum]} ` +
      `and ${DATUM_LABEL[to.datum]} is not known. No official ${DATUM_LABEL[missing]} → CGCS2000 parameters ` +
      `are published and the shift varies by region by tens of metres, so tuban will not guess. Supply the ` +
      `shift for your area as proj4 +towgs84 parameters (dx,dy,dz or dx,dy,dz,rx,ry,rz,s; Position Vector ` +
      `convention) with the option { towgs84: { ${missing}: "dx,dy,dz,rx,ry,rz,s" } }, or convert the data ` +
      `with your province's official parameters first.`,
  );
}

/** proj4 definitions of both ends, with +towgs84 added when the datums differ. */
function definitions(from: Crs, to: Crs, options: TransformOptions): [string, string] {
  if (from.datum === to.datum) return [from.proj4, to.proj4];
  const shift = (datum: Datum): string => {
    if (datum === 'CGCS2000') return '0,0,0';
    const given = options.towgs84?.[datum];
    if (given === undefined) throw datumShiftUnknown(from, to, datum);
    return parseTowgs84(given, datum).join(',');
  };
  return [`${from.proj4} +towgs84=${shift(from.datum)}`, `${to.proj4} +towgs84=${shift(to.datum)}`];
}

function converterFor(fromDef: string, toDef: string): Converter {
  const key = `${fromDef}\u0000${toDef}`;
  let c = converters.get(key);
  if (!c) {
    if (converters.size >= MAX_CACHED) converters.clear();
    c = loadProj4()(fromDef, toDef);
    converters.set(key, c);
  }
  return c;
}

/** Two Gauss–Krüger CRSs that differ only in false easting (zone 39 prefixed vs CM 117E): a pure shift. */
function eastingShift(from: Crs, to: Crs): number | null {
  if (from.kind !== 'projected' || to.kind !== 'projected' || from.datum !== to.datum) return null;
  if (from.centralMeridian === undefined || from.centralMeridian !== to.centralMeridian) return null;
  if (from.falseEasting === undefined || to.falseEasting === undefined) return null;
  return to.falseEasting - from.falseEasting;
}

/**
 * Transform interleaved x,y coordinates (x = easting, or longitude for geographic CRSs) from one CRS to
 * another; returns a new array. Same CRS → copy. Gauss–Krüger CRSs differing only in false easting
 * (zone-prefixed vs unprefixed form of one zone) → exact shift of x. Otherwise proj4.
 *
 * @throws CrsError when the datums differ and no shift for the older datum(s) is given in
 *   `options.towgs84`, or when a point cannot be transformed (the message names the point).
 * @throws InputError when `coords` has an odd length.
 * @example
 * transformCoords(new Float64Array([117, 35]), crsFromEpsg(4490), crsFromEpsg(4527)); // [39500000, 3874592.90…]
 */
export function transformCoords(
  coords: Float64Array,
  from: Crs,
  to: Crs,
  options: TransformOptions = {},
): Float64Array {
  if (coords.length % 2 !== 0) {
    throw new InputError(`Coordinates must be interleaved x,y pairs; found an odd length ${coords.length}.`);
  }
  if (sameCrs(from, to)) return coords.slice();
  const dx = eastingShift(from, to);
  if (dx !== null) {
    const out = coords.slice();
    for (let i = 0; i < out.length; i += 2) out[i] += dx;
    return out;
  }
  const [fromDef, toDef] = definitions(from, to, options);
  const converter = converterFor(fromDef, toDef);
  const out = new Float64Array(coords.length);
  for (let i = 0; i < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    let r: number[] | undefined;
    try {
      r = converter.forward([x, y]);
    } catch {
      r = undefined;
    }
    if (!r || !Number.isFinite(r[0]) || !Number.isFinite(r[1])) {
      throw new CrsError(`Point ${i / 2} (${x}, ${y}) cannot be transformed from ${from.name} to ${to.name}.`);
    }
    out[i] = r[0];
    out[i + 1] = r[1];
  }
  return out;
}
