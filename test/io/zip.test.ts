/**
 * Zip archives: the central directory (plain and Zip64), entry names in UTF-8, GBK and CP437, stored and
 * deflated entries read through a window, and the errors for what cannot be read. Archives come from fflate's
 * writer, the `zip` command (Info-ZIP, when installed), and hand-built bytes per PKWARE APPNOTE 6.3.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ChunkedReader, readAll } from '../../src/io/byte-source.js';
import { readLayer } from '../../src/io/read.js';
import { crc32, listZip, zipEntrySource } from '../../src/io/zip.js';
import { storedZip } from './corpus/make.js';

const dir = mkdtempSync(join(tmpdir(), 'tuban-zip-'));
const hasZip = spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0;

/** Bytes that compress, but not to nothing: a seeded pseudo-random walk of digits and spaces. */
function sampleBytes(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = s % 7 === 0 ? 0x20 : 0x30 + (s % 10);
  }
  return out;
}

describe('listZip and entry reading', () => {
  it('reads deflated entries (fflate writer) through a 64 KiB window, bytes and CRC-32 intact', () => {
    const data = sampleBytes(3_000_000);
    const file = join(dir, 'big.zip');
    writeFileSync(file, zipSync({ 'a/b.bin': new Uint8Array(data), 'c.txt': new TextEncoder().encode('hello') }, { level: 6 }));
    const entries = listZip(file);
    expect(entries.map((e) => [e.name, e.size, e.method])).toEqual([
      ['a/b.bin', 3_000_000, 8],
      ['c.txt', 5, 8],
    ]);
    const reader = new ChunkedReader(zipEntrySource(file, entries[0]), 64 * 1024);
    let equal = true;
    for (let at = 0; at < data.length; at += 50_000) {
      const n = Math.min(50_000, data.length - at);
      const k = reader.window(at, n);
      if (k < 0 || !reader.buf.subarray(k, k + n).equals(data.subarray(at, at + n))) equal = false;
    }
    expect(equal).toBe(true);
    reader.close();
    expect(readAll(zipEntrySource(file, entries[1])).toString()).toBe('hello');
  });

  it('reopens an entry to go backwards (a .shx pointing at an earlier record)', () => {
    const data = sampleBytes(400_000, 3);
    const file = join(dir, 'seek.zip');
    writeFileSync(file, zipSync({ 'x.bin': new Uint8Array(data) }));
    const reader = new ChunkedReader(zipEntrySource(file, listZip(file)[0]), 4096);
    const k1 = reader.window(300_000, 10);
    expect(reader.buf.subarray(k1, k1 + 10).equals(data.subarray(300_000, 300_010))).toBe(true);
    const k2 = reader.window(1000, 10);
    expect(reader.buf.subarray(k2, k2 + 10).equals(data.subarray(1000, 1010))).toBe(true);
    reader.close();
  });

  it('decodes names: UTF-8 flag, GBK and CP437 without it, and the Info-ZIP Unicode Path field', () => {
    const name = (bytes: number[] | Buffer) => Buffer.from(bytes);
    const file = join(dir, 'names.zip');
    writeFileSync(
      file,
      storedZip([
        { name: Buffer.from('耕地.shp', 'utf8'), data: Buffer.from('a'), utf8Flag: true },
        { name: iconv.encode('地类图斑.dbf', 'gbk'), data: Buffer.from('b') },
        // 0x81 0x2E is not GBK (a trail byte is 0x40–0xFE), so CP437: 0x81 is ü.
        { name: name([0x81, 0x2e, 0x74, 0x78, 0x74]), data: Buffer.from('c') },
        { name: Buffer.from('plain.txt'), data: Buffer.from('d') },
      ]),
    );
    expect(listZip(file).map((e) => [e.name, e.nameEncoding])).toEqual([
      ['耕地.shp', 'utf8'],
      ['地类图斑.dbf', 'gbk'],
      ['ü.txt', 'cp437'],
      ['plain.txt', 'ascii'],
    ]);
  });

  it('takes the name from an Info-ZIP Unicode Path extra field (0x7075) whose CRC matches the raw name', () => {
    const raw = Buffer.from('x.shp');
    const utf8 = Buffer.from('永久基本农田.shp', 'utf8');
    const extra = Buffer.alloc(4 + 5 + utf8.length);
    extra.writeUInt16LE(0x7075, 0);
    extra.writeUInt16LE(5 + utf8.length, 2);
    extra[4] = 1;
    extra.writeUInt32LE(zlibCrc32(raw), 5);
    utf8.copy(extra, 9);
    const zip = storedZip([{ name: raw, data: Buffer.from('z') }]);
    // Splice the extra field into the central directory entry (extra length at +30, name at +46).
    const cdAt = zip.length - 22 - (46 + raw.length);
    const central = Buffer.from(zip.subarray(cdAt, cdAt + 46 + raw.length));
    central.writeUInt16LE(extra.length, 30);
    const eocd = Buffer.from(zip.subarray(zip.length - 22));
    eocd.writeUInt32LE(46 + raw.length + extra.length, 12);
    writeFileSync(join(dir, 'unicode.zip'), Buffer.concat([zip.subarray(0, cdAt), central, extra, eocd]));
    expect(listZip(join(dir, 'unicode.zip'))[0].name).toBe('永久基本农田.shp');
  });

  it('reads a Zip64 archive (sizes and offsets in the 0x0001 extra field, Zip64 end records)', () => {
    const data = Buffer.from('zip64 body');
    const nameBytes = Buffer.from('z.txt');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt32LE(zlibCrc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const extra = Buffer.alloc(4 + 24);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4);
    extra.writeBigUInt64LE(BigInt(data.length), 12);
    extra.writeBigUInt64LE(0n, 20);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt32LE(zlibCrc32(data), 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(0xffffffff, 42);
    const cdOffset = 30 + nameBytes.length + data.length;
    const cdSize = 46 + nameBytes.length + extra.length;
    const z64 = Buffer.alloc(56);
    z64.writeUInt32LE(0x06064b50, 0);
    z64.writeBigUInt64LE(44n, 4);
    z64.writeBigUInt64LE(1n, 24);
    z64.writeBigUInt64LE(1n, 32);
    z64.writeBigUInt64LE(BigInt(cdSize), 40);
    z64.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
    locator.writeUInt32LE(1, 16);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(0xffff, 8);
    eocd.writeUInt16LE(0xffff, 10);
    eocd.writeUInt32LE(0xffffffff, 12);
    eocd.writeUInt32LE(0xffffffff, 16);
    const file = join(dir, 'z64.zip');
    writeFileSync(file, Buffer.concat([local, nameBytes, data, central, nameBytes, extra, z64, locator, eocd]));
    const [entry] = listZip(file);
    expect([entry.name, entry.size, entry.compressedSize, entry.localHeaderOffset]).toEqual(['z.txt', data.length, data.length, 0]);
    expect(readAll(zipEntrySource(file, entry)).toString()).toBe('zip64 body');
  });

  it.skipIf(!hasZip)('reads archives made by Info-ZIP zip (deflate, with a folder entry)', () => {
    const src = join(dir, 'src');
    execFileSync('mkdir', ['-p', join(src, 'sub')]);
    writeFileSync(join(src, 'sub', 'a.txt'), sampleBytes(100_000, 5));
    execFileSync('zip', ['-q', '-r', join(dir, 'infozip.zip'), 'sub'], { cwd: src });
    const entries = listZip(join(dir, 'infozip.zip'));
    expect(entries.map((e) => e.name)).toEqual(['sub/', 'sub/a.txt']);
    expect(readAll(zipEntrySource(join(dir, 'infozip.zip'), entries[1])).equals(sampleBytes(100_000, 5))).toBe(true);
  });

  it('refuses encrypted entries and unsupported methods by name, and what is not a zip', () => {
    const file = join(dir, 'methods.zip');
    const zip = storedZip([{ name: Buffer.from('a.shp'), data: Buffer.from('x') }, { name: Buffer.from('b.shp'), data: Buffer.from('y') }]);
    // Entry 1: method 12 (BZIP2); entry 2: the encryption flag. Central entries start after the locals (2 × 36 bytes).
    zip.writeUInt16LE(12, 72 + 10);
    zip.writeUInt16LE(1, 72 + 51 + 8);
    writeFileSync(file, zip);
    const [a, b] = listZip(file);
    expect(() => zipEntrySource(file, a)).toThrow('methods.zip: a.shp is compressed with method 12 (BZIP2); expected stored (0) or deflated (8) — re-zip it with a standard tool');
    expect(() => zipEntrySource(file, b)).toThrow('methods.zip: b.shp is encrypted; expected a zip without a password');
    writeFileSync(join(dir, 'not.zip'), 'not a zip at all');
    expect(() => readLayer(join(dir, 'not.zip'))).toThrow('not.zip: expected a zip archive (an end-of-central-directory record), found none: not a zip file, or cut short');
  });

  it('computes the zip CRC-32 like zlib (check value of "123456789" is cbf43926)', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
    const data = sampleBytes(10_000, 9);
    expect(crc32(data.subarray(5000), crc32(data.subarray(0, 5000)))).toBe(zlibCrc32(data));
  });
});

