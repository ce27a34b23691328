/**
 * Reading entries of a .zip archive (PKWARE APPNOTE.TXT 6.3: end of central directory, central directory,
 * local headers, Zip64) without loading the archive: the central directory is read from the end of the file,
 * and an entry is inflated with fflate's streaming `Inflate` while its reader asks for more, so a zipped
 * 300 MB .shp is read through a fixed window like a plain one. Entry CRC-32 and sizes are checked at the end.
 *
 * Entry names without the UTF-8 flag (bit 11) are decoded as UTF-8 when valid, else as GBK (Chinese Windows
 * zip tools write the system code page), else as CP437 (the format's default); an Info-ZIP Unicode Path
 * extra field (0x7075) wins when present.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { createRequire } from 'node:module';
import type { Inflate } from 'fflate';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { InputError } from '../errors.js';
import type { ByteSource, ByteSourceFactory } from './byte-source.js';

let inflateClass: typeof Inflate | null = null;
/** fflate's Inflate, loaded when a deflated entry is first read (most reads are of plain files). */
function loadInflate(): typeof Inflate {
  inflateClass ??= (createRequire(import.meta.url)('fflate') as { Inflate: typeof Inflate }).Inflate;
  return inflateClass;
}

/** One file in the archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  readonly name: string;
  /** How the name's bytes were decoded. */
  readonly nameEncoding: 'ascii' | 'utf8' | 'gbk' | 'cp437';
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const METHOD_NAMES: Readonly<Record<number, string>> = { 9: 'Deflate64', 12: 'BZIP2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 99: 'AES-encrypted' };

/** Reads `length` bytes at `position` of an open file; fewer at the end of the file. */
function pread(fd: number, position: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, out, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? out : out.subarray(0, got);
}

/**
 * Lists the entries of a zip archive from its central directory.
 *
 * @example
 * const entries = listZip('DLTB.zip').filter((e) => e.name.toLowerCase().endsWith('.shp'));
 */
export function listZip(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    // The EOCD record is 22 bytes plus a comment of at most 65 535 bytes, at the very end.
    const tailLength = Math.min(size, 22 + 65535);
    const tail = pread(fd, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new InputError('expected a zip archive (an end-of-central-directory record), found none: not a zip file, or cut short', { file: path });
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // Zip64: a locator right before the EOCD points at the Zip64 EOCD record (APPNOTE 4.3.14–4.3.15).
      const locAt = size - tailLength + eocd - 20;
      const loc = locAt >= 0 ? pread(fd, locAt, 20) : Buffer.alloc(0);
      if (loc.length === 20 && loc.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
        const rec = pread(fd, Number(loc.readBigUInt64LE(8)), 56);
        if (rec.length !== 56 || rec.readUInt32LE(0) !== SIG_ZIP64_EOCD) {
          throw new InputError('expected a Zip64 end-of-central-directory record where the locator points, found none', { file: path });
        }
        count = Number(rec.readBigUInt64LE(32));
        cdSize = Number(rec.readBigUInt64LE(40));
        cdOffset = Number(rec.readBigUInt64LE(48));
      }
    }
    if (cdOffset + cdSize > size) {
      throw new InputError(`the zip central directory (${cdSize} bytes at ${cdOffset}) lies past the end of the file (${size} bytes): the archive is cut short`, { file: path });
    }
    const cd = pread(fd, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let k = 0; k < count; k++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== SIG_CENTRAL) {
        throw new InputError(`expected ${count} central directory entries, found ${k}: the archive is damaged`, { file: path });
      }
      const flags = cd.readUInt16LE(at + 8);
      const method = cd.readUInt16LE(at + 10);
      const crc = cd.readUInt32LE(at + 16);
      let compressedSize = cd.readUInt32LE(at + 20);
      let uncompressed = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      let localOffset = cd.readUInt32LE(at + 42);
      const rawName = cd.subarray(at + 46, at + 46 + nameLength);
      const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      let unicodeName: string | null = null;
      for (let e = 0; e + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(e);
        const len = extra.readUInt16LE(e + 2);
        const body = extra.subarray(e + 4, e + 4 + len);
        if (id === 0x0001) {
          // Zip64 extended information: only the fields whose 32-bit value is saturated, in this order.
          let z = 0;
          if (uncompressed === 0xffffffff && z + 8 <= body.length) (uncompressed = Number(body.readBigUInt64LE(z))), (z += 8);
          if (compressedSize === 0xffffffff && z + 8 <= body.length) (compressedSize = Number(body.readBigUInt64LE(z))), (z += 8);
          if (localOffset === 0xffffffff && z + 8 <= body.length) localOffset = Number(body.readBigUInt64LE(z));
        } else if (id === 0x7075 && body.length >= 5 && body[0] === 1 && body.readUInt32LE(1) === crc32(rawName)) {
          unicodeName = body.subarray(5).toString('utf8');
        }
        e += 4 + len;
      }
      const decoded = unicodeName !== null ? { name: unicodeName, encoding: 'utf8' as const } : decodeName(rawName, (flags & 0x800) !== 0);
      entries.push({
        name: decoded.name.replace(/\\/g, '/'),
        nameEncoding: decoded.encoding,
        method,
        flags,
        crc32: crc,
        compressedSize,
        size: uncompressed,
        localHeaderOffset: localOffset,
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

let gbkFatal: TextDecoder | null | undefined;
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** An entry name: UTF-8 if flagged or valid, else GBK if valid, else CP437 (APPNOTE appendix D). */
function decodeName(raw: Uint8Array, utf8Flag: boolean): { name: string; encoding: ZipEntry['nameEncoding'] } {
  if (utf8Flag) return { name: Buffer.from(raw).toString('utf8'), encoding: 'utf8' };
  if (raw.every((b) => b < 0x80)) return { name: Buffer.from(raw).toString('latin1'), encoding: 'ascii' };
  try {
    return { name: utf8Fatal.decode(raw), encoding: 'utf8' };
  } catch {
    // not UTF-8
  }
  if (gbkFatal === undefined) {
    try {
      gbkFatal = new TextDecoder('gbk', { fatal: true });
    } catch {
      gbkFatal = null;
    }
  }
  if (gbkFatal !== null) {
    try {
      return { name: gbkFatal.decode(raw), encoding: 'gbk' };
    } catch {
      // not GBK
    }
  } else {
    const s = iconv.decode(Buffer.from(raw), 'gbk');
    if (!s.includes('\ufffd')) return { name: s, encoding: 'gbk' };
  }
  return { name: iconv.decode(Buffer.from(raw), 'cp437'), encoding: 'cp437' };
}

let crcTable: Int32Array | null = null;

/** CRC-32 (ISO 3309 / ITU-T V.42, the zip checksum), continuing from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (typeof native === 'function') return native(bytes, crc);
  if (crcTable === null) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const COMPRESSED_CHUNK = 256 * 1024;

/**
 * A reader of one entry, decompressing as it is read (stored and deflated entries).
 *
 * @throws InputError for encrypted entries and other compression methods, naming the method.
 * @example
 * const shp = zipEntrySource('DLTB.zip', entry);
 */
export function zipEntrySource(zipPath: string, entry: ZipEntry): ByteSourceFactory {
  const label = `${zipPath}/${entry.name}`;
  if ((entry.flags & 1) !== 0) {
    throw new InputError(`${entry.name} is encrypted; expected a zip without a password`, { file: zipPath });
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new InputError(
      `${entry.name} is compressed with method ${entry.method}${METHOD_NAMES[entry.method] ? ` (${METHOD_NAMES[entry.method]})` : ''}; expected stored (0) or deflated (8) — re-zip it with a standard tool`,
      { file: zipPath },
    );
  }
  return {
    label,
    size: entry.size,
    open(position = 0) {
      const reader = new ZipEntryReader(zipPath, label, entry);
      // A deflate stream can only be entered at its start: skip by decompressing.
      const sink = new Uint8Array(Math.min(position, 1 << 20));
      for (let left = position; left > 0; ) {
        const n = reader.read(sink, 0, Math.min(left, sink.length));
        if (n === 0) break;
        left -= n;
      }
      return reader;
    },
  };
}

class ZipEntryReader implements ByteSource {
  private fd: number | null;
  private position: number;
  private remaining: number;
  private readonly inflater: Inflate | null;
  private readonly queue: Uint8Array[] = [];
  private head = 0;
  private produced = 0;
  private crc = 0;
  private done = false;

  constructor(
    private readonly zipPath: string,
    private readonly label: string,
    private readonly entry: ZipEntry,
  ) {
    this.fd = openSync(zipPath, 'r');
    const local = pread(this.fd, entry.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== SIG_LOCAL) {
      this.close();
      throw new InputError(`expected the local header of ${entry.name} at byte ${entry.localHeaderOffset}, found none: the archive is damaged`, { file: zipPath });
    }
    this.position = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    this.remaining = entry.compressedSize;
    this.inflater = entry.method === 8 ? new (loadInflate())((chunk) => this.queue.push(chunk)) : null;
  }

  read(target: Uint8Array, offset: number, length: number): number {
    while (this.head === 0 && this.queue.length === 0 && !this.done) this.pull();
    let n = 0;
    while (n < length && this.queue.length > 0) {
      const chunk = this.queue[0];
      const take = Math.min(length - n, chunk.length - this.head);
      target.set(chunk.subarray(this.head, this.head + take), offset + n);
      n += take;
      this.head += take;
      if (this.head === chunk.length) {
        this.queue.shift();
        this.head = 0;
      }
      if (n < length && this.queue.length === 0 && !this.done) this.pull();
    }
    return n;
  }

  private pull(): void {
    if (this.fd === null) {
      this.done = true;
      return;
    }
    const want = Math.min(COMPRESSED_CHUNK, this.remaining);
    const data = want > 0 ? pread(this.fd, this.position, want) : new Uint8Array(0);
    if (data.length < want) {
      throw new InputError(`${this.entry.name} is cut short: expected ${this.entry.compressedSize} compressed bytes`, { file: this.zipPath });
    }
    this.position += data.length;
    this.remaining -= data.length;
    const final = this.remaining === 0;
    const before = this.queue.length;
    if (this.inflater === null) {
      if (data.length > 0) this.queue.push(data);
    } else {
      try {
        this.inflater.push(data, final);
      } catch (e) {
        throw new InputError(`${this.entry.name} could not be decompressed (${(e as Error).message}): the archive is damaged`, { file: this.zipPath });
      }
    }
    for (let i = before; i < this.queue.length; i++) {
      this.crc = crc32(this.queue[i], this.crc);
      this.produced += this.queue[i].length;
    }
    if (final) {
      this.done = true;
      if (this.produced !== this.entry.size || this.crc !== this.entry.crc32) {
        throw new InputError(
          `${this.entry.name} is damaged: expected ${this.entry.size} bytes with CRC-32 ${hex(this.entry.crc32)}, found ${this.produced} bytes with CRC-32 ${hex(this.crc)}`,
          { file: this.zipPath },
        );
      }
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
