/**
 * Remediation status tables (整改台账, domain.md §1 step 3) kept by counties as spreadsheets and exported to
 * CSV: one row per 图斑编号 with its 整改状态, 整改方式, an optional 整改期限 and an optional 变化类型; and the
 * small table of per-township deadlines (乡镇代码, 期限) the county sets ("各乡镇要在X月X日前完成整改").
 *
 * Text and records are read by src/io/csv-read.ts: UTF-8 (with or without a byte-order mark), UTF-16 with its
 * mark, else GBK/GB18030, or the `encoding` named; RFC 4180 records, tab-separated when the header has tabs and
 * no commas; blank lines skipped.
 */
import { InputError } from '../errors.js';
import { columnIndex, decodeTable, parseCsvText, readTableBytes, requireColumn, type DecodeTableOptions } from '../io/csv-read.js';

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
  return parseStatusTable(readTableBytes(path), { ...options, file: options.file ?? path });
}

/**
 * {@link readStatusTable} on bytes (encoding detected) or on already decoded text.
 *
 * @example
 * parseStatusTable('图斑编号,整改状态\nA1,整改中\n').records[0]; // { id: 'A1', line: 2, status: '整改中', … }
 */
export function parseStatusTable(input: string | Uint8Array, options: ReadStatusOptions = {}): StatusTable {
  const file = options.file;
  const { text, encoding } = decodeTable(input, decodeOptions(options));
  const table = parseCsvText(text, file);
  const cols = { ...DEFAULT_STATUS_COLUMNS, ...options.columns };
  const idCol = requireColumn(table.header, cols.id, '图斑编号', file);
  const statusCol = requireColumn(table.header, cols.status, '整改状态', file);
  const methodCol = columnIndex(table.header, cols.method);
  const deadlineCol = columnIndex(table.header, cols.deadline);
  const changeCol = columnIndex(table.header, cols.changeType);
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
  return parseDeadlineTable(readTableBytes(path), { ...options, file: options.file ?? path });
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
  const table = parseCsvText(decodeTable(input, decodeOptions(options)).text, file);
  const cols = { ...DEFAULT_DEADLINE_COLUMNS, ...options.columns };
  const codeCol = requireColumn(table.header, cols.township, '乡镇代码', file);
  const dateCol = requireColumn(table.header, cols.deadline, '期限', file);
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

/** The decoding of a status table: detected unless named; unreadable bytes advise naming the encoding. */
function decodeOptions(options: ReadTableOptions): DecodeTableOptions {
  return { file: options.file, encoding: options.encoding, advice: 'save the table as "CSV UTF-8" or name its encoding' };
}
