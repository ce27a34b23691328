/**
 * Decoding fixed-width text fields (DBF character fields) fast, in a named encoding, and saying when the bytes
 * are not valid in it — never a silent U+FFFD.
 */
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

/** How one field value decoded. */
export const TextStatus = {
  Ok: 0,
  /** The value ended in the first bytes of a multi-byte character cut off by the field width; they were dropped. */
  CutCharacter: 1,
  /** Bytes not valid in the encoding were replaced by U+FFFD. */
  Invalid: 2,
} as const;
export type TextStatus = (typeof TextStatus)[keyof typeof TextStatus];

/** Validity of a byte range as UTF-8 (RFC 3629): ASCII only, valid, valid but for a cut last character, invalid. */
export const Utf8Check = { Ascii: 0, Valid: 1, CutAtEnd: 2, Invalid: 3 } as const;
export type Utf8Check = (typeof Utf8Check)[keyof typeof Utf8Check];

/**
 * Classifies `bytes[start, end)` as UTF-8 per RFC 3629 (no overlongs, no surrogates, ≤ U+10FFFF). A
 * sequence that is a correct prefix but runs into `end` counts as a cut character, not as invalid.
 *
 * @example
 * checkUtf8(Buffer.from('水田'), 0, 6); // Utf8Check.Valid
 * checkUtf8(Buffer.from([0xd6, 0xd0]), 0, 2); // Utf8Check.Invalid (中 in GBK)
 */
export function checkUtf8(bytes: Uint8Array, start: number, end: number): Utf8Check {
  let high = false;
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    high = true;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return Utf8Check.Invalid;
    for (let k = 1; k <= need; k++) {
      if (i + k >= end) return Utf8Check.CutAtEnd;
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return Utf8Check.Invalid;
    }
    i += need + 1;
  }
  return high ? Utf8Check.Valid : Utf8Check.Ascii;
}

/**
 * Decodes byte ranges of one buffer in one encoding. ASCII runs take a fast path; UTF-8 uses Node's decoder;
 * GBK/GB18030 use the WHATWG decoder (ICU) when the runtime has it, else iconv-lite; other code pages iconv-lite.
 *
 * @example
 * const d = new FieldDecoder('gb18030');
 * d.decode(Buffer.from([0xcb, 0xae, 0xcc, 0xef]), 0, 4); // '水田', d.status === TextStatus.Ok
 */
export class FieldDecoder {
  /** Status of the last {@link decode} call. */
  status: TextStatus = TextStatus.Ok;
  private readonly kind: 'utf8' | 'whatwg' | 'iconv';
  private readonly whatwg: TextDecoder | null = null;

  /** `encoding`: an iconv-lite name (`utf8`, `gb18030`, `cp437`, …). */
  constructor(readonly encoding: string) {
    const e = encoding.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (e === 'utf8') {
      this.kind = 'utf8';
      return;
    }
    if (e === 'gbk' || e === 'gb18030' || e === 'cp936' || e === 'gb2312') {
      try {
        // The WHATWG "gbk" decoder is the gb18030 decoder, a superset of GBK (Encoding Standard §11).
        this.whatwg = new TextDecoder('gb18030');
        this.kind = 'whatwg';
        return;
      } catch {
        // A Node built without full ICU: iconv-lite below.
      }
    }
    this.kind = 'iconv';
  }

  /** Decodes `buf[start, end)`; sets {@link status}. */
  decode(buf: Buffer, start: number, end: number): string {
    this.status = TextStatus.Ok;
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (buf[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return buf.toString('latin1', start, end);
    let text: string;
    if (this.kind === 'utf8') text = buf.toString('utf8', start, end);
    else if (this.kind === 'whatwg') text = this.whatwg!.decode(buf.subarray(start, end));
    else text = iconv.decode(buf.subarray(start, end), this.encoding);
    if (text.includes('\ufffd')) return this.repair(buf, start, end, text);
    return text;
  }

  /** A U+FFFD came out: a character cut at the end of the field, invalid bytes, or a real U+FFFD. */
  private repair(buf: Buffer, start: number, end: number, text: string): string {
    if (this.kind === 'utf8') {
      const check = checkUtf8(buf, start, end);
      if (check === Utf8Check.Valid) return text; // the text holds a genuine U+FFFD
      if (check === Utf8Check.CutAtEnd) {
        let cut = end - 1;
        while (cut > start && (buf[cut] & 0xc0) === 0x80) cut--;
        const head = buf.toString('utf8', start, cut);
        if (!head.includes('\ufffd')) {
          this.status = TextStatus.CutCharacter;
          return head;
        }
      }
      this.status = TextStatus.Invalid;
      return text;
    }
    // Double-byte code pages: a lone lead byte at the very end is a character cut by the field width.
    if (text.indexOf('\ufffd') === text.length - 1 && buf[end - 1] >= 0x81) {
      let leads = 0;
      for (let i = end - 1; i >= start && buf[i] >= 0x81; i--) leads++;
      if (leads % 2 === 1) {
        this.status = TextStatus.CutCharacter;
        return text.slice(0, -1);
      }
    }
    this.status = TextStatus.Invalid;
    return text;
  }
}
