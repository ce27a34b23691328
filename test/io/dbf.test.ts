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

describe('readDbf: fields, values and warnings', () => {
  const gbk = (s: string) => iconv.encode(s, 'gbk');

  it('decodes Chinese field names in the table code page and reads their numbers', () => {
    const t = readDbf(makeDbf([{ name: 'BSM', type: 'C', length: 4 }, { name: 'X', type: 'N', length: 10, decimals: 2 }].map((f, i) => (i === 1 ? { ...f, name: 'MJ' } : f)), [[pad(Buffer.from('1'), 4), pad(Buffer.from('12.50'), 10, false)]], 0x4d));
    expect(t.records[0]).toEqual({ BSM: '1', MJ: 12.5 });
    // The same layout with GBK name bytes 面积 (C3 E6 BB FD) and 地类 (B5 D8 C0 E0), as ArcGIS writes them.
    const bytes = Buffer.from(makeDbf([{ name: 'AAAA', type: 'N', length: 10, decimals: 2 }, { name: 'BBBB', type: 'C', length: 6 }], [[pad(Buffer.from('12.50'), 10, false), pad(gbk('水田'), 6)]], 0x4d));
    Buffer.from([0xc3, 0xe6, 0xbb, 0xfd]).copy(bytes, 32);
    Buffer.from([0xb5, 0xd8, 0xc0, 0xe0]).copy(bytes, 64);
    expect(readDbf(bytes).records[0]).toEqual({ 面积: 12.5, 地类: '水田' });
    // Without the language driver byte, the GBK names alone decide the guess.
    bytes[29] = 0;
    const guessed = readDbf(bytes);
    expect([guessed.encodingFrom, guessed.fields.map((f) => f.name)]).toEqual(['guess', ['面积', '地类']]);
  });

  it('reads N/F as numbers exactly as Number() reads their text, long integers as strings, blanks and ***** as null', () => {
    const texts = ['0', '-0.5', '12345.678', '6677.710000000000000', '100', '1e3', '-12.25', '123456789012345', '1234567890123456', '0.1', '3.000'];
    const t = readDbf(makeDbf([{ name: 'V', type: 'N', length: 24, decimals: 3 }], [...texts.map((s) => [pad(Buffer.from(s), 24, false)]), [pad(Buffer.from(''), 24)], [Buffer.from('*'.repeat(24))]]));
    expect(t.records.map((r) => r.V)).toEqual([0, -0.5, 12345.678, 6677.71, 100, 1000, -12.25, 123456789012345, '1234567890123456', 0.1, 3, null, null]);
    expect(Object.is(t.records[1].V, -0.5)).toBe(true);
  });

  it('matches Number() on random decimal texts (the fast path must round like it)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const texts: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const intDigits = 1 + Math.floor(rnd() * 9);
      const fracDigits = Math.floor(rnd() * 12);
      let s = (rnd() < 0.3 ? '-' : '') + String(1 + Math.floor(rnd() * 9));
      for (let d = 1; d < intDigits; d++) s += Math.floor(rnd() * 10);
      if (fracDigits > 0) {
        s += '.';
        for (let d = 0; d < fracDigits; d++) s += Math.floor(rnd() * 10);
      }
      texts.push(s);
    }
    const t = readDbf(makeDbf([{ name: 'V', type: 'N', length: 24, decimals: 11 }], texts.map((s) => [pad(Buffer.from(s), 24, false)])));
    t.records.forEach((r, i) => expect(r.V, texts[i]).toBe(Number(texts[i])));
  });

  it('warns when a numeric field holds codes with leading zeros, which numbers cannot keep', () => {
    const t = readDbf(makeDbf([{ name: 'DLBM', type: 'N', length: 4 }], [[Buffer.from('0101')], [Buffer.from('0102')]]));
    expect(t.records.map((r) => r.DLBM)).toEqual([101, 102]);
    expect(t.warnings).toContain('DBF field DLBM is numeric but holds codes with leading zeros (feature 0: "0101"); numbers keep no leading zeros — store codes as text (C) fields');
  });

  it('reads logicals and dates, and keeps odd dates as text with a warning', () => {
    const t = readDbf(
      makeDbf(
        [
          { name: 'OK', type: 'L', length: 1 },
          { name: 'RQ', type: 'D', length: 8 },
        ],
        [
          [Buffer.from('T'), Buffer.from('20240229')],
          [Buffer.from('n'), Buffer.from('00000000')],
          [Buffer.from('?'), Buffer.from('2024-2-9')],
          [Buffer.from(' '), Buffer.from('        ')],
        ],
      ),
    );
    expect(t.records).toEqual([
      { OK: true, RQ: '2024-02-29' },
      { OK: false, RQ: null },
      { OK: null, RQ: '2024-2-9' },
      { OK: null, RQ: null },
    ]);
    expect(t.warnings).toContain('DBF date fields holding values that are not YYYYMMDD; kept as text — 1 value: feature 2 field RQ "2024-2-9"');
  });

  it('keeps deleted rows and lists them; renames a repeated field name', () => {
    const rows = [0, 1, 2].map((k) => [Buffer.from(String(k)), Buffer.from('a')]);
    const bytes = makeDbf([{ name: 'A', type: 'N', length: 1 }, { name: 'A', type: 'C', length: 1 }], rows);
    const headerLength = 32 + 2 * 32 + 1; // header, two descriptors, 0x0D
    bytes[headerLength + 2 * 3] = 0x2a; // deletion flag of row 2 (records of 1 + 1 + 1 bytes)
    const t = readDbf(bytes);
    expect(t.records.map((r) => [r.A, r.A_2])).toEqual([[0, 'a'], [1, 'a'], [2, 'a']]);
    expect(t.warnings).toContain('two fields are named "A"; the second is read as "A_2"');
    expect(t.deleted).toEqual([2]);
  });

  it('maps the .cpg spellings ESRI and GDAL write', () => {
    const cases: [string, string | null][] = [
      ['GBK', 'gb18030'], ['936', 'gb18030'], ['CP936', 'gb18030'], ['ANSI 936', 'gb18030'], ['gb2312', 'gb18030'], ['GB18030', 'gb18030'],
      ['UTF-8', 'utf8'], ['UTF8', 'utf8'], ['65001', 'utf8'], ['\ufeffUTF-8\r\n', 'utf8'],
      ['1252', 'cp1252'], ['88591', 'iso-8859-1'], ['ISO-8859-5', 'iso-8859-5'], ['950', 'cp950'],
      ['OEM', null], ['ANSI', null], ['', null], ['klingon', null],
    ];
    for (const [cpg, want] of cases) expect(encodingFromCpg(cpg), cpg).toBe(want);
  });

  it('lets the language driver byte win over a .cpg that disagrees, and says so', () => {
    const t = readDbf(makeDbf(fields, [row('gbk')], 0x4d), { cpg: 'UTF-8' });
    expect([t.encoding, t.records[0].DLMC]).toEqual(['gb18030', '水田']);
    expect(t.warnings).toContain('the .cpg says "UTF-8" but the DBF language driver byte says gb18030; the language driver byte is used (pass an encoding to override)');
  });

  it('reads code pages other than GBK and UTF-8 through iconv-lite (CP437 named by byte 0x01)', () => {
    const t = readDbf(makeDbf([{ name: 'N', type: 'C', length: 6 }], [[Buffer.from([0x4d, 0x81, 0x6c, 0x6c, 0x65, 0x72])]], 0x01));
    expect([t.encoding, t.records[0].N]).toEqual(['cp437', 'Müller']);
  });

  it('reads a table from disk through a window smaller than the file, record by record', async () => {
    const { DbfReader } = await import('../../src/io/dbf.js');
    const { fileSource } = await import('../../src/io/byte-source.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const rows = Array.from({ length: 30000 }, (_, k) => [pad(Buffer.from(String(k).padStart(5, '0')), 5), pad(gbk(k % 2 ? '水田' : '旱地'), 20), pad(Buffer.from(`${k}.25`), 12, false), pad(Buffer.from('1'), 19, false), Buffer.from('20260131')]);
    const bytes = makeDbf(fields, rows, 0x4d);
    const file = join(mkdtempSync(join(tmpdir(), 'tuban-dbf-')), 'big.dbf');
    writeFileSync(file, bytes);
    expect(bytes.length).toBeGreaterThan(1 << 20); // more than the reader's 1 MiB window
    const reader = DbfReader.open(fileSource(file));
    const got = Array.from({ length: reader.count }, () => reader.read());
    reader.close();
    expect(got.length).toBe(30000);
    expect(got[29999]).toEqual({ DLBM: '29999', DLMC: '水田', TBMJ: 29999.25, ZLDWDM: 1, RQ: '2026-01-31' });
    expect(got.filter((r) => r.DLMC === '旱地').length).toBe(15000);
  });
});
