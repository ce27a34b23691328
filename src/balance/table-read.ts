/**
 * Reading the small CSV tables of 耕地占补平衡 (the standard-yield table, the ledger of purchased indicators):
 * bytes → text → RFC 4180 records, with line numbers for messages.
 *
 * Text: a UTF-8 byte-order mark means UTF-8 (Excel's "CSV UTF-8"); otherwise the bytes are UTF-8 when they are
 * valid UTF-8 (RFC 3629), else GBK/GB18030 (Excel's plain "CSV" on a Chinese Windows) — the guess the status
 * tables and the DBF reader make. Bytes valid in neither are an error, never mojibake. Records follow RFC 4180
 * (quoted cells may hold commas, quotes and line breaks); blank lines are skipped. With `comments`, an unquoted
 * line starting with `#` is a comment (the example yield table says in one that it is only an example).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { checkUtf8, FieldDecoder, TextStatus, Utf8Check } from '../io/text-decode.js';

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

/**
 * Bytes → text by the rules in the module comment; a string only loses a leading byte-order mark.
 *
 * @example
 * decodeTableText(Buffer.from('\ufeffgrade,kg_per_mu\n'), 'a.csv'); // 'grade,kg_per_mu\n'
 */
export function decodeTableText(input: string | Uint8Array, file: string | undefined): string {
  if (typeof input === 'string') return input.startsWith('\ufeff') ? input.slice(1) : input;
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const check = checkUtf8(buf, 3, buf.length);
    if (check === Utf8Check.Invalid || check === Utf8Check.CutAtEnd) {
      throw new InputError('the file starts with a UTF-8 byte-order mark but is not valid UTF-8', { file });
    }
    return buf.toString('utf8', 3);
  }
  const check = checkUtf8(buf, 0, buf.length);
  if (check === Utf8Check.Ascii || check === Utf8Check.Valid) return buf.toString('utf8');
  const gbk = new FieldDecoder('gb18030');
  const text = gbk.decode(buf, 0, buf.length);
  if (gbk.status !== TextStatus.Ok) {
    throw new InputError('the bytes are neither valid UTF-8 nor valid GBK/GB18030; save the table as "CSV UTF-8"', { file });
  }
  return text;
}

/**
 * RFC 4180 records; the first non-comment record is the header. An unclosed quote is an error; an empty table
 * is an error saying which header was expected.
 *
 * @example
 * parseCsvText('# note\ngrade,kg_per_mu\n1,900\n', 'a.csv', { comments: true, expectedHeader: 'grade,kg_per_mu' });
 * // { header: ['grade', 'kg_per_mu'], headerLine: 2, records: [{ line: 3, cells: ['1', '900'] }], comments: ['note'] }
 */
export function parseCsvText(
  text: string,
  file: string | undefined,
  options: { comments?: boolean; expectedHeader: string },
): CsvText {
  const all: CsvRecord[] = [];
  const comments: string[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    if (options.comments === true) {
      // A comment is a whole line whose first non-blank character is '#'.
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
      } else if (c === ',') {
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
  if (all.length === 0) throw new InputError(`expected a header line ${options.expectedHeader}, found an empty table`, { file });
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
