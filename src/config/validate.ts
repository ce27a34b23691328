/**
 * Checking a JSON configuration against a small schema and merging it over documented defaults — the machinery
 * the enforcement configuration (src/enforcement/config.ts) and the balance configuration (src/balance/config.ts)
 * share, so that both read their files by the same rules:
 * - a partial object is merged over the defaults key by key; an array given replaces the default array;
 * - unknown keys are an error, with a "did you mean" for a near miss (a typo must not leave a default silently
 *   in force); the one exception is a top-level `"$schema"` string, which editors use to find the schema;
 * - every problem names its key path, what was expected and what was found, and all are reported at once;
 * - the file is UTF-8 JSON (RFC 8259); a byte-order mark is skipped, and a syntax error names line and column.
 *
 * What a value may be (codes, field names, numbers in a range …) is each configuration's own: the walker calls
 * the caller's leaf checker for every schema node that is not an object.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { findJsonSyntaxError } from '../io/json-syntax.js';

/** Any part of `T`, nested: what a configuration file may give (arrays are given whole, not merged). */
export type DeepPartial<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** A schema node with named members; each member is another object node or one of the caller's leaves. */
export interface ObjectSpec<Leaf> {
  readonly kind: 'object';
  readonly keys: Readonly<Record<string, ObjectSpec<Leaf> | Leaf>>;
}

/**
 * Checks one leaf value: returns the value to keep (possibly normalised) or, when it is refused, `base` (the
 * default) after pushing a message to `errors`. `at` is the key path, e.g. `thresholds.approvalCoverage`.
 */
export type LeafCheck<Leaf> = (spec: Leaf, value: unknown, base: unknown, at: string, errors: string[]) => unknown;

/**
 * A value as an error message shows it: strings quoted, numbers as written, containers by kind.
 *
 * @example
 * describeFound('70%'); // '"70%"'
 * describeFound([1, 2]); // 'an array of 2'
 */
export function describeFound(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  return `${typeof v} ${String(v)}`;
}

/** Levenshtein distance, letters compared case-insensitively. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/**
 * The first known key within two edits of `k` (or a quarter of the key's length, for long keys), for "did you
 * mean" on an unknown key.
 *
 * @example
 * nearestKey('approvalCoverag', ['approvalCoverage', 'filingCoverage']); // 'approvalCoverage'
 */
export function nearestKey(k: string, known: readonly string[]): string | undefined {
  return known.find((c) => distance(k, c) <= Math.max(2, Math.floor(c.length / 4)));
}

function isObjectSpec<Leaf>(spec: ObjectSpec<Leaf> | Leaf): spec is ObjectSpec<Leaf> {
  return (spec as { readonly kind?: unknown }).kind === 'object';
}

/**
 * Validates `value` against `spec` and merges it over `base`, appending every problem to `errors` (a refused
 * value keeps its default, so that all problems are found in one pass). Object nodes are checked here (unknown
 * keys, the top-level `$schema`); leaves are passed to `checkLeaf`.
 *
 * @example
 * const errors: string[] = [];
 * const spec: ObjectSpec<{ kind: 'field' }> = { kind: 'object', keys: { id: { kind: 'field' } } };
 * mergeChecked(spec, { idd: 'X' }, { id: 'JCBH' }, (_s, v, b) => (typeof v === 'string' ? v : b), errors);
 * // → { id: 'JCBH' }; errors: ['idd: unknown key (expected one of: id); did you mean "id"?']
 */
export function mergeChecked<Leaf>(
  spec: ObjectSpec<Leaf> | Leaf,
  value: unknown,
  base: unknown,
  checkLeaf: LeafCheck<Leaf>,
  errors: string[],
  path = '',
): unknown {
  const at = path === '' ? '(top level)' : path;
  if (!isObjectSpec(spec)) return checkLeaf(spec, value, base, at, errors);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${at}: expected an object, found ${describeFound(value)}`);
    return base;
  }
  const given = value as Record<string, unknown>;
  const known = Object.keys(spec.keys);
  for (const k of Object.keys(given)) {
    if (k in spec.keys) continue;
    if (path === '' && k === '$schema') {
      if (typeof given[k] !== 'string') errors.push(`$schema: expected a string (the schema's address), found ${describeFound(given[k])}`);
      continue;
    }
    const guess = nearestKey(k, known);
    errors.push(
      `${path === '' ? '' : `${path}.`}${k}: unknown key (expected one of: ${known.join(', ')})` + (guess !== undefined ? `; did you mean "${guess}"?` : ''),
    );
  }
  const out: Record<string, unknown> = {};
  for (const k of known) {
    const b = (base as Record<string, unknown>)[k];
    out[k] = k in given && given[k] !== undefined ? mergeChecked(spec.keys[k], given[k], b, checkLeaf, errors, path === '' ? k : `${path}.${k}`) : b;
  }
  return out;
}

/**
 * Checks a field name (a non-empty string); returns it as given, or `undefined` after pushing the problem.
 *
 * @example
 * checkFieldName('', 'fields.patchId', errors); // undefined; errors gets 'fields.patchId: expected a field name (a non-empty string), found ""'
 */
export function checkFieldName(value: unknown, at: string, errors: string[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push(`${at}: expected a field name (a non-empty string), found ${describeFound(value)}`);
    return undefined;
  }
  return value;
}

/**
 * Checks a value that must be one of `values`; returns it, or `undefined` after pushing the problem.
 *
 * @example
 * checkOneOf(['split', 'majority'], 'most', 'townshipAssignment', errors);
 * // undefined; errors gets 'townshipAssignment: expected one of "split", "majority", found "most"'
 */
export function checkOneOf<V extends string>(values: readonly V[], value: unknown, at: string, errors: string[]): V | undefined {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    errors.push(`${at}: expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeFound(value)}`);
    return undefined;
  }
  return value as V;
}

/**
 * Throws the problems found, if any, as one InputError: a single problem as it is, several counted and joined
 * with "; ".
 *
 * @example
 * throwProblems(['credit: expected one of "verified", "claimed", "smaller", found "min"'], 'b.json'); // throws
 */
export function throwProblems(errors: readonly string[], file: string | undefined): void {
  if (errors.length === 1) throw new InputError(errors[0], { file });
  if (errors.length > 1) throw new InputError(`${errors.length} problems in the configuration: ${errors.join('; ')}`, { file });
}

/**
 * Reads a configuration file as JSON: UTF-8 (a byte-order mark is skipped, as Windows editors write one); a
 * syntax error names its line and column (src/io/json-syntax.ts), as `JSON.parse` in Node 20 often does not.
 *
 * @example
 * const json = readConfigJson('taohe.config.json'); // then parse it against the schema
 */
export function readConfigJson(path: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read the configuration file: ${(e as Error).message}`, { file: path });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8)', { file: path });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    const where = findJsonSyntaxError(text);
    throw new InputError(
      where !== null ? `line ${where.line}, column ${where.column}: ${where.message}` : `not valid JSON: ${(e as Error).message}`,
      { file: path },
    );
  }
}

/**
 * Freezes an object and everything below it, so that a configuration (or its defaults) cannot be changed by
 * the code that reads it.
 *
 * @example
 * const defaults = deepFreeze({ fields: { patchId: 'JCBH' } });
 * Object.isFrozen(defaults.fields); // true
 */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v as Record<string, unknown>)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
