/**
 * Sequential byte sources (a file, a zip entry, bytes in memory) and a forward-only chunked reader over
 * them, so that the Shapefile, DBF and NDJSON readers hold a fixed window of a file, never the whole file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** A sequential reader of bytes, positioned at 0 when opened. */
export interface ByteSource {
  /** Reads up to `length` bytes into `target` at `offset`; returns the count read, 0 at the end. */
  read(target: Uint8Array, offset: number, length: number): number;
  /** Releases the file handle; safe to call twice. */
  close(): void;
}

/** Something that can be read from the start, as often as needed (a second pass scans a DBF's encoding). */
export interface ByteSourceFactory {
  /** Path for messages (`DLTB.shp`, `data.zip/DLTB.shp`). */
  readonly label: string;
  /** Length in bytes. */
  readonly size: number;
  /** A reader positioned at `position` (default 0). */
  open(position?: number): ByteSource;
}

/**
 * A file on disk, read with `fs.readSync` in the caller's chunks.
 *
 * @example
 * const reader = new ChunkedReader(fileSource('DLTB.shp'));
 */
export function fileSource(path: string, label = path): ByteSourceFactory {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  return {
    label,
    size,
    open(start = 0): ByteSource {
      let handle: number | null = openSync(path, 'r');
      let position = start;
      return {
        read(target, offset, length) {
          if (handle === null) return 0;
          const n = readSync(handle, target, offset, length, position);
          position += n;
          return n;
        },
        close() {
          if (handle !== null) closeSync(handle);
          handle = null;
        },
      };
    },
  };
}

/**
 * Bytes already in memory.
 *
 * @example
 * const src = memorySource(readFileSync('x.dbf'), 'x.dbf');
 */
export function memorySource(bytes: Uint8Array, label = 'bytes'): ByteSourceFactory {
  return {
    label,
    size: bytes.length,
    open(start = 0): ByteSource {
      let position = Math.min(start, bytes.length);
      return {
        read(target, offset, length) {
          const n = Math.min(length, bytes.length - position);
          target.set(bytes.subarray(position, position + n), offset);
          position += n;
          return n;
        },
        close() {},
      };
    },
  };
}

/**
 * Reads a whole (small) source: a .prj, .cpg, .shx, or a GeoJSON file.
 *
 * @example
 * const prj = readAll(fileSource('DLTB.prj')).toString('utf8');
 */
export function readAll(factory: ByteSourceFactory): Buffer {
  const out = Buffer.allocUnsafe(factory.size);
  const src = factory.open();
  try {
    let filled = 0;
    while (filled < out.length) {
      const n = src.read(out, filled, out.length - filled);
      if (n === 0) break;
      filled += n;
    }
    return filled === out.length ? out : out.subarray(0, filled);
  } finally {
    src.close();
  }
}

const DEFAULT_CHUNK = 1 << 20;

/**
 * A window over a {@link ByteSourceFactory}. `window(at, n)` makes bytes `[at, at + n)` available in `buf`
 * and returns their index there. Reading forward is sequential; a jump backwards or far ahead reopens the
 * source at the new position (a seek for files). Records larger than the window grow it. Over bytes in
 * memory ({@link ChunkedReader.ofBytes}) the window is the whole array and nothing is copied.
 *
 * @example
 * const r = new ChunkedReader(fileSource('DLTB.shp'));
 * const k = r.window(100, 8); // the first record header
 * const contentWords = r.view.getInt32(k + 4, false);
 * r.close();
 */
export class ChunkedReader {
  buf: Buffer;
  view: DataView;
  /** Absolute position of `buf[0]`. */
  private base = 0;
  /** Valid bytes in `buf`. */
  private filled = 0;
  private ended = false;
  private source: ByteSource | null = null;

  constructor(
    private readonly factory: ByteSourceFactory | null,
    chunk = DEFAULT_CHUNK,
  ) {
    this.buf = Buffer.allocUnsafe(chunk);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    if (factory !== null) this.source = factory.open(0);
  }

  /** A reader whose window is `bytes` itself. */
  static ofBytes(bytes: Uint8Array): ChunkedReader {
    const r = new ChunkedReader(null, 0);
    r.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    r.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    r.filled = bytes.length;
    r.ended = true;
    return r;
  }

  /**
   * Makes `n` bytes from absolute position `at` available. Returns their index in `buf`, or -1 when the
   * source ends first ({@link available} then says how many there are).
   */
  window(at: number, n: number): number {
    let i = at - this.base;
    if (i >= 0 && i + n <= this.filled) return i;
    if (this.factory === null || this.source === null) return -1;
    if (i < 0 || i > this.filled + 4 * this.buf.length) {
      this.source.close();
      this.source = this.factory.open(at);
      this.base = at;
      this.filled = 0;
      this.ended = at >= this.factory.size;
      i = 0;
    } else if (i > this.filled) {
      // A short gap: read through it.
      this.base += this.filled;
      this.filled = 0;
      while (this.base < at && !this.ended) {
        const k = this.source.read(this.buf, 0, Math.min(this.buf.length, at - this.base));
        if (k === 0) this.ended = true;
        this.base += k;
      }
      if (this.base !== at) return -1;
      i = 0;
    } else if (i > 0) {
      this.buf.copyWithin(0, i, this.filled);
      this.filled -= i;
      this.base = at;
    }
    if (n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, 2 * this.buf.length));
      this.buf.copy(bigger, 0, 0, this.filled);
      this.buf = bigger;
      this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
    }
    while (this.filled < n && !this.ended) {
      const k = this.source.read(this.buf, this.filled, this.buf.length - this.filled);
      if (k === 0) this.ended = true;
      this.filled += k;
    }
    return this.filled >= n ? 0 : -1;
  }

  /** Index in `buf` of absolute position `at` (valid while `at` is in the window). */
  indexOf(at: number): number {
    return at - this.base;
  }

  /** Bytes available from `at` (after a `window` call that returned -1: how much the source still had). */
  available(at: number): number {
    return Math.max(0, this.base + this.filled - at);
  }

  close(): void {
    this.source?.close();
    this.source = null;
  }
}
