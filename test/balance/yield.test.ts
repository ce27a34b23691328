/**
 * The standard-yield table (yield.ts): reading, scale detection, every refused input with its exact message,
 * and capacity = 亩 × kg/亩 (1 亩 = 2000/3 m², so 2000 m² = 3 亩 exactly).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capacityOf, parseYieldTable, readYieldTable, yieldBounds, yieldOf } from '../../src/balance/yield.js';
import { InputError } from '../../src/errors.js';

const SAMPLE = new URL('../../fixtures/sample/yield-table.csv', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'tuban-yield-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fails = (text: string | Uint8Array, message: string, options: Parameters<typeof parseYieldTable>[2] = {}) => {
  let error: unknown;
  try {
    parseYieldTable(text, 't.csv', options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as Error).message).toBe(`t.csv: ${message}`);
};

describe('the example table in fixtures/sample', () => {
  const table = readYieldTable(SAMPLE.pathname);

  it('is labelled as an example, and the label travels in the source', () => {
    expect(table.source).toContain('yield-table.csv');
    expect(table.source).toContain('illustrative example only, NOT any province');
  });

  it('has 等别 1–15 with yields falling with the grade (written in the file: 1100 − 50 per grade)', () => {
    expect(table.scale).toBe('等别');
    expect([...table.kgPerMu.keys()]).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(table.kgPerMu.get(1)).toBe(1100);
    expect(table.kgPerMu.get(7)).toBe(800);
    expect(table.kgPerMu.get(15)).toBe(400);
    expect(yieldBounds(table)).toEqual({ best: 1100, worst: 400 });
  });
});

describe('reading', () => {
  it('reads UTF-8 with a byte-order mark, CRLF line ends and Chinese headers; the header names the scale', () => {
    const bytes = Buffer.from('\ufeff等别,公斤每亩\r\n5,820\r\n6,760.5\r\n7,700\r\n', 'utf8');
    const t = parseYieldTable(bytes, 'x.csv');
    expect(t.scale).toBe('等别');
    expect([...t.kgPerMu]).toEqual([
      [5, 820],
      [6, 760.5],
      [7, 700],
    ]);
    expect(t.source).toBe('x.csv');
  });

  it('reads GBK bytes (Excel "CSV" on a Chinese Windows)', () => {
    // "等级,公斤每亩\n1,900\n2,850\n" in GBK: 等 B5C8, 级 BCB6, 公 B9AB, 斤 BDEF, 每 C3BF, 亩 C4B6.
    const head = [0xb5, 0xc8, 0xbc, 0xb6, 0x2c, 0xb9, 0xab, 0xbd, 0xef, 0xc3, 0xbf, 0xc4, 0xb6, 0x0a];
    const t = parseYieldTable(Uint8Array.from([...head, ...Buffer.from('1,900\n2,850\n')]), 'g.csv');
    expect(t.scale).toBe('等级');
    expect(t.kgPerMu.get(2)).toBe(850);
  });

  it('detects 等级 from a complete 1–10 table and 等别 from grades above 10', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1},${1000 - 10 * i}`).join('\n');
    expect(parseYieldTable(`grade,kg_per_mu\n${rows(10)}\n`, 'a').scale).toBe('等级');
    expect(parseYieldTable(`grade,kg_per_mu\n${rows(11)}\n`, 'a').scale).toBe('等别');
    expect(parseYieldTable('grade,kg_per_mu\n5,800\n6,700\n', 'a', { scale: '等级' }).scale).toBe('等级');
  });

  it('keeps comment lines out of the rows and allows trailing empty cells (Excel writes them)', () => {
    const t = parseYieldTable('# 本省表\n# second\ngrade,kg_per_mu\n# a note\n1,900,\n2,850,,\n', 'p.csv', { scale: '等别' });
    expect([...t.kgPerMu]).toEqual([
      [1, 900],
      [2, 850],
    ]);
    expect(t.source).toBe('p.csv (本省表)');
  });

  it('a missing file is an InputError naming it', () => {
    expect(() => readYieldTable(join(dir, 'none.csv'))).toThrow(`${join(dir, 'none.csv')}: cannot read the file (ENOENT); expected a readable CSV file`);
  });

  it('reads a file written to disk', () => {
    const path = join(dir, 'y.csv');
    writeFileSync(path, 'grade,kg_per_mu\n11,600\n12,550\n');
    const t = readYieldTable(path);
    expect(t.scale).toBe('等别');
    expect(t.source).toBe(path);
  });
});

describe('refused tables (exact messages)', () => {
  it('empty file', () => fails('', 'expected a header line grade,kg_per_mu, found an empty table'));
  it('only comments', () => fails('# nothing\n\n', 'expected a header line grade,kg_per_mu, found an empty table'));
  it('missing header', () =>
    fails('1,1000\n2,900\n', 'line 1: expected the header grade,kg_per_mu (or 等别/等级 and 公斤每亩), found "1,1000"'));
  it('header without rows', () => fails('grade,kg_per_mu\n', 'expected at least one grade row after the header, found none'));
  it('non-numeric grade', () => fails('grade,kg_per_mu\n1,900\n二,850\n', 'line 3: expected a whole-number grade ≥ 1, found "二"'));
  it('fractional grade', () => fails('grade,kg_per_mu\n1.5,900\n', 'line 2: expected a whole-number grade ≥ 1, found "1.5"'));
  it('grade 0', () => fails('grade,kg_per_mu\n0,900\n', 'line 2: expected a whole-number grade ≥ 1, found "0"'));
  it('non-numeric yield', () =>
    fails('grade,kg_per_mu\n1,900\n2,abc\n', 'line 3 (grade 2): expected kg_per_mu as a positive number, found "abc"'));
  it('empty yield', () => fails('grade,kg_per_mu\n1,\n', 'line 2 (grade 1): expected kg_per_mu as a positive number, found ""'));
  it('negative yield', () => fails('grade,kg_per_mu\n1,-5\n', 'line 2 (grade 1): expected kg_per_mu as a positive number, found "-5"'));
  it('zero yield', () => fails('grade,kg_per_mu\n1,0\n', 'line 2 (grade 1): expected kg_per_mu as a positive number, found "0"'));
  it('duplicate grade', () => fails('grade,kg_per_mu\n1,900\n2,850\n1,800\n', 'grade 1 appears twice, on lines 2 and 4'));
  it('gaps inside the range', () =>
    fails('grade,kg_per_mu\n1,900\n2,850\n5,700\n7,600\n', 'expected every grade from 1 to 7 without gaps, found none for grades 3, 4, 6'));
  it('a grade beyond every scale', () => fails('grade,kg_per_mu\n16,300\n', 'line 2: grade 16 is outside every scale (等别 1–15, 等级 1–10)'));
  it('a 等级 table with grade 11', () =>
    fails('等级,kg_per_mu\n10,500\n11,450\n', 'line 3: grade 11 is outside 等级 1–10'));
  it('a range that fits both scales, unnamed', () =>
    fails('grade,kg_per_mu\n5,800\n6,700\n', 'grades 5–6 fit both 等别 (1–15) and 等级 (1–10); say which: name the first column 等别 or 等级, or give the scale option'));
  it('yield rising with the grade number', () =>
    fails(
      'grade,kg_per_mu\n1,900\n2,950\n',
      'line 3: expected kg_per_mu not to increase with the grade number (grade 1 is the best land), found grade 2 → 950 above grade 1 → 900',
      { scale: '等别' },
    ));
  it('a third cell in a two-column table', () =>
    fails('grade,kg_per_mu\n1,900,x\n', 'line 2: expected 2 cells (grade,kg_per_mu), found 3: "1,900,x"'));
  it('an unclosed quote', () => fails('grade,kg_per_mu\n1,"900\n', 'line 2: a quoted cell is not closed before the end of the file'));
  it('bytes in neither UTF-8 nor GBK', () =>
    fails(Uint8Array.from([0x67, 0x0a, 0xff, 0xff, 0x0a]), 'the bytes are neither valid UTF-8 nor valid GBK/GB18030; save the table as "CSV UTF-8"'));
  it('rising yields are accepted when the check is off', () => {
    expect(parseYieldTable('grade,kg_per_mu\n1,900\n2,950\n', 't', { scale: '等别', checkOrder: false }).kgPerMu.get(2)).toBe(950);
  });
});

describe('capacity', () => {
  const t = parseYieldTable('等别,kg_per_mu\n1,1100\n2,1050\n3,1000\n', 'cap.csv');

  it('is 亩 × kg/亩 (2000 m² = 3 亩; 1.7 m² = 0.00255 亩 exactly)', () => {
    expect(capacityOf(2000, 1, t)).toBe(3300);
    expect(capacityOf(2000, 3, t)).toBe(3000);
    expect(capacityOf(1.7, 2, t)).toBeCloseTo(0.00255 * 1050, 12);
    expect(capacityOf(0, 2, t)).toBe(0);
  });

  it('a grade outside the table or no grade is an InputError naming the table', () => {
    expect(() => capacityOf(100, 4, t)).toThrow(new InputError('grade 4 is not among the 等别 1–3 in the yield table cap.csv'));
    expect(() => yieldOf(null, t)).toThrow(new InputError('no quality grade given: 粮食产能 needs a grade of the 等别 1–3 in the yield table cap.csv'));
  });
});
