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
