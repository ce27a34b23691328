/**
 * dBASE III/IV attribute tables (the .dbf of a Shapefile set), read record by record through a fixed window.
 *
 * Layout (dBASE III PLUS / IV file structure, as used by ESRI Shapefile Technical Description 1998 §
 * "dBASE file"): a 32-byte header (record count at 4, header length at 8, record length at 10, language
 * driver id at 29), 32-byte field descriptors (name 0–10, type 11, length 16, decimals 17) ended by 0x0D,
 * then fixed-width records, each led by a deletion flag (' ' or '*').
 *
 * Values: C → string, right-trimmed (codes keep their leading zeros: "0101"); N/F → number — except
 * integers longer than 15 digits (19-digit ZLDWDM codes), which a double would change, and which stay
 * strings; a numeric field whose values have leading zeros loses them (a code should be a C field) and the
 * reader says so; L → boolean; D → "YYYY-MM-DD"; blank, and numbers written as all '*' (the shapelib/GDAL
 * null), → null. Other types are read as text, with a warning.
 *
 * Text encoding, in order: the `encoding` option, the language driver byte, the .cpg file, else a guess
 * (UTF-8 when every text byte sequence is valid UTF-8, else GBK). Bytes that are not valid in the chosen
 * encoding become U+FFFD and every such value is listed in the warnings — never silently.
 */
import iconv from 'iconv-lite';
import { InputError } from '../errors.js';
import type { AttributeValue } from '../geometry/types.js';
import { ChunkedReader, memorySource, type ByteSourceFactory } from './byte-source.js';
import { checkUtf8, FieldDecoder, TextStatus, Utf8Check } from './text-decode.js';

/** Where the text encoding of a DBF came from. */
export type EncodingSource = 'option' | 'ldid' | 'cpg' | 'guess';

export interface DbfTable {
  readonly fields: readonly DbfField[];
  readonly records: Record<string, AttributeValue>[];
  readonly encoding: string;
  readonly encodingFrom: EncodingSource;
  /** Indices of records flagged deleted ('*'). They are kept: the geometry still exists in the .shp. */
  readonly deleted: readonly number[];
  /** What the reader could not read as declared (invalid text, text in numeric fields, …), value by value. */
  readonly warnings: readonly string[];
}

export interface DbfField {
  readonly name: string;
  readonly type: string;
  readonly length: number;
  readonly decimals: number;
}

export interface DbfReadOptions {
  /** Text encoding overriding the header byte and the .cpg (an iconv-lite name: `gbk`, `utf8`, `cp437` …). */
  encoding?: string;
  /** Contents of the .cpg file beside the .dbf. */
  cpg?: string;
  /** File name for messages. */
  file?: string;
}

/**
 * Language driver ids (DBF header byte 29) that name a code page, per the ESRI/dBASE LDID table. 0x57 means
 * "the writer's ANSI code page", which says nothing portable, so it falls through to the .cpg and the guess.
 */
const LDID_CODEPAGE: Readonly<Record<number, string>> = {
  0x01: 'cp437',
  0x02: 'cp850',
  0x03: 'cp1252',
  0x13: 'shift_jis',
  0x26: 'cp866',
  0x4d: 'gb18030',
  0x4e: 'cp949',
  0x4f: 'big5',
  0x64: 'cp852',
  0x65: 'cp866',
  0x66: 'cp865',
  0x67: 'cp861',
  0x78: 'big5',
  0x79: 'cp949',
  0x7a: 'gb18030',
  0x7b: 'shift_jis',
  0x7c: 'cp874',
  0x7d: 'cp1255',
  0x7e: 'cp1256',
  0xc8: 'cp1250',
  0xc9: 'cp1251',
  0xca: 'cp1254',
  0xcb: 'cp1253',
  0xcc: 'cp1257',
};

/**
 * Maps .cpg contents (ESRI writes names or bare code page numbers: `GBK`, `936`, `CP936`, `ANSI 936`,
 * `UTF-8`, `UTF8`, `65001`, `88591` …) to an iconv-lite encoding name; null when it names none (`OEM`,
 * `ANSI`, `SYSTEM` mean "the writer's machine setting", which is unknowable here).
 *
 * @example
 * encodingFromCpg('ANSI 936'); // 'gb18030'
 */
