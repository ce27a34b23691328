import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { writeTable } from '../../src/io/write.js';
import { XLSX_FORMATS, displayWidth, writeXlsx, type SheetSpec } from '../../src/io/xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'tuban-write-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ledger: SheetSpec = {
  name: '乡镇汇总',
  title: ['示例县卫片图斑套合汇总表', '单位：亩'],
  columns: [
    { key: 'xzqdm', header: '行政区代码', type: 'string', total: '合计' },
    { key: 'xzqmc', header: '乡镇', type: 'string' },
    { key: 'count', header: '图斑数', type: 'integer', total: 'sum' },
    { key: 'gd', header: '耕地（亩）', type: 'number', format: XLSX_FORMATS.mu, total: 'sum' },
    { key: 'm2', header: 'TBMJ', type: 'number', format: XLSX_FORMATS.m2 },
    { key: 'share', header: '占比', type: 'percent' },
    { key: 'adj', header: '平差后', type: 'number', format: '0.00', total: 12.35 },
  ],
  rows: [
    { xzqdm: '371326100000', xzqmc: '城关镇', count: 12, gd: 7.335, m2: 4890, share: 0.1534, adj: 7.34 },
    { xzqdm: '371326200000', xzqmc: '柳河乡', count: 3, gd: 5.0149999, m2: 3343.3333, share: 0.5, adj: 5.01 },
    { xzqdm: '0101', xzqmc: null, count: 0, gd: 0, m2: null, share: 0, adj: 0 },
  ],
};

