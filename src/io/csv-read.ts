/**
 * Reading the small CSV tables counties keep as spreadsheets — the 整改台账 and township deadlines of the
 * 套合 (src/enforcement/status.ts), the standard-yield table and the ledger of purchased indicators of
 * 耕地占补平衡 (src/balance/yield.ts, supply.ts): bytes → text → RFC 4180 records, with line numbers for messages.
 *
 * Text: a UTF-8 byte-order mark means UTF-8 (what Excel writes as "CSV UTF-8"); a UTF-16 mark means UTF-16
 * (Excel's "Unicode text"); otherwise the bytes are UTF-8 when they are valid UTF-8 (RFC 3629), else
 * GBK/GB18030 (what Excel writes as plain "CSV" on a Chinese Windows) — the guess the DBF reader makes; a named
 * `encoding` overrides. Bytes valid in none are an error, never mojibake.
 *
 * Records follow RFC 4180 (quoted cells may hold commas, quotes and line breaks); a header line without commas
 * but with tabs makes the table tab-separated (Excel's "Unicode text" export). Lines whose cells are all blank
 * are skipped. With `comments`, an unquoted line starting with `#` is a comment (the example yield table says in
 * one that it is only an example).
 */
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { InputError } from '../errors.js';
import { checkUtf8, FieldDecoder, TextStatus, Utf8Check } from './text-decode.js';

/** One record: its 1-based starting line and its cells (untrimmed). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvText {
  /** Header cells, trimmed. */
  readonly header: readonly string[];
  /** 1-based line of the header. */
  readonly headerLine: number;
  readonly records: readonly CsvRecord[];
  /** Text of the comment lines (without `#`, trimmed), in file order. */
  readonly comments: readonly string[];
}

/**
 * The bytes of a file, or an InputError naming it.
 *
 * @example
 * const bytes = readTableBytes('yield-table.csv');
 */
export function readTableBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(`cannot read the file (${code ?? String(e)}); expected a readable CSV file`, { file: path });
  }
}

export interface DecodeTableOptions {
  /** File name for messages. */
  readonly file?: string;
  /** Encoding of byte input (an iconv-lite name: `utf8`, `gbk`, `gb18030` …); default: detected. */
  readonly encoding?: string;
  /**
   * What the message for bytes valid in neither UTF-8 nor GBK advises (default `save the table as "CSV UTF-8"`);
   * a reader that takes an `encoding` option says so too.
   */
  readonly advice?: string;
}

/** A decoded table text and the encoding it was read in. */
export interface DecodedTable {
  readonly text: string;
  /** `utf8`, `gb18030`, `utf16le`, `utf16be`, the named encoding, or `text` for a string input. */
  readonly encoding: string;
}

/**
 * Bytes → text by the rules in the module comment; a string only loses a leading byte-order mark.
 *
 * @example
 * decodeTable(Buffer.from('\ufeffgrade,kg_per_mu\n'), { file: 'a.csv' }); // { text: 'grade,kg_per_mu\n', encoding: 'utf8' }
 */
export function decodeTable(input: string | Uint8Array, options: DecodeTableOptions = {}): DecodedTable {
  if (typeof input === 'string') return { text: input.startsWith('\ufeff') ? input.slice(1) : input, encoding: 'text' };
  const file = options.file;
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (options.encoding !== undefined) {
    const d = new FieldDecoder(options.encoding);
    let text = d.decode(buf, 0, buf.length);
    if (d.status !== TextStatus.Ok) {
      throw new InputError(`the bytes are not valid ${options.encoding}; check the encoding option`, { file });
    }
    if (text.startsWith('\ufeff')) text = text.slice(1);
    return { text, encoding: options.encoding };
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const check = checkUtf8(buf, 3, buf.length);
    if (check === Utf8Check.Invalid || check === Utf8Check.CutAtEnd) {
      throw new InputError('the file starts with a UTF-8 byte-order mark but is not valid UTF-8', { file });
    }
    return { text: buf.toString('utf8', 3), encoding: 'utf8' };
  }
  // FF FE and FE FF are never valid UTF-8 (RFC 3629 excludes 0xFE/0xFF) nor GBK (0xFF is no GBK byte), so
  // reading them as UTF-16 marks takes no readable table away from the other two.
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    const enc = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      return { text: new TextDecoder(enc, { fatal: true }).decode(buf.subarray(2)), encoding: enc.replace('-', '') };
    } catch {
      throw new InputError(`the file starts with a ${enc} byte-order mark but is not valid ${enc}`, { file });
    }
  }
  const check = checkUtf8(buf, 0, buf.length);
  if (check === Utf8Check.Ascii || check === Utf8Check.Valid) return { text: buf.toString('utf8'), encoding: 'utf8' };
  const gbk = new FieldDecoder('gb18030');
  const text = gbk.decode(buf, 0, buf.length);
  if (gbk.status !== TextStatus.Ok) {
    throw new InputError(`the bytes are neither valid UTF-8 nor valid GBK/GB18030; ${options.advice ?? 'save the table as "CSV UTF-8"'}`, { file });
  }
  return { text, encoding: 'gb18030' };
}