export function encodingFromCpg(text: string): string | null {
  const t = text
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase()
    .replace(/^ansi[\s_-]*/, '');
  if (t === '' || t === 'oem' || t === 'system' || t === 'ansi') return null;
  if (t === '936' || t === 'cp936' || t === 'gbk' || t === 'gb2312' || t === 'gb18030' || t === 'ms936' || t === 'windows-936' || t === '54936') {
    // GB18030 is a superset of GBK and decodes every GBK byte sequence the same way.
    return 'gb18030';
  }
  if (t === '65001' || t === 'utf-8' || t === 'utf8' || t === 'cp65001') return 'utf8';
  const iso = /^(?:iso[-_ ]?)?8859[-_ ]?(\d{1,2})$/.exec(t);
  if (iso) return `iso-8859-${iso[1]}`;
  if (/^\d+$/.test(t)) return iconv.encodingExists(`cp${t}`) ? `cp${t}` : null;
  return iconv.encodingExists(t) ? t : null;
}

const TYPE_C = 1;
const TYPE_N = 2;
const TYPE_L = 3;
const TYPE_D = 4;
const TYPE_OTHER = 5;
const TYPE_NAMES: Readonly<Record<string, string>> = { M: 'memo', B: 'binary', G: 'OLE', I: 'integer', O: 'double', T: 'timestamp', '@': 'timestamp', '+': 'autoincrement', Y: 'currency', V: 'varchar', P: 'picture' };

// 10^k for k ≤ 22 are exact doubles, so digits / 10^k is the correctly rounded decimal (IEEE 754 division).
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Collects warnings of one kind: a count and the first few places. */
class Tally {
  count = 0;
  readonly examples: string[] = [];
  add(example: string): void {
    if (this.count++ < 5) this.examples.push(example);
  }
}

/**
 * A DBF table opened for sequential reading: header and fields at once, records one {@link read} at a time.
 *
 * @example
 * const dbf = DbfReader.open(fileSource('DLTB.dbf'), { cpg: 'GBK' });
 * for (let i = 0; i < dbf.count; i++) console.log(dbf.read().DLMC);
 * dbf.close();
 */
export class DbfReader {
  readonly fields: readonly DbfField[];
  /** Number of records the header announces (checked against the file size). */
  readonly count: number;
  readonly encoding: string;
  readonly encodingFrom: EncodingSource;
  /** Why this encoding, for the report: "DBF text decoded as gb18030 (from the .cpg "GBK")". */
  readonly encodingNote: string;
  readonly deleted: number[] = [];
  private readonly reader: ChunkedReader;
  private readonly headerLength: number;
  private readonly recordLength: number;
  private readonly kinds: Uint8Array;
  private readonly decoder: FieldDecoder;
  private readonly file: string | undefined;
  private next = 0;
  private readonly headerNotes: string[] = [];
  private readonly invalidText = new Tally();
  private readonly cutText = new Tally();
  private readonly notNumeric = new Tally();
  private readonly oddDates = new Tally();
  private readonly leadingZeros = new Map<string, string>();

