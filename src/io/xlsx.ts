/**
 * Writes Excel workbooks (Office Open XML, ECMA-376) for the ledgers counties deliver: typed columns,
 * numbers stored as numbers with a display format (亩 '0.00', 公顷 '0.0000', percent '0.00%'), a bold and
 * frozen header row, optional title rows above it, an optional totals row, column widths from the content.
 *
 * The sheet description is a plain object ({@link SheetSpec}) so that any table — the 套合 table, township
 * ledgers, 平差 results — is described once and written as .xlsx or .csv (see write.ts `writeTable`).
 */
import ExcelJS from 'exceljs';
import { InputError } from '../errors.js';
import { writeFilesAtomically } from './atomic.js';
import { compensatedSum } from '../area/summation.js';

/** A cell value: text, a number, or empty. */
export type CellValue = string | number | null | undefined;

/** Display formats commonly needed in land ledgers (Excel number-format codes). */
export const XLSX_FORMATS = Object.freeze({
  integer: '0',
  /** 亩, 2 decimals (ledgers). */
  mu: '0.00',
  /** 亩, 4 decimals. */
  mu4: '0.0000',
  /** m², 2 decimals (TBMJ). */
  m2: '0.00',
  /** 公顷, 4 decimals (approvals). */
  hectare: '0.0000',
  percent: '0.00%',
});

export interface ColumnSpec {
  /** Property of each row that holds the column's value. */
  readonly key: string;
  /** Header text. */
  readonly header: string;
  /**
   * `string` (codes such as "0101" stay text), `integer`, `number`, or `percent` (a fraction, 0.15 = 15 %).
   * Numeric columns are stored as numbers, never as text.
   */
  readonly type: 'string' | 'integer' | 'number' | 'percent';
  /** Excel number format, e.g. `'0.00'` or {@link XLSX_FORMATS}.mu. Default: `'0'` for integers, `'0.00%'` for percent, General for numbers. */
  readonly format?: string;
  /** Width in characters. Default: from the header and values, CJK characters counting double. */
  readonly width?: number;
  /**
   * The column's cell in the totals row: `'sum'` (a SUM formula, with the sum stored as its cached result),
   * a number (given, e.g. a 平差-adjusted total), or text (a label such as "合计").
   */
  readonly total?: 'sum' | number | string;
}

export interface SheetSpec {
  /** Sheet name: at most 31 characters, none of `[ ] : * ? / \`. */
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly Readonly<Record<string, CellValue>>[];
  /** Rows above the header, each merged across the columns (e.g. the report title, the unit "单位：亩"). */
  readonly title?: string | readonly string[];
  /** Add a totals row (default: when some column has `total`). Its first cell says "合计" unless that column has a total. */
  readonly totals?: boolean;
}

export interface XlsxWriteOptions {
  /** Workbook author shown in Excel's properties. */
  creator?: string;
}

const SHEET_NAME_BAD = /[[\]:*?/\\]/;