describe('writeXlsx', () => {
  const path = join(dir, 'ledger.xlsx');
  let ws: ExcelJS.Worksheet;
  let sheetXml: string;
  let stylesXml: string;
  beforeAll(async () => {
    await writeXlsx(path, [ledger, { name: 'Other', columns: [{ key: 'a', header: 'a', type: 'string' }], rows: [] }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    ws = wb.getWorksheet('乡镇汇总')!;
    const zip = unzipSync(readFileSync(path));
    sheetXml = strFromU8(zip['xl/worksheets/sheet1.xml']);
    stylesXml = strFromU8(zip['xl/styles.xml']);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['乡镇汇总', 'Other']);
  });

  it('stores numbers as numbers and codes as text', () => {
    expect(ws.getCell('A4').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A4').value).toBe('371326100000');
    expect(ws.getCell('A6').value).toBe('0101');
    expect(ws.getCell('C4').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('D4').value).toBe(7.335);
    expect(ws.getCell('E5').value).toBe(3343.3333);
    expect(ws.getCell('B6').type).toBe(ExcelJS.ValueType.Null);
    // In the XML (ECMA-376 §18.3.1.4): a number cell has no t="s"/t="str" and its value inline.
    expect(sheetXml).toMatch(/<c r="D4" s="\d+"><v>7\.335<\/v><\/c>/);
    expect(sheetXml).toMatch(/<c r="A4" s="\d+" t="s">|<c r="A4" t="s">/);
  });

  it('applies the number formats: 亩 and m² 0.00, integers 0, percent 0.00%', () => {
    expect(ws.getCell('C4').numFmt).toBe('0');
    expect(ws.getCell('D4').numFmt).toBe('0.00');
    expect(ws.getCell('E4').numFmt).toBe('0.00');
    expect(ws.getCell('F4').numFmt).toBe('0.00%');
    expect(ws.getCell('F4').value).toBe(0.1534);
    // The custom formats are in the style sheet (built-in ids: 1 = "0", 2 = "0.00", 10 = "0.00%").
    expect(stylesXml).toMatch(/numFmtId="2"/);
    expect(stylesXml).toMatch(/numFmtId="10"/);
  });

  it('has title rows merged across the columns and a bold, frozen header row', () => {
    expect(ws.getCell('A1').value).toBe('示例县卫片图斑套合汇总表');
    expect(ws.getCell('A2').value).toBe('单位：亩');
    expect(sheetXml).toContain('<mergeCell ref="A1:G1"/>');
    expect(sheetXml).toContain('<mergeCell ref="A2:G2"/>');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getRow(3).values).toEqual([undefined, '行政区代码', '乡镇', '图斑数', '耕地（亩）', 'TBMJ', '占比', '平差后']);
    for (const c of ['A3', 'D3', 'G3']) expect(ws.getCell(c).font?.bold, c).toBe(true);
    expect(ws.getCell('A4').font?.bold).toBeFalsy();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheetXml).toMatch(/<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"\/>/);
  });

  it('adds a totals row: SUM formulas with their results, a given 平差 total, a label', () => {
    expect(ws.getCell('A7').value).toBe('合计');
    expect(ws.getCell('C7').value).toEqual({ formula: 'SUM(C4:C6)', result: 15 });
    expect(ws.getCell('D7').value).toEqual({ formula: 'SUM(D4:D6)', result: 7.335 + 5.0149999 });
    expect(ws.getCell('D7').numFmt).toBe('0.00');
    expect(ws.getCell('G7').value).toBe(12.35);
    expect(ws.getCell('E7').value).toBeNull();
    expect(ws.getCell('D7').font?.bold).toBe(true);
  });

  it('sets column widths from the content, CJK characters counting double, plus 2', () => {
    // A: "371326100000" 12 → 14. B: 乡镇/城关镇 → 6 → 8 (minimum 6 applies below). C: 图斑数 = 6 → 8.
    // D: 耕地（亩） = 10 (full-width brackets) → 12. E: "4890.00"/"3343.33" 7 → 9. F: "15.34%" 6, 占比 4 → 8.
    // G: 平差后 6, "12.35" 5 → 8. (exceljs would omit a width of exactly 9 as its default, so 9 is 9.01.)
    expect(ws.columns.map((c) => c.width)).toEqual([14, 8, 8, 12, 9.01, 8, 8]);
    expect(displayWidth('耕地（亩）ab')).toBe(12);
  });

  it('refuses a number given as text, a fraction in an integer column, a bad sheet name', async () => {
    const bad = (rows: SheetSpec['rows'], name = 's') => writeXlsx(join(dir, 'bad.xlsx'), [{ name, columns: ledger.columns, rows }]);
    await expect(bad([{ ...ledger.rows[0], gd: '7.335' }])).rejects.toThrow(/sheet "s", data row 1, column "耕地（亩）": expected a finite number, found "7.335"/);
    await expect(bad([{ ...ledger.rows[0], count: 1.5 }])).rejects.toThrow(/column "图斑数": expected an integer, found 1.5/);
    await expect(bad([{ ...ledger.rows[0], gd: Number.NaN }])).rejects.toThrow(InputError);
    await expect(bad([], 'a/b')).rejects.toThrow(/sheet name/);
    expect(readdirSync(dir).filter((f) => f.startsWith('bad') || f.startsWith('.bad'))).toEqual([]);
  });

  it('replaces a file only when the workbook is complete', async () => {
    const target = join(dir, 'keep.xlsx');
    writeFileSync(target, 'previous');
    await expect(writeXlsx(target, [{ name: 's', columns: ledger.columns, rows: [{ count: 'x' }] }])).rejects.toThrow(InputError);
    expect(readFileSync(target, 'utf8')).toBe('previous');
    await writeXlsx(target, [ledger]);
    expect(readFileSync(target).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip container now
  });
});

describe('writeTable', () => {
  it('writes CSV with a UTF-8 byte-order mark, headers, raw values', async () => {
    const path = join(dir, 'ledger.csv');
    await writeTable(path, ledger);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '行政区代码,乡镇,图斑数,耕地（亩）,TBMJ,占比,平差后\n' +
        '371326100000,城关镇,12,7.335,4890,0.1534,7.34\n' +
        '371326200000,柳河乡,3,5.0149999,3343.3333,0.5,5.01\n' +
        '0101,,0,0,,0,0\n',
    );
  });

  it('writes one sheet for .xlsx and refuses other extensions', async () => {
    const path = join(dir, 'table.xlsx');
    await writeTable(path, { columns: ledger.columns, rows: ledger.rows });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sheet1']);
    expect(wb.worksheets[0].getCell('D2').value).toBe(7.335);
    await expect(writeTable(join(dir, 't.ods'), ledger)).rejects.toThrow(/expected an output ending in \.csv or \.xlsx/);
  });
});
