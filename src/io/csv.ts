/** A cell value in a CSV row. Numbers are written in full (shortest round-trip form), never rounded here. */
export type CsvValue = string | number | null | undefined;

/** Quotes a cell when it holds a separator, quote or line break (RFC 4180). */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (no line break). */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/**
 * A whole CSV table as text: a UTF-8 byte-order mark (Excel needs it to read Chinese text as UTF-8, not as
 * the ANSI code page), the header line, then one line per row, each ended by `\n`.
 *
 * @example
 * csvTable(['乡镇', '面积（亩）'], [['城关镇', 12.5]]); // '\ufeff乡镇,面积（亩）\n城关镇,12.5\n'
 */
export function csvTable(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  const lines = [csvLine(header), ...rows.map(csvLine)];
  return `${options.bom === false ? '' : '\ufeff'}${lines.join('\n')}\n`;
}
