import { csvLine } from '../io/csv.js';
import { writeAtomically } from '../io/output.js';
import { writeTable } from '../io/write.js';
import type { CellValue, ColumnSpec } from '../io/xlsx.js';
import type { CommandIO } from './args.js';

/**
 * Writes a command's result table to `--out`: an Excel workbook when the name ends in .xlsx (typed numeric
 * cells, 亩 shown with 2 decimals but stored unrounded, frozen header), else CSV — with a UTF-8 byte-order mark
 * when written to a file, so that Excel shows Chinese names; without one on standard output, where a BOM would
 * end up inside the first field of whatever reads the pipe. Atomic either way.
 *
 * @example
 * await writeResultTable('out.xlsx', io, '面积', [{ key: 'id', header: 'id', type: 'string' }], [['P1']]);
 */
export async function writeResultTable(
  out: string,
  io: CommandIO,
  sheet: string,
  columns: readonly ColumnSpec[],
  rows: Iterable<readonly CellValue[]>,
): Promise<void> {
  if (out.toLowerCase().endsWith('.xlsx')) {
    const objects: Record<string, CellValue>[] = [];
    for (const row of rows) {
      const o: Record<string, CellValue> = {};
      columns.forEach((c, i) => {
        o[c.key] = row[i];
      });
      objects.push(o);
    }
    await writeTable(out, { name: sheet, columns, rows: objects });
    return;
  }
  writeAtomically(
    out,
    io,
    (write) => {
      write(`${csvLine(columns.map((c) => c.header))}\n`);
      for (const row of rows) write(`${csvLine(row as (string | number | null | undefined)[])}\n`);
    },
    { bom: out !== '-' },
  );
}
