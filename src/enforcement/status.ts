/**
 * Remediation status tables (整改台账, domain.md §1 step 3) kept by counties as spreadsheets and exported to
 * CSV: one row per 图斑编号 with its 整改状态, 整改方式, an optional 整改期限 and an optional 变化类型; and the
 * small table of per-township deadlines (乡镇代码, 期限) the county sets ("各乡镇要在X月X日前完成整改").
 *
 * Text: a UTF-8 byte-order mark means UTF-8 (what Excel writes as "CSV UTF-8"); a UTF-16 mark means UTF-16;
 * otherwise the bytes are UTF-8 if they are valid UTF-8 (RFC 3629), else GBK/GB18030 (what Excel writes as
 * plain "CSV" on a Chinese Windows) — the same guess the DBF reader makes; `encoding` overrides. Bytes valid
 * in neither are an error, never mojibake. Records follow RFC 4180 (quoted fields may hold commas, quotes
 * and line breaks); a header without commas but with tabs is read as tab-separated. Blank lines are skipped.
 */
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { InputError } from '../errors.js';
import { checkUtf8, FieldDecoder, TextStatus, Utf8Check } from '../io/text-decode.js';

/** The three remediation states of a 整改台账. */
export type RemediationStatus = '未整改' | '整改中' | '已整改';
export const REMEDIATION_STATUSES: readonly RemediationStatus[] = ['未整改', '整改中', '已整改'];

/** One record of a status table. */
export interface StatusRecord {
  /** 图斑编号: a patch id, or a township part's `${patchId}_${part}`. */
  readonly id: string;
  /** 1-based line of the file where the record starts (the header is line 1). */
  readonly line: number;
  readonly status: RemediationStatus;
  /** 整改方式 as written (trimmed), e.g. 拆除复耕, 没收, 罚款, 补办手续; null when empty or absent. */
  readonly method: string | null;
  /** 整改期限 as YYYY-MM-DD; null when empty or absent (the township deadline applies). */
  readonly deadline: string | null;
  /** 变化类型 as written (e.g. 新增建设用地); null when empty or absent (the patch's TBLX applies). */
  readonly changeType: string | null;
}

export interface StatusTable {
  /** The file read, or null for text given directly. */
  readonly file: string | null;
  /** Encoding the bytes were read in (`utf8`, `gb18030`, `utf16le`, … or `text` for a string input). */
  readonly encoding: string;
  /** Records in file order. */
  readonly records: readonly StatusRecord[];
  readonly byId: ReadonlyMap<string, StatusRecord>;
  /** Records whose 整改状态 cell was empty, read as 未整改 (ids). */
  readonly blankStatus: readonly string[];
}

/** Header names recognised for each column (compared after trimming, letters case-insensitively). */
export interface StatusColumns {
  readonly id: readonly string[];
  readonly status: readonly string[];
  readonly method: readonly string[];
  readonly deadline: readonly string[];
  readonly changeType: readonly string[];
}

export const DEFAULT_STATUS_COLUMNS: StatusColumns = {
  id: ['图斑编号', '监测编号', 'JCBH', 'TBBH'],
  status: ['整改状态', 'ZGZT'],
  method: ['整改方式', 'ZGFS'],
  deadline: ['整改期限', '整改时限', 'ZGQX'],
  changeType: ['变化类型', 'BHLX'],
};

export interface ReadTableOptions {
  /** File name for messages (set by the path readers). */
  readonly file?: string;
  /** Encoding of byte input (an iconv-lite name: `utf8`, `gbk`, `gb18030` …); default: detected. */
  readonly encoding?: string;
}

export interface ReadStatusOptions extends ReadTableOptions {
  /** Header names per column, replacing the defaults for the columns given. */
  readonly columns?: Partial<StatusColumns>;
}

