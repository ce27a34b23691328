/**
 * Writes the attribute table of a Shapefile: a dBASE III table (file layout as in the dBASE III PLUS
 * technical reference and the ESRI Shapefile Technical Description, 1998, "dBASE file" section).
 *
 * Column rules when no schema is given (one pass over the values decides each column):
 * - text → C, width = the longest value in bytes of the target encoding (GBK: 2 bytes per Chinese
 *   character), at most 254. Longer values are TRUNCATED at a character boundary and every one is reported
 *   (`longText: 'error'` refuses them instead). Codes such as "0101" are text and stay text.
 * - integers → N with 0 decimals, width = the longest value.
 * - other numbers → N with as many decimals as the value needing most has in its shortest round-trip form
 *   (ECMAScript Number::toString, the same digits JSON uses), each value written as exactly those digits
 *   padded with zeros. Every double therefore reads back bit for bit. Width is at most 24 (GDAL's width for
 *   doubles); a column that would need more keeps fewer decimals, and the report says so.
 * - booleans → L (T / F, ? for null). null → blank (numbers) or spaces (text).
 * - a column mixing text with numbers or booleans → C, values written as text (reported).
 * Field names are at most 10 bytes in the target encoding: longer names are cut by bytes at a character
 * boundary, and a name that then clashes (dBASE names are case-insensitive) gets a suffix `_1`, `_2` … the
 * way GDAL's Shapefile driver does; every rename is reported.
 */
import iconv from 'iconv-lite';
import { roundHalfAwayFromZero } from '../area/units.js';
import { InputError } from '../errors.js';
import type { AttributeValue, Attributes } from '../geometry/types.js';

/** Text encodings the writer supports: GBK (code page 936, what Chinese desktop GIS expects) and UTF-8. */
export type DbfEncoding = 'gbk' | 'utf8';

/** One column of an explicit schema. */
export interface DbfFieldSpec {
  /** Attribute the column takes its values from. */
  readonly attribute: string;
  /** Name in the DBF header, at most 10 bytes in the table's encoding. Default: the attribute, shortened. */
  readonly name?: string;
  /** C text, N/F number, L logical, D date (values `YYYY-MM-DD` or `YYYYMMDD`). */
  readonly type: 'C' | 'N' | 'F' | 'L' | 'D';
  /** Width in bytes. Default: from the values (C, N, F); 1 for L, 8 for D. */
  readonly length?: number;
  /** Decimals of N/F. Numbers with more are rounded half away from zero, as ledgers round. */
  readonly decimals?: number;
}

/** A column as written. */
export interface DbfColumn {
  readonly attribute: string;
  readonly name: string;
  readonly type: 'C' | 'N' | 'F' | 'L' | 'D';
  readonly length: number;
  readonly decimals: number;
}

/** A field whose name did not fit in 10 bytes or clashed with another. */
export interface FieldRename {
  readonly from: string;
  readonly to: string;
}

/** A text value cut to fit its column. */
export interface TruncatedValue {
  readonly featureIndex: number;
  readonly field: string;
  /** Bytes the value needed and bytes that were kept. */
  readonly bytes: number;
  readonly kept: number;
}

export interface DbfWriteOptions {
  /** Default `'gbk'`. Also accepted: `'cp936'`, `'utf-8'`. */
  encoding?: DbfEncoding | string;
  /** The columns, in order. Default: every attribute, typed from its values. */
  fields?: readonly DbfFieldSpec[];
  /** What to do with text longer than its column: cut and report (default), or refuse. */
  longText?: 'truncate' | 'error';
  /** Date of last update in the header (default: today). */
  date?: Date;
  /** For messages. */
  file?: string;
}

export interface DbfWriteResult {
  readonly bytes: Uint8Array;
  readonly encoding: DbfEncoding;
  readonly columns: readonly DbfColumn[];
  readonly renamed: readonly FieldRename[];
  readonly truncated: readonly TruncatedValue[];
  readonly warnings: readonly string[];
}