  private constructor(source: ByteSourceFactory, options: DbfReadOptions) {
    const file = options.file ?? (source.label !== '' ? source.label : undefined);
    this.file = file;
    this.reader = new ChunkedReader(source);
    try {
      const r = this.reader;
      if (r.window(0, 32) < 0) throw new InputError(`expected a DBF header of 32 bytes, found ${source.size} bytes`, { file });
      const count = r.view.getUint32(4, true);
      const headerLength = r.view.getUint16(8, true);
      const recordLength = r.view.getUint16(10, true);
      const ldid = r.buf[29];
      if (headerLength < 33 || headerLength > source.size) {
        throw new InputError(`expected a DBF header length between 33 and the file size, found ${headerLength}`, { file });
      }
      if (headerLength + count * recordLength > source.size) {
        throw new InputError(
          `the DBF header announces ${count} records of ${recordLength} bytes but the file holds only ${source.size} bytes (truncated file?)`,
          { file },
        );
      }
      r.window(0, headerLength);
      const rawFields: { name: Buffer; type: string; length: number; decimals: number }[] = [];
      for (let at = 32; at + 32 <= headerLength && r.buf[at] !== 0x0d; at += 32) {
        let end = at;
        while (end < at + 11 && r.buf[end] !== 0) end++;
        rawFields.push({ name: Buffer.from(r.buf.subarray(at, end)), type: String.fromCharCode(r.buf[at + 11]), length: r.buf[at + 16], decimals: r.buf[at + 17] });
      }
      const width = 1 + rawFields.reduce((s, f) => s + f.length, 0);
      if (width > recordLength) {
        throw new InputError(`the DBF fields need ${width} bytes per record but the header says records are ${recordLength} bytes`, { file });
      }
      this.count = count;
      this.headerLength = headerLength;
      this.recordLength = recordLength;
      this.kinds = Uint8Array.from(rawFields, (f) =>
        f.type === 'C' ? TYPE_C : f.type === 'N' || f.type === 'F' ? TYPE_N : f.type === 'L' ? TYPE_L : f.type === 'D' ? TYPE_D : TYPE_OTHER,
      );

      // The encoding: option, language driver, .cpg, guess.
      const cpgEncoding = options.cpg !== undefined ? encodingFromCpg(options.cpg) : null;
      const cpgText = options.cpg?.replace(/^\ufeff/, '').trim();
      let encoding: string;
      let from: EncodingSource;
      let why: string;
      if (options.encoding !== undefined) {
        if (!iconv.encodingExists(options.encoding)) {
          throw new InputError(`expected a known text encoding such as "gbk" or "utf8", found "${options.encoding}"`, { file });
        }
        encoding = options.encoding;
        from = 'option';
        why = 'from the encoding option';
      } else if (LDID_CODEPAGE[ldid] !== undefined) {
        encoding = LDID_CODEPAGE[ldid];
        from = 'ldid';
        why = `from its language driver byte 0x${ldid.toString(16).toUpperCase()}`;
        if (cpgEncoding !== null && cpgEncoding !== encoding) {
          this.headerNotes.push(`the .cpg says "${cpgText}" but the DBF language driver byte says ${encoding}; the language driver byte is used (pass an encoding to override)`);
        }
      } else if (cpgEncoding !== null) {
        encoding = cpgEncoding;
        from = 'cpg';
        why = `from the .cpg "${cpgText}"`;
      } else {
        const guess = guessEncoding(source, headerLength, recordLength, count, rawFields, this.kinds);
        encoding = guess.encoding;
        from = 'guess';
        const cpgSaid = cpgText !== undefined ? `the .cpg "${cpgText}" names no code page` : 'no .cpg';
        why = `guessed (no language driver byte, ${cpgSaid}): ${guess.why}`;
      }
      if (cpgText !== undefined && cpgText !== '' && cpgEncoding === null && from !== 'guess') {
        this.headerNotes.push(`the .cpg "${cpgText}" names no known code page; ignored`);
      }
      this.encoding = encoding;
      this.encodingFrom = from;
      this.encodingNote = `DBF text decoded as ${encoding} (${why})`;
      this.decoder = new FieldDecoder(encoding);

      // Field names are in the table's code page (Chinese names such as 面积 are common).
      const seen = new Map<string, number>();
      this.fields = rawFields.map((f) => {
        let name = this.decoder.decode(f.name, 0, f.name.length).trim();
        if (this.decoder.status === TextStatus.Invalid) this.headerNotes.push(`field name bytes ${f.name.toString('hex')} are not valid ${encoding}; read as "${name}"`);
        const n = seen.get(name) ?? 0;
        seen.set(name, n + 1);
        if (n > 0) {
          const renamed = `${name}_${n + 1}`;
          this.headerNotes.push(`two fields are named "${name}"; the second is read as "${renamed}"`);
          name = renamed;
        }
        if (!'CNFLD'.includes(f.type)) {
          this.headerNotes.push(`field ${name} has type '${f.type}'${TYPE_NAMES[f.type] ? ` (${TYPE_NAMES[f.type]})` : ''}, which Shapefile DBFs do not use; its bytes are read as text`);
        }
        return { name, type: f.type, length: f.length, decimals: f.decimals };
      });
    } catch (e) {
      this.reader.close();
      throw e;
    }
  }

  /**
   * Opens a table and decides its text encoding (scanning the records once when it has to guess).
   *
   * @throws InputError for a header that does not fit the file, or an unknown `encoding` option.
   */
  static open(source: ByteSourceFactory, options: DbfReadOptions = {}): DbfReader {
    return new DbfReader(source, options);
  }

  /** Records not yet read. */
  get remaining(): number {
    return this.count - this.next;
  }

