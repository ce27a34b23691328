/**
 * Readers for the geometry encodings found in the peer suites: WKT and hex-encoded WKB (OGC 06-103r4,
 * Simple Feature Access part 1, §7 and §8), including PostGIS EWKB's SRID/Z/M flag bits, which several
 * JTS robustness cases were pasted from.
 *
 * Only what area comparisons need is kept: polygons (flattened out of multi-geometries and collections)
 * and the names of non-polygonal components. Z and M ordinates are read and dropped.
 */
import { InputError } from '../src/errors.js';
import type { ParsedGeometry, PolygonCoords, Position, RingCoords } from './types.js';

/** Mutable accumulator while walking a geometry tree. */
interface Collector {
  polygons: PolygonCoords[];
  others: string[];
  coordinateCount: number;
}

function newCollector(): Collector {
  return { polygons: [], others: [], coordinateCount: 0 };
}

function finish(type: string, c: Collector): ParsedGeometry {
  return { type, polygons: c.polygons, others: c.others, isEmpty: c.coordinateCount === 0 };
}

// ---------------------------------------------------------------------------------------------------
// WKT
// ---------------------------------------------------------------------------------------------------

type Token = { kind: 'word'; text: string } | { kind: 'number'; value: number } | { kind: 'punct'; text: string };

const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;
const WORD_RE = /^[A-Za-z]+/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
      continue;
    }
    const rest = text.slice(i, i + 64);
    const num = NUMBER_RE.exec(rest);
    if (num) {
      // A number token can be longer than the 64-character window only in pathological input.
      const full = NUMBER_RE.exec(text.slice(i))![0];
      tokens.push({ kind: 'number', value: Number(full) });
      i += full.length;
      continue;
    }
    const word = WORD_RE.exec(rest);
    if (word) {
      const full = WORD_RE.exec(text.slice(i))![0];
      tokens.push({ kind: 'word', text: full.toUpperCase() });
      i += full.length;
      continue;
    }
    throw new InputError(`WKT: expected a number, a word, '(', ')' or ',' at offset ${i}, found '${text.slice(i, i + 20)}'`);
  }
  return tokens;
}

function describe(token: Token | undefined): string {
  if (token === undefined) return 'end of text';
  if (token.kind === 'number') return `number ${token.value}`;
  return `'${token.text}'`;
}

class WktParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private expectPunct(text: string): void {
    const t = this.tokens[this.pos];
    if (t === undefined || t.kind !== 'punct' || t.text !== text) {
      throw new InputError(`WKT: expected '${text}' at token ${this.pos}, found ${describe(t)}`);
    }
    this.pos++;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'word' && t.text === text;
  }

  /** Consumes EMPTY if present. */
  private takeEmpty(): boolean {
    if (this.isWord('EMPTY')) {
      this.pos++;
      return true;
    }
    return false;
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** geometry := TYPE [Z | M | ZM] (EMPTY | body) */
  geometry(c: Collector): string {
    const t = this.tokens[this.pos];
    if (t === undefined || t.kind !== 'word') {
      throw new InputError(`WKT: expected a geometry type at token ${this.pos}, found ${describe(t)}`);
    }
    this.pos++;
    const type = t.text;
    // Dimension tags: "POLYGON Z (...)". Ordinates beyond x, y are dropped when reading positions.
    if (this.isWord('Z') || this.isWord('M') || this.isWord('ZM')) this.pos++;
    switch (type) {
      case 'POINT': {
        if (this.takeEmpty()) {
          c.others.push('POINT EMPTY');
          return type;
        }
        this.expectPunct('(');
        this.position(c);
        this.expectPunct(')');
        c.others.push('POINT');
        return type;
      }
      case 'LINESTRING':
      case 'LINEARRING': {
        const line = this.takeEmpty() ? [] : this.positionList(c);
        c.others.push(line.length === 0 ? `${type} EMPTY` : type);
        return type;
      }
      case 'POLYGON': {
        if (this.takeEmpty()) return type;
        const p = this.polygonBody(c);
        if (p.length > 0) c.polygons.push(p);
        return type;
      }
      case 'MULTIPOINT': {
        if (this.takeEmpty()) {
          c.others.push('MULTIPOINT EMPTY');
          return type;
        }
        this.expectPunct('(');
        let count = 0;
        do {
          // Both "MULTIPOINT ((1 2), (3 4))" and the older "MULTIPOINT (1 2, 3 4)" occur.
          if (this.takeEmpty()) continue;
          if (this.isPunct('(')) {
            this.expectPunct('(');
            this.position(c);
            this.expectPunct(')');
          } else {
            this.position(c);
          }
          count++;
        } while (this.takeComma());
        this.expectPunct(')');
        c.others.push(count === 0 ? 'MULTIPOINT EMPTY' : 'MULTIPOINT');
        return type;
      }
      case 'MULTILINESTRING': {
        if (this.takeEmpty()) {
          c.others.push('MULTILINESTRING EMPTY');
          return type;
        }
        this.expectPunct('(');
        let count = 0;
        do {
          if (this.takeEmpty()) continue;
          if (this.positionList(c).length > 0) count++;
        } while (this.takeComma());
        this.expectPunct(')');
        c.others.push(count === 0 ? 'MULTILINESTRING EMPTY' : 'MULTILINESTRING');
        return type;
      }
      case 'MULTIPOLYGON': {
        if (this.takeEmpty()) return type;
        this.expectPunct('(');
        do {
          if (this.takeEmpty()) continue;
          const p = this.polygonBody(c);
          if (p.length > 0) c.polygons.push(p);
        } while (this.takeComma());
        this.expectPunct(')');
        return type;
      }
      case 'GEOMETRYCOLLECTION': {
        if (this.takeEmpty()) return type;
        this.expectPunct('(');
        do {
          this.geometry(c);
        } while (this.takeComma());
        this.expectPunct(')');
        return type;
      }
      default:
        throw new InputError(
          `WKT: expected POINT, LINESTRING, LINEARRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION, found '${type}'`,
        );
    }
  }

  private takeComma(): boolean {
    if (this.isPunct(',')) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** '(' ring (',' ring)* ')' where a ring may be EMPTY (GEOS ticket 234 writes "((…), EMPTY)"). */
  private polygonBody(c: Collector): PolygonCoords {
    this.expectPunct('(');
    const rings: RingCoords[] = [];
    let shellEmpty = false;
    do {
      if (this.takeEmpty()) {
        if (rings.length === 0) shellEmpty = true;
        continue;
      }
      const ring = this.positionList(c);
      if (!shellEmpty) rings.push(ring);
    } while (this.takeComma());
    this.expectPunct(')');
    return rings;
  }

  /** '(' position (',' position)* ')' */
  private positionList(c: Collector): Position[] {
    this.expectPunct('(');
    const list: Position[] = [];
    do {
      list.push(this.position(c));
    } while (this.takeComma());
    this.expectPunct(')');
    return list;
  }

  /** Two to four numbers; only x and y are kept. */
  private position(c: Collector): Position {
    const ords: number[] = [];
    while (this.peek()?.kind === 'number') {
      ords.push((this.tokens[this.pos] as { value: number }).value);
      this.pos++;
    }
    if (ords.length < 2 || ords.length > 4) {
      throw new InputError(`WKT: expected a position of 2 to 4 numbers at token ${this.pos}, found ${ords.length} number(s)`);
    }
    c.coordinateCount++;
    return [ords[0], ords[1]];
  }
}

/**
 * Reads one WKT geometry.
 *
 * @example
 * parseWkt('MULTIPOLYGON (((0 0, 1 0, 0 1, 0 0)), EMPTY)').polygons.length; // 1
 */
export function parseWkt(text: string): ParsedGeometry {
  const parser = new WktParser(tokenize(text));
  const c = newCollector();
  const type = parser.geometry(c);
  if (!parser.atEnd()) throw new InputError(`WKT: expected end of text after the ${type}, found more tokens`);
  return finish(type, c);
}

// ---------------------------------------------------------------------------------------------------
// WKB
// ---------------------------------------------------------------------------------------------------

const WKB_TYPE_NAMES = ['', 'POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION'];

/** EWKB (PostGIS) flag bits in the type word. */
const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

class WkbReader {
  private offset = 0;
  constructor(private readonly view: DataView) {}

  atEnd(): boolean {
    return this.offset >= this.view.byteLength;
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.view.byteLength) {
      throw new InputError(`WKB: expected ${bytes} more byte(s) at offset ${this.offset}, found ${this.view.byteLength - this.offset}`);
    }
  }

  private uint32(little: boolean): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, little);
    this.offset += 4;
    return v;
  }

  private float64(little: boolean): number {
    this.need(8);
    const v = this.view.getFloat64(this.offset, little);
    this.offset += 8;
    return v;
  }

  /** One geometry: byte order, type word, [SRID], body. Each nested geometry has its own byte order. */
  geometry(c: Collector): string {
    this.need(1);
    const order = this.view.getUint8(this.offset);
    if (order !== 0 && order !== 1) {
      throw new InputError(`WKB: expected byte order 0 (big endian) or 1 (little endian) at offset ${this.offset}, found ${order}`);
    }
    this.offset++;
    const little = order === 1;
    const word = this.uint32(little);
    // ISO WKB adds 1000 (Z), 2000 (M) or 3000 (ZM) to the type; EWKB sets high flag bits instead.
    let dims = 2;
    if (word & EWKB_Z) dims++;
    if (word & EWKB_M) dims++;
    const flagless = word & 0x0fffffff;
    const iso = Math.floor(flagless / 1000);
    const base = flagless % 1000;
    if (iso === 1 || iso === 2) dims++;
    else if (iso === 3) dims += 2;
    else if (iso !== 0) throw new InputError(`WKB: expected a geometry type code, found ${word} at offset ${this.offset - 4}`);
    if (word & EWKB_SRID) this.uint32(little); // SRID: irrelevant to planar areas.
    const type = WKB_TYPE_NAMES[base];
    if (type === undefined || type === '') {
      throw new InputError(`WKB: expected geometry type 1..7, found ${base} at offset ${this.offset - 4}`);
    }
    switch (base) {
      case 1: {
        const x = this.float64(little);
        const y = this.float64(little);
        for (let d = 2; d < dims; d++) this.float64(little);
        // WKB writes POINT EMPTY as NaN coordinates.
        if (Number.isNaN(x) && Number.isNaN(y)) c.others.push('POINT EMPTY');
        else {
          c.coordinateCount++;
          c.others.push('POINT');
        }
        return type;
      }
      case 2: {
        const n = this.positions(c, little, dims).length;
        c.others.push(n === 0 ? 'LINESTRING EMPTY' : 'LINESTRING');
        return type;
      }
      case 3: {
        const p = this.polygonBody(c, little, dims);
        if (p.length > 0) c.polygons.push(p);
        return type;
      }
      default: {
        const n = this.uint32(little);
        for (let i = 0; i < n; i++) this.geometry(c);
        if (n === 0 && base !== 6 && base !== 7) c.others.push(`${type} EMPTY`);
        return type;
      }
    }
  }

  private polygonBody(c: Collector, little: boolean, dims: number): PolygonCoords {
    const ringCount = this.uint32(little);
    const rings: RingCoords[] = [];
    for (let r = 0; r < ringCount; r++) {
      const ring = this.positions(c, little, dims);
      if (ring.length > 0) rings.push(ring);
      else if (r === 0) {
        // An empty shell makes the whole polygon empty; still consume the remaining rings.
        for (let rest = 1; rest < ringCount; rest++) this.positions(c, little, dims);
        return [];
      }
    }
    return rings;
  }

  private positions(c: Collector, little: boolean, dims: number): Position[] {
    const n = this.uint32(little);
    this.need(n * dims * 8);
    const out: Position[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = this.float64(little);
      const y = this.float64(little);
      for (let d = 2; d < dims; d++) this.float64(little);
      out[i] = [x, y];
    }
    c.coordinateCount += n;
    return out;
  }
}