/** Display width of text: CJK and other full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    // East Asian Wide / Fullwidth ranges (Unicode UAX #11), the ones Chinese tables contain.
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** The text Excel shows for a number under a simple format ('0', '0.00', '#,##0.00', '0.00%', General). */
function shownNumber(v: number, format: string | undefined): string {
  if (format === undefined || format === 'General') return String(Number(v.toPrecision(11)));
  const percent = format.includes('%');
  const dot = format.indexOf('.');
  const decimals = dot < 0 ? 0 : (/^[0#]*/.exec(format.slice(dot + 1))?.[0].length ?? 0);
  let s = (percent ? v * 100 : v).toFixed(decimals);
  if (format.includes(',')) s = s.replace(/^(-?\d+)/, (m) => m.replace(/\B(?=(\d{3})+$)/g, ','));
  return percent ? `${s}%` : s;
}

function defaultFormat(c: ColumnSpec): string | undefined {
  return c.format ?? (c.type === 'integer' ? XLSX_FORMATS.integer : c.type === 'percent' ? XLSX_FORMATS.percent : undefined);
}

/** Checks a value against its column's type and returns what the cell stores. */
function cellValue(file: string, sheet: string, row: number, c: ColumnSpec, v: CellValue): string | number | null {
  if (v === null || v === undefined || v === '') return null;
  const where = `sheet "${sheet}", data row ${row + 1}, column "${c.header}"`;
  if (c.type === 'string') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new InputError(`${where}: expected text, found ${v}`, { file });
    return String(v);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    // Numbers kept as text cannot be summed in Excel; refuse rather than write a "number stored as text".
    throw new InputError(`${where}: expected a finite number, found ${JSON.stringify(v)}`, { file });
  }
  if (c.type === 'integer' && !Number.isInteger(v)) throw new InputError(`${where}: expected an integer, found ${v}`, { file });
  return v;
}

function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function addSheet(file: string, wb: ExcelJS.Workbook, spec: SheetSpec, names: Set<string>): void {
  const name = spec.name;
  if (name.length === 0 || name.length > 31 || SHEET_NAME_BAD.test(name) || /^'|'$/.test(name)) {
    throw new InputError(`expected a sheet name of 1–31 characters without [ ] : * ? / \\ or edge quotes, found "${name}"`, { file });
  }
  if (names.has(name.toLowerCase())) throw new InputError(`expected distinct sheet names, found "${name}" twice`, { file });
  names.add(name.toLowerCase());
  const cols = spec.columns;
  if (cols.length === 0) throw new InputError(`sheet "${name}": expected at least one column, found none`, { file });
  const ws = wb.addWorksheet(name);
  const titles = spec.title === undefined ? [] : typeof spec.title === 'string' ? [spec.title] : spec.title;
  const last = columnLetter(cols.length - 1);

  titles.forEach((t, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = t;
    row.font = { bold: true, size: i === 0 ? 14 : 11 };
    row.alignment = { horizontal: i === 0 ? 'center' : 'left', vertical: 'middle' };
    if (cols.length > 1) ws.mergeCells(`A${i + 1}:${last}${i + 1}`);
  });

  const headerRow = titles.length + 1;
  const header = ws.getRow(headerRow);
  cols.forEach((c, j) => {
    header.getCell(j + 1).value = c.header;
  });
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: false };

  const widths = cols.map((c) => displayWidth(c.header));
  const formats = cols.map(defaultFormat);
  const numbers: number[][] = cols.map(() => []);
  spec.rows.forEach((r, i) => {
    const row = ws.getRow(headerRow + 1 + i);
    cols.forEach((c, j) => {
      const v = cellValue(file, name, i, c, r[c.key]);
      if (v === null) return;
      const cell = row.getCell(j + 1);
      cell.value = v;
      if (typeof v === 'number') {
        numbers[j].push(v);
        if (formats[j] !== undefined) cell.numFmt = formats[j]!;
        widths[j] = Math.max(widths[j], shownNumber(v, formats[j]).length);
      } else {
        widths[j] = Math.max(widths[j], displayWidth(v));
      }
    });
  });

  const totals = spec.totals ?? cols.some((c) => c.total !== undefined);
  if (totals) {
    const at = headerRow + 1 + spec.rows.length;
    const row = ws.getRow(at);
    cols.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      if (c.total === 'sum') {
        if (c.type === 'string') throw new InputError(`sheet "${name}", column "${c.header}": a text column cannot be summed`, { file });
        const range = `${columnLetter(j)}${headerRow + 1}:${columnLetter(j)}${at - 1}`;
        // Neumaier-compensated, so a totals row of many areas is the correctly rounded sum.
        const result = compensatedSum(numbers[j]);
        cell.value = spec.rows.length > 0 ? { formula: `SUM(${range})`, result } : 0;
        if (formats[j] !== undefined) cell.numFmt = formats[j]!;
        widths[j] = Math.max(widths[j], shownNumber(result, formats[j]).length);
      } else if (typeof c.total === 'number') {
        cell.value = c.total;
        if (formats[j] !== undefined) cell.numFmt = formats[j]!;
        widths[j] = Math.max(widths[j], shownNumber(c.total, formats[j]).length);
      } else if (typeof c.total === 'string') {
        cell.value = c.total;
        widths[j] = Math.max(widths[j], displayWidth(c.total));
      } else if (j === 0) {
        cell.value = '合计';
      }
    });
    row.font = { bold: true };
  }

  cols.forEach((c, j) => {
    // Two characters of padding, at most 60. exceljs drops a width of exactly 9 as "its default" (Excel's
    // default is 8.43), so 9 is written as 9.01.
    const w = c.width ?? Math.min(60, Math.max(6, widths[j] + 2));
    ws.getColumn(j + 1).width = w === 9 ? 9.01 : w;
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }];
}

/**
 * Writes sheets to an .xlsx file: the workbook is built in memory, then written under a temporary name and
 * renamed into place, so a failure never leaves a partial workbook.
 *
 * @throws InputError for a value that does not match its column type (text in a number column, a fraction
 *   in an integer column, NaN), or a bad sheet name.
 * @example
 * await writeXlsx('台账.xlsx', [{
 *   name: '乡镇汇总',
 *   title: '示例县卫片图斑套合汇总表',
 *   columns: [
 *     { key: 'xzqmc', header: '乡镇', type: 'string', total: '合计' },
 *     { key: 'count', header: '图斑数', type: 'integer', total: 'sum' },
 *     { key: 'gd', header: '耕地（亩）', type: 'number', format: XLSX_FORMATS.mu, total: 'sum' },
 *   ],
 *   rows: [{ xzqmc: '城关镇', count: 12, gd: 35.27 }],
 * }]);
 */
export async function writeXlsx(path: string, sheets: readonly SheetSpec[], options: XlsxWriteOptions = {}): Promise<void> {
  const buffer = await xlsxBytes(sheets, { ...options, file: path });
  writeFilesAtomically((set) => set.put(path, buffer));
}

/**
 * The bytes of the workbook {@link writeXlsx} would write, for callers that commit several files together.
 *
 * @example
 * const bytes = await xlsxBytes([{ name: '套合表', columns, rows }]);
 */
export async function xlsxBytes(sheets: readonly SheetSpec[], options: XlsxWriteOptions & { file?: string } = {}): Promise<Uint8Array> {
  const file = options.file ?? 'workbook';
  if (sheets.length === 0) throw new InputError('expected at least one sheet for the workbook, found none', { file });
  const wb = new ExcelJS.Workbook();
  wb.creator = options.creator ?? 'tuban';
  const names = new Set<string>();
  for (const s of sheets) addSheet(file, wb, s, names);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