  /** Reads the next record. */
  read(): Record<string, AttributeValue> {
    const i = this.next++;
    if (i >= this.count) throw new RangeError(`the DBF has ${this.count} records`);
    const r = this.reader;
    const k = r.window(this.headerLength + i * this.recordLength, this.recordLength);
    if (k < 0) throw new InputError(`record ${i} is cut short (truncated file?)`, { file: this.file, featureIndex: i });
    const buf = r.buf;
    if (buf[k] === 0x2a) this.deleted.push(i);
    const rec: Record<string, AttributeValue> = {};
    let at = k + 1;
    const fields = this.fields;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f];
      const end = at + field.length;
      switch (this.kinds[f]) {
        case TYPE_N:
          rec[field.name] = this.numeric(buf, at, end, i, field);
          break;
        case TYPE_L: {
          let c = 0x20;
          for (let p = at; p < end; p++) if (buf[p] !== 0x20) (c = buf[p]), (p = end);
          rec[field.name] = c === 0x54 || c === 0x74 || c === 0x59 || c === 0x79 ? true : c === 0x46 || c === 0x66 || c === 0x4e || c === 0x6e ? false : null;
          break;
        }
        case TYPE_D:
          rec[field.name] = this.date(buf, at, end, i, field);
          break;
        default:
          rec[field.name] = this.text(buf, at, end, i, field);
      }
      at = end;
    }
    return rec;
  }

  /** Everything the reader noticed so far, one line per kind, with the first few places. */
  warnings(): string[] {
    const out = [...this.headerNotes];
    const line = (t: Tally, what: string): void => {
      if (t.count > 0) out.push(`${what} — ${t.count} value${t.count > 1 ? 's' : ''}: ${t.examples.join('; ')}${t.count > t.examples.length ? '; …' : ''}`);
    };
    line(this.invalidText, `DBF text not valid in ${this.encoding}, read with U+FFFD replacement characters (pass the right encoding if the text is garbled)`);
    line(this.cutText, 'DBF text ending in a character cut in half by the field width; the partial bytes were dropped');
    line(this.notNumeric, 'DBF numeric fields holding text that is not a number; kept as text');
    line(this.oddDates, 'DBF date fields holding values that are not YYYYMMDD; kept as text');
    for (const [name, example] of this.leadingZeros) {
      out.push(`DBF field ${name} is numeric but holds codes with leading zeros (${example}); numbers keep no leading zeros — store codes as text (C) fields`);
    }
    if (this.deleted.length > 0) {
      out.push(`${this.deleted.length} DBF rows are flagged deleted but their shapes exist; they were kept (rows ${this.deleted.slice(0, 10).join(', ')}${this.deleted.length > 10 ? ' …' : ''})`);
    }
    return out;
  }

  close(): void {
    this.reader.close();
  }

  private text(buf: Buffer, start: number, end: number, i: number, field: DbfField): string {
    let e = end;
    while (e > start && (buf[e - 1] === 0x20 || buf[e - 1] === 0 || buf[e - 1] === 0x0d || buf[e - 1] === 0x0a || buf[e - 1] === 0x09)) e--;
    if (e === start) return '';
    const text = this.decoder.decode(buf, start, e);
    if (this.decoder.status !== TextStatus.Ok) {
      (this.decoder.status === TextStatus.Invalid ? this.invalidText : this.cutText).add(`feature ${i} field ${field.name} ${JSON.stringify(text)}`);
    }
    return text;
  }

  private numeric(buf: Buffer, start: number, end: number, i: number, field: DbfField): AttributeValue {
    let s = start;
    let e = end;
    while (s < e && (buf[s] === 0x20 || buf[s] === 0)) s++;
    while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0)) e--;
    if (s === e) return null;
    let p = s;
    const negative = buf[p] === 0x2d;
    if (negative || buf[p] === 0x2b) p++;
    // Digits up to the last non-zero one: "6677.710000000000000" (GDAL's Real 24.15) is 6 significant digits.
    let int = 0;
    let digits = 0;
    let fraction = -1;
    let sigInt = 0;
    let sigDigits = 0;
    let sigFraction = 0;
    const first = p;
    for (; p < e; p++) {
      const c = buf[p];
      if (c >= 0x30 && c <= 0x39) {
        int = int * 10 + (c - 0x30);
        digits++;
        if (fraction >= 0) fraction++;
        if (fraction < 0 || c !== 0x30) {
          sigInt = int;
          sigDigits = digits;
          sigFraction = fraction < 0 ? 0 : fraction;
        }
      } else if (c === 0x2e && fraction < 0) fraction = 0;
      else break;
    }
    if (p === e && digits > 0 && sigDigits <= 15 && (fraction >= 0 || digits <= 15)) {
      if (buf[first] === 0x30 && first + 1 < e && buf[first + 1] >= 0x30 && buf[first + 1] <= 0x39 && !this.leadingZeros.has(field.name)) {
        this.leadingZeros.set(field.name, `feature ${i}: "${buf.toString('latin1', s, e)}"`);
      }
      const v = sigFraction > 0 ? sigInt / POW10[sigFraction] : sigInt;
      return negative ? -v : v;
    }
    const text = buf.toString('latin1', s, e);
    // All '*' is how shapelib/GDAL write a null number (dBASE wrote it for a value too wide for the field).
    if (buf[s] === 0x2a && /^\*+$/.test(text)) return null;
    // Integers beyond 2^53 (19-digit codes stored as numbers) would be silently changed by a double.
    if (/^[-+]?\d+$/.test(text)) return text;
    const n = Number(text);
    if (Number.isFinite(n) && text !== '.' && text !== '-' && text !== '+') return n;
    this.notNumeric.add(`feature ${i} field ${field.name} ${JSON.stringify(text)}`);
    return text;
  }

  private date(buf: Buffer, start: number, end: number, i: number, field: DbfField): AttributeValue {
    const t = buf.toString('latin1', start, end).trim();
    if (t === '' || /^0+$/.test(t)) return null;
    if (/^\d{8}$/.test(t)) return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
    this.oddDates.add(`feature ${i} field ${field.name} ${JSON.stringify(t)}`);
    return t;
  }
}

