import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { encodingFromCpg, readDbf } from '../../src/io/dbf.js';

/** Writes a dBASE III table by the published layout (header, 32-byte field descriptors, 0x0D, records). */
function makeDbf(fields: { name: string; type: string; length: number; decimals?: number }[], rows: Buffer[][], ldid = 0): Uint8Array {
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const buf = Buffer.alloc(headerLength + rows.length * recordLength + 1, 0x20);
  buf.fill(0, 0, headerLength);
  buf[0] = 0x03;
  buf.writeUInt32LE(rows.length, 4);
  buf.writeUInt16LE(headerLength, 8);
  buf.writeUInt16LE(recordLength, 10);
  buf[29] = ldid;
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    buf.write(f.name, at, 'latin1');
    buf[at + 11] = f.type.charCodeAt(0);
    buf[at + 16] = f.length;
    buf[at + 17] = f.decimals ?? 0;
  });
  buf[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength + 1;
    row.forEach((cell, i) => {
      cell.copy(buf, at);
      at += fields[i].length;
    });
  });
  buf[buf.length - 1] = 0x1a;
  return buf;
}
const pad = (b: Buffer, n: number, right = true) => (right ? Buffer.concat([b, Buffer.alloc(n - b.length, 0x20)]) : Buffer.concat([Buffer.alloc(n - b.length, 0x20), b]));

const fields = [
  { name: 'DLBM', type: 'C', length: 5 },
  { name: 'DLMC', type: 'C', length: 20 },
  { name: 'TBMJ', type: 'N', length: 12, decimals: 2 },
  { name: 'ZLDWDM', type: 'N', length: 19 },
  { name: 'RQ', type: 'D', length: 8 },
];
const row = (enc: string) => [
  pad(Buffer.from('0101'), 5),
  pad(iconv.encode('水田', enc), 20),
  pad(Buffer.from('1234.56'), 12, false),
  pad(Buffer.from('3713211060010000000'), 19, false),
  Buffer.from('20260131'),
];

describe('readDbf', () => {
  it('decodes GBK text named by the language driver byte (0x4D), keeping codes and long integers exact', () => {
    const t = readDbf(makeDbf(fields, [row('gbk')], 0x4d));
    expect(t.encodingFrom).toBe('ldid');
    expect(t.records[0]).toEqual({ DLBM: '0101', DLMC: '水田', TBMJ: 1234.56, ZLDWDM: '3713211060010000000', RQ: '2026-01-31' });
  });

  it('falls back to the .cpg file, then to a guess', () => {
    const gbk = makeDbf(fields, [row('gbk')]);
    expect(readDbf(gbk, { cpg: 'GBK' }).records[0].DLMC).toBe('水田');
    expect(readDbf(gbk, { cpg: '936' }).encodingFrom).toBe('cpg');
    const guessed = readDbf(gbk);
    expect([guessed.encodingFrom, guessed.records[0].DLMC]).toEqual(['guess', '水田']);
    const utf8 = readDbf(makeDbf(fields, [row('utf8')]));
    expect([utf8.encodingFrom, utf8.encoding, utf8.records[0].DLMC]).toEqual(['guess', 'utf8', '水田']);
  });

  it('lets an explicit encoding win over the header', () => {
    const t = readDbf(makeDbf(fields, [row('utf8')], 0x4d), { encoding: 'utf8' });
    expect(t.records[0].DLMC).toBe('水田');
    expect(() => readDbf(makeDbf(fields, [row('utf8')]), { encoding: 'klingon' })).toThrow('expected a known text encoding');
  });

  it('maps .cpg spellings', () => {
    expect(encodingFromCpg('GBK')).toBe('gb18030');
    expect(encodingFromCpg('ANSI 936\n')).toBe('gb18030');
    expect(encodingFromCpg('UTF-8')).toBe('utf8');
    expect(encodingFromCpg('65001')).toBe('utf8');
    expect(encodingFromCpg('')).toBeNull();
  });

  it('says how short a truncated file is', () => {
    const bytes = makeDbf(fields, [row('gbk'), row('gbk')]);
    expect(() => readDbf(bytes.subarray(0, bytes.length - 80), { file: 't.dbf' })).toThrow(/t\.dbf: the DBF header announces 2 records of 65 bytes but the file holds only/);
  });
});