/**
 * Reads a status CSV file. Required columns: 图斑编号 (or JCBH, 监测编号) and 整改状态 (or ZGZT); optional
 * 整改方式, 整改期限, 变化类型. 整改状态 must be 未整改, 整改中 or 已整改; an empty cell reads as 未整改 (a
 * sheet's untouched rows) and is listed in `blankStatus`. Dates may be written 2026-6-30, 2026/06/30 or
 * 2026.6.30 and come back as 2026-06-30. A duplicated id is an error naming both lines. Ids unknown to the
 * patch layer are not this reader's business: the ledger reports them.
 *
 * @example
 * const status = readStatusTable('fixtures/sample/status.csv');
 * status.byId.get('3713262023001')?.status; // '已整改'
 */
export function readStatusTable(path: string, options: ReadStatusOptions = {}): StatusTable {
  return parseStatusTable(readBytes(path), { ...options, file: options.file ?? path });
}

/**
 * {@link readStatusTable} on bytes (encoding detected) or on already decoded text.
 *
 * @example
 * parseStatusTable('图斑编号,整改状态\nA1,整改中\n').records[0]; // { id: 'A1', line: 2, status: '整改中', … }
 */
export function parseStatusTable(input: string | Uint8Array, options: ReadStatusOptions = {}): StatusTable {
  const file = options.file;
  const { text, encoding } = decodeTable(input, options);
  const table = parseCsv(text, file);
  const cols = { ...DEFAULT_STATUS_COLUMNS, ...options.columns };
  const at = headerIndex(table.header, file);
  const idCol = at(cols.id, true, '图斑编号');
  const statusCol = at(cols.status, true, '整改状态');
  const methodCol = at(cols.method, false);
  const deadlineCol = at(cols.deadline, false);
  const changeCol = at(cols.changeType, false);
  const records: StatusRecord[] = [];
  const byId = new Map<string, StatusRecord>();
  const blankStatus: string[] = [];
  for (const rec of table.records) {
    const cell = (c: number): string => (c >= 0 ? (rec.cells[c] ?? '').trim() : '');
    const id = cell(idCol);
    if (id === '') throw new InputError(`line ${rec.line}: expected a 图斑编号, found an empty cell`, { file });
    const statusText = cell(statusCol);
    let status: RemediationStatus;
    if (statusText === '') {
      status = '未整改';
      blankStatus.push(id);
    } else if ((REMEDIATION_STATUSES as readonly string[]).includes(statusText)) status = statusText as RemediationStatus;
    else
      throw new InputError(
        `line ${rec.line} (图斑编号 ${id}): expected 整改状态 未整改, 整改中 or 已整改, found ${JSON.stringify(statusText)}`,
        { file },
      );
    const deadlineText = cell(deadlineCol);
    const deadline = deadlineText === '' ? null : parseDate(deadlineText, `line ${rec.line} (图斑编号 ${id}) 整改期限`, file);
    const record: StatusRecord = {
      id,
      line: rec.line,
      status,
      method: cell(methodCol) || null,
      deadline,
      changeType: cell(changeCol) || null,
    };
    const earlier = byId.get(id);
    if (earlier !== undefined) {
      throw new InputError(`图斑编号 ${id} appears twice, on lines ${earlier.line} and ${rec.line}; expected one record per patch`, { file });
    }
    byId.set(id, record);
    records.push(record);
  }
  return { file: file ?? null, encoding, records, byId, blankStatus };
}

/** Header names of the per-township deadline table. */
export interface DeadlineColumns {
  readonly township: readonly string[];
  readonly deadline: readonly string[];
}

export const DEFAULT_DEADLINE_COLUMNS: DeadlineColumns = {
  township: ['乡镇代码', 'XZQDM'],
  deadline: ['期限', '整改期限', '整改时限', 'ZGQX'],
};

/**
 * Reads the per-township deadline CSV: columns 乡镇代码 (or XZQDM) and 期限 (or 整改期限); others (乡镇名称 …)
 * are ignored. Returns township code → YYYY-MM-DD. A township listed twice is an error naming both lines.
 *
 * @example
 * readDeadlineTable('fixtures/sample/deadlines.csv').get('371326100000'); // '2026-06-30'
 */