/**
 * UTF-8 if every text value (and field name) is valid UTF-8 and some use bytes ≥ 0x80 — GBK text almost
 * never is, since GBK trail bytes are rarely UTF-8 continuation bytes in the right pattern — else GBK, the
 * usual encoding of Chinese Shapefiles. A multi-byte character cut by the field width is not evidence.
 */
function guessEncoding(
  source: ByteSourceFactory,
  headerLength: number,
  recordLength: number,
  count: number,
  fields: readonly { name: Buffer; length: number }[],
  kinds: Uint8Array,
): { encoding: string; why: string } {
  let high = false;
  for (const f of fields) {
    const c = checkUtf8(f.name, 0, f.name.length);
    if (c === Utf8Check.Invalid) return { encoding: 'gb18030', why: 'a field name is not valid UTF-8, so GBK' };
    if (c !== Utf8Check.Ascii) high = true;
  }
  const reader = new ChunkedReader(source);
  try {
    for (let i = 0; i < count; i++) {
      const k = reader.window(headerLength + i * recordLength, recordLength);
      if (k < 0) break;
      const buf = reader.buf;
      let at = k + 1;
      for (let f = 0; f < fields.length; f++) {
        const end = at + fields[f].length;
        if (kinds[f] === TYPE_C || kinds[f] === TYPE_OTHER) {
          const c = checkUtf8(buf, at, end);
          if (c === Utf8Check.Invalid) return { encoding: 'gb18030', why: `the text is not valid UTF-8 (first at feature ${i}), so GBK` };
          if (c !== Utf8Check.Ascii) high = true;
        }
        at = end;
      }
    }
  } finally {
    reader.close();
  }
  return high ? { encoding: 'utf8', why: 'all text is valid UTF-8' } : { encoding: 'gb18030', why: 'the text is ASCII only, so any choice reads it the same' };
}

/**
 * Reads a whole dBASE III/IV table from bytes in memory (see {@link DbfReader} for the rules).
 *
 * @example
 * const table = readDbf(readFileSync('DLTB.dbf'), { cpg: readFileSync('DLTB.cpg', 'utf8') });
 * console.log(table.encoding, table.records[0].DLMC);
 */
export function readDbf(bytes: Uint8Array, options: DbfReadOptions = {}): DbfTable {
  const reader = DbfReader.open(memorySource(bytes, options.file ?? ''), options);
  try {
    const records: Record<string, AttributeValue>[] = new Array(reader.count);
    for (let i = 0; i < reader.count; i++) records[i] = reader.read();
    return {
      fields: reader.fields,
      records,
      encoding: reader.encoding,
      encodingFrom: reader.encodingFrom,
      deleted: reader.deleted,
      warnings: reader.warnings(),
    };
  } finally {
    reader.close();
  }
}