/** Language driver ids (header byte 29): 0x4D = Chinese GBK (PRC), code page 936, per the ESRI LDID table. */
const LDID: Readonly<Record<DbfEncoding, number>> = { gbk: 0x4d, utf8: 0 };
const MAX_NAME_BYTES = 10;
const MAX_TEXT_BYTES = 254;
/** GDAL writes doubles as N 24.15; readers that take GDAL's output take this width. */
const MAX_NUMBER_WIDTH = 24;
const MAX_FIELDS = 2046; // the header length is a 16-bit number: 32 + 32 × 2046 + 1 ≤ 65 535

/** Normalises an encoding option to a supported one. */
export function dbfEncoding(name: string | undefined, file?: string): DbfEncoding {
  const n = (name ?? 'gbk').trim().toLowerCase().replace(/[\s_]/g, '');
  if (n === 'gbk' || n === 'cp936' || n === '936' || n === 'gb2312' || n === 'ms936') return 'gbk';
  if (n === 'utf8' || n === 'utf-8' || n === '65001') return 'utf8';
  throw new InputError(`expected the DBF encoding "gbk" or "utf8", found "${name}"`, { file });
}

/** The value as the encoding's bytes; null when it has characters the encoding cannot hold. */
function encodeText(text: string, encoding: DbfEncoding): Buffer | null {
  // ASCII is the same in both encodings and is most of what tables hold (codes, numbers as text).
  if (/^[\x20-\x7e]*$/.test(text)) return Buffer.from(text, 'latin1');
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const bytes = iconv.encode(text, 'gbk');
  // iconv-lite writes "?" for a character GBK lacks; more "?" out than in means something was lost.
  let q = 0;
  for (const b of bytes) if (b === 0x3f) q++;
  let qs = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x3f) qs++;
  return q === qs ? bytes : null;
}

/** The longest prefix of `text` whose encoding fits in `max` bytes; a character is never split. */
export function truncateToBytes(text: string, max: number, encoding: DbfEncoding): Buffer {
  const parts: Buffer[] = [];
  let used = 0;
  for (const ch of text) {
    const b = encodeText(ch, encoding) ?? Buffer.from('?');
    if (used + b.length > max) break;
    parts.push(b);
    used += b.length;
  }
  return Buffer.concat(parts, used);
}

/**
 * A number as plain decimal digits (no exponent), exactly the digits of its shortest round-trip form:
 * 1.5e-7 → "0.00000015", 1e21 → "1000000000000000000000".
 */
export function plainDecimal(v: number): string {
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s[0] === '-' ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp; // position of the decimal point in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function fractionDigits(plain: string): number {
  const dot = plain.indexOf('.');
  return dot < 0 ? 0 : plain.length - dot - 1;
}

/** `plain` padded with zeros (or rounded when it has more) to exactly `decimals` decimals. */
function withDecimals(v: number, decimals: number): string {
  let plain = plainDecimal(v);
  const have = fractionDigits(plain);
  if (have > decimals) plain = plainDecimal(roundHalfAwayFromZero(v, decimals));
  const now = fractionDigits(plain);
  if (decimals === 0) return plain;
  return (now === 0 ? `${plain}.` : plain) + '0'.repeat(decimals - now);
}

/**
 * Shortens field names to 10 bytes and makes them unique (case-insensitively), GDAL-style: the name is cut
 * by bytes at a character boundary; a clash becomes `<cut>_1`, `<cut>_2` … with the cut short enough for
 * the suffix to fit. Names in `reserved` are taken already.
 *
 * @example
 * dbfFieldNames(['权属单位名称代码', '权属单位名称'], 'gbk').names; // ['权属单位名', '权属单位_1']
 */