export interface ParseCsvOptions {
  /** Read unquoted lines starting with `#` as comments (default false). */
  readonly comments?: boolean;
  /** The header an empty table is told to need, e.g. `grade,kg_per_mu`; default: no header named. */
  readonly expectedHeader?: string;
}

/** A comment line: its first non-blank character is '#'. */
const COMMENT = /^[ \t]*#/;

/** The separator: a tab when the header line (the first line not blank and not a comment) has tabs and no commas. */
function separatorOf(text: string, comments: boolean): string {
  for (const m of text.matchAll(/[^\r\n]+/g)) {
    const line = m[0];
    if (line.trim() === '' || (comments && COMMENT.test(line))) continue;
    return !line.includes(',') && line.includes('\t') ? '\t' : ',';
  }
  return ',';
}

/**
 * RFC 4180 records; the first non-comment record is the header. An unclosed quote is an error; an empty table
 * is an error (saying which header was expected, when given).
 *
 * @example
 * parseCsvText('# note\ngrade,kg_per_mu\n1,900\n', 'a.csv', { comments: true, expectedHeader: 'grade,kg_per_mu' });
 * // { header: ['grade', 'kg_per_mu'], headerLine: 2, records: [{ line: 3, cells: ['1', '900'] }], comments: ['note'] }
 */
export function parseCsvText(text: string, file: string | undefined, options: ParseCsvOptions = {}): CsvText {
  const withComments = options.comments === true;
  const sep = separatorOf(text, withComments);
  const all: CsvRecord[] = [];
  const comments: string[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    if (withComments) {
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#') {
        let end = j;
        while (end < n && text[end] !== '\n' && text[end] !== '\r') end++;
        comments.push(text.slice(j + 1, end).trim());
        i = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : end < n ? 1 : 0);
        line++;
        continue;
      }
    }
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          cell += c;
          i++;
        }
      } else if (c === '"' && cell.trim() === '') {
        quoted = true;
        cell = '';
        i++;
      } else if (c === sep) {
        cells.push(cell);
        cell = '';
        i++;
      } else if (c === '\r' && text[i + 1] === '\n') {
        i += 2;
        line++;
        endOfRecord = true;
      } else if (c === '\n' || c === '\r') {
        i++;
        line++;
        endOfRecord = true;
      } else {
        cell += c;
        i++;
      }
    }
    if (quoted) throw new InputError(`line ${startLine}: a quoted cell is not closed before the end of the file`, { file });
    cells.push(cell);
    if (cells.every((c) => c.trim() === '')) continue;
    all.push({ line: startLine, cells });
  }
  if (all.length === 0) {
    const header = options.expectedHeader === undefined ? '' : ` ${options.expectedHeader}`;
    throw new InputError(`expected a header line${header}, found an empty table`, { file });
  }
  const [head, ...records] = all;
  return { header: head.cells.map((h) => h.trim()), headerLine: head.line, records, comments };
}

/**
 * The index of the column named by any of `names` (trimmed, letters case-insensitive), or −1.
 *
 * @example
 * columnIndex(['Grade', 'kg_per_mu'], ['grade', '等别']); // 0
 */
export function columnIndex(header: readonly string[], names: readonly string[]): number {
  const norm = header.map((h) => h.trim().toUpperCase());
  for (const name of names) {
    const k = norm.indexOf(name.trim().toUpperCase());
    if (k >= 0) return k;
  }
  return -1;
}

/**
 * The index of a column the table must have (named by any of `names`, as in {@link columnIndex}); a missing one
 * is an error naming it by `title` and listing the header found.
 *
 * @example
 * requireColumn(['编号', '状态'], ['图斑编号', 'JCBH'], '图斑编号', 's.csv');
 * // InputError: s.csv: expected a 图斑编号 column (header 图斑编号 / JCBH), found columns "编号", "状态"
 */
export function requireColumn(header: readonly string[], names: readonly string[], title: string, file: string | undefined): number {
  const k = columnIndex(header, names);
  if (k < 0) {
    throw new InputError(
      `expected a ${title} column (header ${names.join(' / ')}), found columns ${header.map((h) => JSON.stringify(h)).join(', ')}`,
      { file },
    );
  }
  return k;
}
