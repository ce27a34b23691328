import iconv from 'iconv-lite';
import { InputError } from '../errors.js';
import type { AttributeValue } from '../geometry/types.js';

/** Where the text encoding of a DBF came from. */
export type EncodingSource = 'option' | 'ldid' | 'cpg' | 'guess';

export interface DbfTable {
  readonly fields: readonly DbfField[];
  readonly records: Record<string, AttributeValue>[];
  readonly encoding: string;
  readonly encodingFrom: EncodingSource;
  /** Indices of records flagged deleted ('*'). They are kept: the geometry still exists in the .shp. */
  readonly deleted: readonly number[];
}

export interface DbfField {
  readonly name: string;
  readonly type: string;
  readonly length: number;
  readonly decimals: number;
}

/**
 * Language driver ids (DBF header byte 29) that name a code page, per the ESRI/dBASE LDID table. 0x57 means
 * "the writer's ANSI code page", which says nothing portable, so it falls through to the .cpg and the guess.
 */
const LDID_CODEPAGE: Readonly<Record<number, string>> = {
  0x01: 'cp437',
  0x02: 'cp850',
  0x03: 'cp1252',
  0x4d: 'gbk',
  0x4e: 'cp949',
  0x4f: 'big5',
  0x78: 'big5',
  0x79: 'cp949',
  0x7a: 'gbk',
  0x7b: 'shift_jis',
  0xc8: 'cp1250',
  0xc9: 'cp1251',
};

/** Maps .cpg contents (ESRI writes names or bare code page numbers) to an iconv-lite encoding name. */
export function encodingFromCpg(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/^ansi\s*/, '');
  if (t === '') return null;
  if (t === '936' || t === 'cp936' || t === 'gbk' || t === 'gb2312' || t === 'gb18030' || t === 'ms936') {
    // GB18030 is a superset of GBK and decodes every GBK byte sequence the same way.
    return 'gb18030';
  }
  if (t === '65001' || t === 'utf-8' || t === 'utf8') return 'utf8';
  if (/^\d+$/.test(t)) return iconv.encodingExists(`cp${t}`) ? `cp${t}` : null;
  return iconv.encodingExists(t) ? t : null;
}

/**
 * Reads a dBASE III/IV table. Text fields are decoded with, in order: `options.encoding`, the header's
 * language driver byte, the .cpg text, else a guess (UTF-8 when every text byte sequence is valid UTF-8,
 * otherwise GBK — the usual encoding of Chinese Shapefiles). Character fields are right-trimmed; numeric
 * fields become numbers, except integers too long to be exact in a double (19-digit ZLDWDM codes), which stay
 * strings; dates become `YYYY-MM-DD`.
 *
 * @example
 * const table = readDbf(readFileSync('DLTB.dbf'), { cpg: readFileSync('DLTB.cpg', 'utf8') });
 * console.log(table.encoding, table.records[0].DLMC);
 */
export function readDbf(
  bytes: Uint8Array,
  options: { encoding?: string; cpg?: string; file?: string } = {},
): DbfTable {
  const file = options.file;
  if (bytes.length < 32) throw new InputError(`expected a DBF header of 32 bytes, found ${bytes.length} bytes`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const ldid = bytes[29];
  if (headerLength < 33 || headerLength > bytes.length) {
    throw new InputError(`expected a DBF header length between 33 and the file size, found ${headerLength}`, { file });
  }
  if (headerLength + count * recordLength > bytes.length) {
    throw new InputError(
      `the DBF header announces ${count} records of ${recordLength} bytes but the file holds only ${bytes.length} bytes`,
      { file },
    );
  }

  const fields: DbfField[] = [];
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    let end = at;
    while (end < at + 11 && bytes[end] !== 0) end++;
    fields.push({
      // Field names are ASCII in practice; decode as latin1 so a stray byte cannot throw.
      name: iconv.decode(Buffer.from(bytes.subarray(at, end)), 'latin1').trim(),
      type: String.fromCharCode(bytes[at + 11]),
      length: bytes[at + 16],
      decimals: bytes[at + 17],
    });
  }

  let encoding: string;
  let encodingFrom: EncodingSource;
  const cpgEncoding = options.cpg !== undefined ? encodingFromCpg(options.cpg) : null;
  if (options.encoding !== undefined) {
    if (!iconv.encodingExists(options.encoding)) {
      throw new InputError(`expected a known text encoding such as "gbk" or "utf8", found "${options.encoding}"`, { file });
    }
    encoding = options.encoding;
    encodingFrom = 'option';
  } else if (LDID_CODEPAGE[ldid] !== undefined) {
    encoding = LDID_CODEPAGE[ldid] === 'gbk' ? 'gb18030' : LDID_CODEPAGE[ldid];
    encodingFrom = 'ldid';
  } else if (cpgEncoding !== null) {
    encoding = cpgEncoding;
    encodingFrom = 'cpg';
  } else {
    encoding = guessEncoding(bytes, headerLength, count, recordLength, fields);
    encodingFrom = 'guess';
  }

  const records: Record<string, AttributeValue>[] = new Array(count);
  const deleted: number[] = [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    const start = headerLength + i * recordLength;
    if (bytes[start] === 0x2a) deleted.push(i);
    const rec: Record<string, AttributeValue> = {};
    let at = start + 1;
    for (const field of fields) {
      rec[field.name] = parseValue(buf, at, field, encoding);
      at += field.length;
    }
    records[i] = rec;
  }
  return { fields, records, encoding, encodingFrom, deleted };
}

function parseValue(buf: Buffer, at: number, field: DbfField, encoding: string): AttributeValue {
  const raw = buf.subarray(at, at + field.length);
  switch (field.type) {
    case 'C': {
      const text = iconv.decode(raw, encoding);
      return text.replace(/[\s\0]+$/, '');
    }
    case 'N':
    case 'F': {
      const text = raw.toString('latin1').trim();
      if (text === '' || /^\*+$/.test(text)) return null;
      // Integers beyond 2^53 (19-digit codes stored as numbers) would be silently changed by a double.
      if (/^-?\d+$/.test(text) && text.replace('-', '').length > 15) return text;
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'L': {
      const c = raw.toString('latin1').trim().toUpperCase();
      return c === 'Y' || c === 'T' ? true : c === 'N' || c === 'F' ? false : null;
    }
    case 'D': {
      const t = raw.toString('latin1').trim();
      return /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : t === '' ? null : t;
    }
    default:
      return iconv.decode(raw, encoding).replace(/[\s\0]+$/, '');
  }
}

/** UTF-8 if every character field decodes as valid UTF-8 (GBK text almost never does), else GBK. */
function guessEncoding(
  bytes: Uint8Array,
  headerLength: number,
  count: number,
  recordLength: number,
  fields: readonly DbfField[],
): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let sawHighBytes = false;
  for (let i = 0; i < count; i++) {
    let at = headerLength + i * recordLength + 1;
    for (const field of fields) {
      if (field.type === 'C') {
        const raw = bytes.subarray(at, at + field.length);
        if (raw.some((b) => b >= 0x80)) {
          sawHighBytes = true;
          try {
            decoder.decode(trimTrailingPartial(raw));
          } catch {
            return 'gb18030';
          }
        }
      }
      at += field.length;
    }
  }
  return sawHighBytes ? 'utf8' : 'gb18030';
}

// A fixed-width field may cut a multi-byte character; only the complete part is evidence either way.
function trimTrailingPartial(raw: Uint8Array): Uint8Array {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x20 || raw[end - 1] === 0)) end--;
  return raw.subarray(0, end);
}