export function dbfFieldNames(
  attributes: readonly string[],
  encoding: DbfEncoding,
  reserved: readonly string[] = [],
): { names: string[]; renamed: FieldRename[] } {
  const taken = new Set(reserved.map((n) => n.toUpperCase()));
  const names: string[] = [];
  const renamed: FieldRename[] = [];
  const decode = (b: Buffer): string => (encoding === 'utf8' ? b.toString('utf8') : iconv.decode(b, 'gbk'));
  for (const attr of attributes) {
    const source = attr.replace(/\0/g, '') || 'FIELD';
    let name = decode(truncateToBytes(source, MAX_NAME_BYTES, encoding));
    for (let n = 1; taken.has(name.toUpperCase()); n++) {
      const suffix = `_${n}`;
      name = decode(truncateToBytes(source, MAX_NAME_BYTES - suffix.length, encoding)) + suffix;
    }
    taken.add(name.toUpperCase());
    names.push(name);
    if (name !== attr) renamed.push({ from: attr, to: name });
  }
  return { names, renamed };
}

/** Attribute keys in first-seen order over all rows. */
function attributeKeys(records: readonly Attributes[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

interface ColumnPlan {
  spec: DbfColumn;
  /** Encoded text per row for C columns (null for a null value). */
  text?: (Buffer | null)[];
  /** Text per row for N/F columns, already formatted to the column's decimals. */
  numbers?: (string | null)[];
}

/**
 * Encodes attribute rows as a dBASE III table. Returns the bytes and a report of every change: renamed
 * fields, truncated text, lossy columns.
 *
 * @throws InputError for text the encoding cannot hold (the message names the feature and field and says to
 *   write UTF-8), values that do not fit an explicit schema, or tables beyond the format's limits.
 * @example
 * const { bytes, renamed } = encodeDbf(layer.attributes, { encoding: 'gbk' });
 */
export function encodeDbf(records: readonly Attributes[], options: DbfWriteOptions = {}): DbfWriteResult {
  const file = options.file;
  const encoding = dbfEncoding(options.encoding, file);
  const longText = options.longText ?? 'truncate';
  const warnings: string[] = [];
  const truncated: TruncatedValue[] = [];

  const specs: readonly DbfFieldSpec[] = options.fields ?? attributeKeys(records).map((attribute) => ({ attribute, type: 'C' as const }));
  const inferred = options.fields === undefined;
  if (specs.length === 0) throw new InputError('expected at least one attribute column for the DBF table, found none', { file });
  if (specs.length > MAX_FIELDS) throw new InputError(`a DBF table holds at most ${MAX_FIELDS} fields, found ${specs.length}`, { file });
  if (specs.length > 255) warnings.push(`${specs.length} fields: dBASE IV readers (and ArcGIS) stop at 255`);

  // Names: explicit ones are checked and reserved, the others shortened around them.
  const explicitNames = specs.filter((s) => s.name !== undefined).map((s) => s.name!);
  for (const n of explicitNames) {
    const b = encodeText(n, encoding);
    if (b === null || b.length === 0 || b.length > MAX_NAME_BYTES) {
      throw new InputError(`expected a DBF field name of 1–${MAX_NAME_BYTES} bytes in ${encoding}, found "${n}"`, { file });
    }
  }
  if (new Set(explicitNames.map((n) => n.toUpperCase())).size !== explicitNames.length) {
    throw new InputError(`expected distinct DBF field names, found duplicates in ${JSON.stringify(explicitNames)}`, { file });
  }
  const auto = dbfFieldNames(specs.filter((s) => s.name === undefined).map((s) => s.attribute), encoding, explicitNames);
  let autoAt = 0;
  const names = specs.map((s) => s.name ?? auto.names[autoAt++]);

  const plans: ColumnPlan[] = specs.map((s, c) =>
    planColumn(records, s, names[c], inferred, { encoding, longText, file, warnings, truncated }),
  );
  const recordLength = 1 + plans.reduce((n, p) => n + p.spec.length, 0);
  if (recordLength > 65535) throw new InputError(`a DBF record holds at most 65 535 bytes, the fields need ${recordLength}`, { file });

  const headerLength = 32 + 32 * plans.length + 1;
  const count = records.length;
  const out = Buffer.alloc(headerLength + count * recordLength + 1, 0x20);
  out.fill(0, 0, headerLength);
  const date = options.date ?? new Date();
  out[0] = 0x03; // dBASE III without memo
  out[1] = date.getFullYear() - 1900;
  out[2] = date.getMonth() + 1;
  out[3] = date.getDate();
  out.writeUInt32LE(count, 4);
  out.writeUInt16LE(headerLength, 8);
  out.writeUInt16LE(recordLength, 10);
  out[29] = LDID[encoding];
  plans.forEach((p, c) => {
    const at = 32 + 32 * c;
    encodeText(p.spec.name, encoding)!.copy(out, at); // ≤ 10 bytes, NUL-padded to 11 by the zero fill
    out[at + 11] = p.spec.type.charCodeAt(0);
    out[at + 16] = p.spec.length;
    out[at + 17] = p.spec.decimals;
  });
  out[headerLength - 1] = 0x0d;

  for (let i = 0; i < count; i++) {
    let at = headerLength + i * recordLength + 1; // byte 0 of a record: ' ' = not deleted
    for (const p of plans) {
      const { type, length } = p.spec;
      if (p.text) {
        p.text[i]?.copy(out, at);
      } else if (p.numbers) {
        const s = p.numbers[i];
        if (s !== null) out.write(s, at + length - s.length, 'latin1'); // right-aligned
      } else {
        const v = records[i][p.spec.attribute];
        if (type === 'L') out[at] = v === true ? 0x54 : v === false ? 0x46 : 0x3f;
        else if (type === 'D' && v !== null && v !== undefined) out.write(dateText(v, p.spec.attribute, i, file), at, 'latin1');
      }
      at += length;
    }
  }
  out[out.length - 1] = 0x1a; // end-of-file marker
  return { bytes: out, encoding, columns: plans.map((p) => p.spec), renamed: auto.renamed, truncated, warnings };
}

function dateText(v: AttributeValue, field: string, featureIndex: number, file: string | undefined): string {
  const m = typeof v === 'string' ? /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v) : null;
  if (!m) throw new InputError(`field ${field}: expected a date YYYY-MM-DD, found ${JSON.stringify(v)}`, { file, featureIndex });
  return m[1] + m[2] + m[3];
}

interface PlanContext {
  encoding: DbfEncoding;
  longText: 'truncate' | 'error';
  file: string | undefined;
  warnings: string[];
  truncated: TruncatedValue[];
}

function planColumn(records: readonly Attributes[], spec: DbfFieldSpec, name: string, inferred: boolean, ctx: PlanContext): ColumnPlan {
  const { attribute } = spec;
  let type = spec.type;
  if (inferred) {
    let text = false;
    let num = false;
    let bool = false;
    for (const r of records) {
      const v = r[attribute];
      if (typeof v === 'string') text = true;
      else if (typeof v === 'number') num = true;
      else if (typeof v === 'boolean') bool = true;
    }
    type = text || (num && bool) ? 'C' : num ? 'N' : bool ? 'L' : 'C';
    if (type === 'C' && (num || bool)) ctx.warnings.push(`field ${attribute} mixes text with ${num ? 'numbers' : 'booleans'}; written as text`);
  }
  const column = (length: number, decimals: number): DbfColumn => ({ attribute, name, type, length, decimals });
  switch (type) {
    case 'C':
      return planText(records, spec, column, inferred, ctx);
    case 'N':
    case 'F':
      return planNumber(records, spec, column, ctx);
    case 'L':
      for (let i = 0; i < records.length; i++) {
        const v = records[i][attribute];
        if (v !== null && v !== undefined && typeof v !== 'boolean') {
          throw new InputError(`field ${attribute}: expected true, false or null, found ${JSON.stringify(v)}`, { file: ctx.file, featureIndex: i });
        }
      }
      return { spec: column(1, 0) };
    case 'D':
      return { spec: column(8, 0) };
  }
}

const textOf = (v: AttributeValue): string => (typeof v === 'number' ? plainDecimal(v) : String(v));

function planText(
  records: readonly Attributes[],
  spec: DbfFieldSpec,
  column: (length: number, decimals: number) => DbfColumn,
  inferred: boolean,
  ctx: PlanContext,
): ColumnPlan {
  const { attribute } = spec;
  const text: (Buffer | null)[] = new Array(records.length);
  let widest = 1;
  for (let i = 0; i < records.length; i++) {
    const v = records[i][attribute];
    if (v === null || v === undefined) {
      text[i] = null;
      continue;
    }
    if (!inferred && typeof v !== 'string') {
      throw new InputError(`field ${attribute}: expected text, found ${JSON.stringify(v)}`, { file: ctx.file, featureIndex: i });
    }
    const s = textOf(v);
    const b = encodeText(s, ctx.encoding);
    if (b === null) {
      throw new InputError(
        `field ${attribute}: ${JSON.stringify(s)} has characters that GBK cannot encode; write the table as UTF-8 ({ encoding: 'utf8' })`,
        { file: ctx.file, featureIndex: i },
      );
    }
    text[i] = b;
    if (b.length > widest) widest = b.length;
  }
  const length = spec.length ?? Math.min(widest, MAX_TEXT_BYTES);
  if (!Number.isInteger(length) || length < 1 || length > MAX_TEXT_BYTES) {
    throw new InputError(`field ${attribute}: expected a text width of 1–${MAX_TEXT_BYTES} bytes, found ${length}`, { file: ctx.file });
  }
  for (let i = 0; i < text.length; i++) {
    const b = text[i];
    if (b === null || b.length <= length) continue;
    if (ctx.longText === 'error') {
      throw new InputError(`field ${attribute}: text of ${b.length} bytes does not fit in ${length} bytes`, { file: ctx.file, featureIndex: i });
    }
    const cut = truncateToBytes(textOf(records[i][attribute]), length, ctx.encoding);
    ctx.truncated.push({ featureIndex: i, field: attribute, bytes: b.length, kept: cut.length });
    text[i] = cut;
  }
  return { spec: column(length, 0), text };
}

function planNumber(
  records: readonly Attributes[],
  spec: DbfFieldSpec,
  column: (length: number, decimals: number) => DbfColumn,
  ctx: PlanContext,
): ColumnPlan {
  const { attribute } = spec;
  let decimals = spec.decimals ?? 0;
  let intWidth = 1;
  let nonFinite = 0;
  for (let i = 0; i < records.length; i++) {
    const v = records[i][attribute];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') {
      throw new InputError(`field ${attribute}: expected a number, found ${JSON.stringify(v)}`, { file: ctx.file, featureIndex: i });
    }
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    const plain = plainDecimal(v);
    const dot = plain.indexOf('.');
    intWidth = Math.max(intWidth, dot < 0 ? plain.length : dot);
    if (spec.decimals === undefined) decimals = Math.max(decimals, fractionDigits(plain));
  }
  if (nonFinite > 0) ctx.warnings.push(`field ${attribute}: ${nonFinite} non-finite numbers (NaN, ±Infinity) written as null`);
  const maxWidth = spec.length ?? MAX_NUMBER_WIDTH;
  if (intWidth > maxWidth) {
    throw new InputError(`field ${attribute}: numbers with ${intWidth} integer digits do not fit in a width of ${maxWidth}`, { file: ctx.file });
  }
  const needed = decimals > 0 ? intWidth + 1 + decimals : intWidth;
  if (needed > maxWidth && spec.decimals === undefined) {
    const kept = Math.max(0, maxWidth - intWidth - 1);
    ctx.warnings.push(
      `field ${attribute}: full precision needs ${needed} characters, more than ${maxWidth}; written with ${kept} decimals (values rounded)`,
    );
    decimals = kept;
  }
  const numbers: (string | null)[] = new Array(records.length);
  let width = 1;
  for (let i = 0; i < records.length; i++) {
    const v = records[i][attribute];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      numbers[i] = null;
      continue;
    }
    const s = withDecimals(v, decimals);
    if (s.length > maxWidth) {
      throw new InputError(`field ${attribute}: ${s} does not fit in a width of ${maxWidth}`, { file: ctx.file, featureIndex: i });
    }
    numbers[i] = s;
    if (s.length > width) width = s.length;
  }
  return { spec: column(spec.length ?? width, decimals), numbers };
}
