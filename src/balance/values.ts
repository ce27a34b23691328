/**
 * Reading attribute values of the occupation, supplement and land-use layers: grades, dates, areas, text.
 * Layers come from GeoJSON (numbers as numbers) and from DBF files, whose numeric fields holding whole numbers
 * come back as text ("7", "15000": see src/io/dbf.ts), so every reader here takes a number or its text.
 */
import { InputError } from '../errors.js';
import { parseDate } from '../enforcement/status.js';
import type { AttributeValue } from '../geometry/types.js';

type Where = { file?: string; featureIndex?: number };

/**
 * Text of a value, trimmed; null, missing and blank → null.
 *
 * @example
 * textValue(' 补办 '); // '补办'
 */
export function textValue(v: AttributeValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = String(v).trim();
  return t === '' ? null : t;
}

/**
 * A quality grade (GDDB, QHDB): a whole number, or text of one ("07" → 7, "7.0" → 7); null or blank → null.
 * Anything else (7.5, "七等") is an InputError naming `what`.
 *
 * @example
 * gradeValue('07', 'GDDB'); // 7
 */
export function gradeValue(v: AttributeValue | undefined, what: string, where: Where = {}): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0) return v;
  } else if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    if (/^\d+(\.0*)?$/.test(t)) return Number.parseInt(t, 10);
  }
  throw new InputError(`${what}: expected a whole-number quality grade, found ${JSON.stringify(v)}`, where);
}

/**
 * A non-negative number (an area), or its text; null or blank → null. Anything else is an InputError.
 *
 * @example
 * amountValue('15000', 'XZGDMJ'); // 15000
 */
export function amountValue(v: AttributeValue | undefined, what: string, where: Where = {}): number | null {
  if (v === null || v === undefined) return null;
  let n = NaN;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    if (/^[+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) n = Number(t);
  }
  if (!Number.isFinite(n) || n < 0) throw new InputError(`${what}: expected a number ≥ 0, found ${JSON.stringify(v)}`, where);
  return n;
}

/**
 * A date as YYYY-MM-DD: written Y-M-D with `-`, `/` or `.`, or as the 8 digits of a DBF date (20240105, text or
 * number); null or blank → null. Anything else is an InputError naming `what`.
 *
 * @example
 * dateValue('2024/1/5', 'PZRQ'); // '2024-01-05'
 * dateValue(20240105, 'PZRQ');   // '2024-01-05'
 */
export function dateValue(v: AttributeValue | undefined, what: string, where: Where = {}): string | null {
  const t = textValue(v);
  if (t === null) return null;
  const text = /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : t;
  try {
    return parseDate(text, what);
  } catch {
    throw new InputError(`${what}: expected a date YYYY-MM-DD, found ${JSON.stringify(v)}`, where);
  }
}