describe('readLayer on zips', () => {
  it('finds the one layer, skipping folders and __MACOSX, and reads a GeoJSON inside', () => {
    const geojson = readFileSync(new URL('../../fixtures/shp/patches.geojson', import.meta.url));
    const file = join(dir, 'patches.zip');
    writeFileSync(file, zipSync({ 'out/': new Uint8Array(0), 'out/patches.geojson': new Uint8Array(geojson), '__MACOSX/out/._patches.geojson': new Uint8Array(4) }));
    const { layer } = readLayer(file, { idField: 'JCBH' });
    const plain = readLayer(new URL('../../fixtures/shp/patches.geojson', import.meta.url).pathname, { idField: 'JCBH' });
    expect(layer.name).toBe('patches');
    expect(layer.featureCount).toBe(plain.layer.featureCount);
    expect(Array.from(layer.coords)).toEqual(Array.from(plain.layer.coords));
  });

  it('says what a zip without a layer holds', () => {
    const file = join(dir, 'docs.zip');
    writeFileSync(file, zipSync({ 'readme.txt': new Uint8Array(1), 'map.pdf': new Uint8Array(1) }));
    expect(() => readLayer(file)).toThrow('docs.zip: expected a .shp or GeoJSON file in the zip, found readme.txt, map.pdf');
  });
});