export function readDeadlineTable(path: string, options: ReadTableOptions & { columns?: Partial<DeadlineColumns> } = {}): Map<string, string> {
  return parseDeadlineTable(readBytes(path), { ...options, file: options.file ?? path });
}

/**
 * {@link readDeadlineTable} on bytes or text.
 *
 * @example
 * parseDeadlineTable('乡镇代码,期限\n371326100000,2026/6/30\n').get('371326100000'); // '2026-06-30'
 */
export function parseDeadlineTable(
  input: string | Uint8Array,
  options: ReadTableOptions & { columns?: Partial<DeadlineColumns> } = {},
): Map<string, string> {
  const file = options.file;
  const table = parseCsv(decodeTable(input, options).text, file);
  const cols = { ...DEFAULT_DEADLINE_COLUMNS, ...options.columns };
  const at = headerIndex(table.header, file);
  const codeCol = at(cols.township, true, '乡镇代码');
  const dateCol = at(cols.deadline, true, '期限');
  const out = new Map<string, string>();
  const lines = new Map<string, number>();
  for (const rec of table.records) {
    const code = (rec.cells[codeCol] ?? '').trim();
    if (code === '') throw new InputError(`line ${rec.line}: expected a 乡镇代码, found an empty cell`, { file });
    const date = parseDate((rec.cells[dateCol] ?? '').trim(), `line ${rec.line} (乡镇代码 ${code}) 期限`, file);
    const earlier = lines.get(code);
    if (earlier !== undefined) throw new InputError(`乡镇代码 ${code} appears twice, on lines ${earlier} and ${rec.line}`, { file });
    lines.set(code, rec.line);
    out.set(code, date);
  }
  return out;
}

/**
 * A calendar date written Y-M-D with `-`, `/` or `.` separators → YYYY-MM-DD; anything else (including
 * 2026-02-30) is an error naming `what`.
 *
 * @example
 * parseDate('2026/6/3', '整改期限'); // '2026-06-03'
 */
export function parseDate(text: string, what: string, file?: string): string {
  const m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (m !== null) {
    const y = Number(m[1]);
    const mo = Number(m[3]);
    const d = Number(m[4]);
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) {
      return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    }
  }
  throw new InputError(`${what}: expected a date YYYY-MM-DD, found ${JSON.stringify(text)}`, { file });
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(`cannot read the file (${code ?? String(e)}); expected a readable CSV file`, { file: path });
  }
}

/** Bytes → text by the rules of this module's header; a string input only loses a leading BOM. */
function decodeTable(input: string | Uint8Array, options: ReadTableOptions): { text: string; encoding: string } {
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
    throw new InputError('the bytes are neither valid UTF-8 nor valid GBK/GB18030; save the table as "CSV UTF-8" or name its encoding', {
      file,
    });
  }
  return { text, encoding: 'gb18030' };
}

interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** RFC 4180 records; the first is the header. Blank lines are skipped; an unclosed quote is an error. */
function parseCsv(text: string, file: string | undefined): { header: string[]; records: CsvRecord[] } {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const all: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
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
    if (quoted) throw new InputError(`line ${startLine}: a quoted field is not closed before the end of the file`, { file });
    cells.push(cell);
    if (cells.length === 1 && cells[0].trim() === '') continue;
    all.push({ line: startLine, cells });
  }
  if (all.length === 0) throw new InputError('expected a header line, found an empty table', { file });
  const [head, ...records] = all;
  return { header: head.cells.map((h) => h.trim()), records };
}

/** Finds a column by any of its names; a missing required column is an error listing the header. */
function headerIndex(header: readonly string[], file: string | undefined) {
  const norm = header.map((h) => h.toUpperCase());
  return (names: readonly string[], required: boolean, title?: string): number => {
    for (const name of names) {
      const k = norm.indexOf(name.trim().toUpperCase());
      if (k >= 0) return k;
    }
    if (required) {
      throw new InputError(
        `expected a ${title ?? names[0]} column (header ${names.join(' / ')}), found columns ${header.map((h) => JSON.stringify(h)).join(', ')}`,
        { file },
      );
    }
    return -1;
  };
}
