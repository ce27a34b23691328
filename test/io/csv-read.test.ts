/**
 * The shared CSV table reader (csv-read.ts) on the cases its two kinds of callers bring together: the status
 * tables' tab-separated UTF-16 exports and the yield table's comment lines. Inputs and expected cells are
 * written by hand; UTF-16BE bytes from the Unicode code points (图 U+56FE, 斑 U+6591).
 */
import { describe, expect, it } from 'vitest';
import { decodeTable, parseCsvText, requireColumn } from '../../src/io/csv-read.js';
import { InputError } from '../../src/errors.js';

describe('csv-read', () => {
  it('takes the separator from the header line, not from a comment before it', () => {
    const t = parseCsvText('# made\tby hand\ngrade,kg_per_mu\n1,900\n', 'a.csv', { comments: true });
    expect(t.header).toEqual(['grade', 'kg_per_mu']);
    expect(t.records).toEqual([{ line: 3, cells: ['1', '900'] }]);
    expect(t.comments).toEqual(['made\tby hand']);
  });

  it('reads a tab-separated table when the header has tabs and no commas', () => {
    const t = parseCsvText('\nid\tname\nA1\t甲,乙\n', undefined);
    expect(t.headerLine).toBe(2);
    expect(t.records).toEqual([{ line: 3, cells: ['A1', '甲,乙'] }]);
  });

  it('skips lines whose cells are all blank', () => {
    const t = parseCsvText('id,status\r\n , ,\r\nA,整改中\r\n,,\r\n', undefined);
    expect(t.records).toEqual([{ line: 3, cells: ['A', '整改中'] }]);
  });

  it('an empty table names the expected header only when one is given', () => {
    expect(() => parseCsvText('\n\n', 's.csv')).toThrow(new InputError('expected a header line, found an empty table', { file: 's.csv' }));
    expect(() => parseCsvText('', 'y.csv', { expectedHeader: 'grade,kg_per_mu' })).toThrow(
      new InputError('expected a header line grade,kg_per_mu, found an empty table', { file: 'y.csv' }),
    );
  });

  it('decodes UTF-16BE after its byte-order mark', () => {
    const bytes = Uint8Array.from([0xfe, 0xff, 0x56, 0xfe, 0x65, 0x91, 0x00, 0x0a]);
    expect(decodeTable(bytes)).toEqual({ text: '图斑\n', encoding: 'utf16be' });
  });

  it('bytes valid in neither UTF-8 nor GBK give the caller\'s advice', () => {
    const bytes = Uint8Array.from([0x41, 0xff, 0x0a]);
    expect(() => decodeTable(bytes, { file: 'x.csv' })).toThrow(
      'the bytes are neither valid UTF-8 nor valid GBK/GB18030; save the table as "CSV UTF-8"',
    );
    expect(() => decodeTable(bytes, { advice: 'name its encoding' })).toThrow(/GBK\/GB18030; name its encoding$/);
  });

  it('a missing required column lists the header found', () => {
    expect(requireColumn(['Grade', 'kg'], ['grade'], 'grade', undefined)).toBe(0);
    expect(() => requireColumn(['编号'], ['图斑编号', 'JCBH'], '图斑编号', 's.csv')).toThrow(
      new InputError('expected a 图斑编号 column (header 图斑编号 / JCBH), found columns "编号"', { file: 's.csv' }),
    );
  });
});