/**
 * Reads one hex-encoded WKB or EWKB geometry (either byte order; nested geometries may differ).
 *
 * @example
 * // POINT(1 2), little endian
 * parseHexWkb('0101000000000000000000F03F0000000000000040').others; // ['POINT']
 */
export function parseHexWkb(hex: string): ParsedGeometry {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(clean)) {
    throw new InputError(`WKB: expected an even number of hex digits, found ${clean.length} character(s) '${clean.slice(0, 20)}…'`);
  }
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  const reader = new WkbReader(new DataView(bytes.buffer));
  const c = newCollector();
  const type = reader.geometry(c);
  if (!reader.atEnd()) throw new InputError(`WKB: expected end of data after the ${type}, found trailing bytes`);
  return finish(type, c);
}

/**
 * Reads WKT or hex WKB, deciding by the first character (hex WKB starts with the byte-order byte 00/01).
 *
 * @example
 * parseGeometryText('  POLYGON EMPTY ').isEmpty; // true
 */
export function parseGeometryText(text: string): ParsedGeometry {
  const trimmed = text.trim();
  if (/^0[01][0-9A-Fa-f]{8}/.test(trimmed)) return parseHexWkb(trimmed);
  return parseWkt(trimmed);
}

/** True when the geometry has only polygonal components (or none at all, e.g. `GEOMETRYCOLLECTION EMPTY`). */
export function isPolygonal(g: ParsedGeometry): boolean {
  return g.others.length === 0;
}

