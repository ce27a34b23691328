import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, TubanError } from '../errors.js';
import type { Layer } from '../geometry/types.js';

/** Where a command writes its messages (stdout data goes through the output sink), and what it may ask of the terminal. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stderr is a terminal: progress is a bar redrawn in place; otherwise plain lines. Default false. */
  stderrIsTTY?: boolean;
  /** Terminal width for the progress bar. Default 80. */
  columns?: number;
  /** Monotonic clock in ms, for the progress display; injectable for tests. Default `performance.now`. */
  now?: () => number;
}

/** The command line itself is wrong (unknown option, missing argument): exit code 2. */
export class UsageError extends TubanError {}

/** Options every command accepts (help is answered before parsing, see main.ts). */
const COMMON_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ options: T & typeof COMMON_OPTIONS; allowPositionals: true; args: string[] }>>['values'];

/**
 * `parseArgs` (strict) plus the common options `-q/--quiet`, `--debug`, `-h/--help`, with its errors turned
 * into UsageErrors that say what was expected: an unknown option lists the command's options and suggests
 * the closest one; an option given twice that takes one value is refused rather than silently overridden.
 *
 * @example
 * const { values, positionals } = parseCommandArgs(['a.shp', '--id', 'BSM'], { id: { type: 'string' } },
 *   { min: 1, max: 1, names: 'one input file' }, 'area');
 */
export function parseCommandArgs<T extends Options>(
  args: readonly string[],
  options: T,
  positionals: { min: number; max: number; names: string },
  command: string,
): { values: Parsed<T>; positionals: string[] } {
  const all = { ...options, ...COMMON_OPTIONS };
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: all, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(explainParseError(e as Error & { code?: string }, all, command));
  }
  const counts = new Map<string, number>();
  for (const t of parsed.tokens) {
    if (t.kind === 'option') counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  }
  for (const [name, n] of counts) {
    const spec = all[name];
    if (n > 1 && spec.type === 'string' && spec.multiple !== true) {
      throw new UsageError(`expected --${name} once, found it ${n} times`);
    }
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new UsageError(
      `expected ${positionals.names}, found ${parsed.positionals.length === 0 ? 'nothing' : parsed.positionals.map((p) => `"${p}"`).join(' ')}`,
    );
  }
  return { values: parsed.values as Parsed<T>, positionals: parsed.positionals };
}

function explainParseError(e: Error & { code?: string }, options: Options, command: string): string {
  const names = Object.entries(options).map(([n, o]) => `--${n}${o.short !== undefined ? `/-${o.short}` : ''}`);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'([^']+)'/.exec(e.message)?.[1] ?? '?';
    const near = closest(given.replace(/^-+/, '').replace(/=.*$/, ''), Object.keys(options));
    return `unknown option "${given}" for tuban ${command}${near !== null ? ` (did you mean --${near}?)` : ''}; it accepts ${names.join(', ')}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
    if (/argument missing/.test(e.message)) return `expected a value after ${name}, found none`;
    if (/does not take an argument/.test(e.message)) return `expected no value for ${name} (it is a switch), found one`;
  }
  return e.message;
}

/** The option name within edit distance 2 of `given` (a typo), if exactly one is closest. */
function closest(given: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const n of names) {
    const d = editDistance(given.toLowerCase(), n);
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Refuses an `--id` field that no feature has, listing the fields there are. */
export function requireIdField(layer: Layer, idField: string | undefined, file: string): void {
  if (idField === undefined || layer.featureCount === 0) return;
  if (layer.attributes.some((a) => idField in a)) return;
  throw new InputError(`expected an attribute "${idField}" for --id, found only: ${Object.keys(layer.attributes[0]).join(', ') || 'no attributes'}`, { file });
}

/**
 * `FILE[:FIELD]` (`--landuse DLTB.shp:DLBM`, `--layer landuse=DLTB.shp:DLBM`): the field is what follows the last
 * colon, unless the whole text is an existing file (a Windows drive letter, a colon in a folder name) or what
 * follows the colon holds a path separator; an empty field is none.
 *
 * @example
 * fileAndField('DLTB.shp:DLBM'); // { file: 'DLTB.shp', field: 'DLBM' }
 * fileAndField('C:\\data\\DLTB.shp'); // { file: 'C:\\data\\DLTB.shp', field: undefined }
 */
export function fileAndField(text: string): { file: string; field: string | undefined } {
  const colon = text.lastIndexOf(':');
  if (colon > 0 && !existsSync(text) && !/[\\/]/.test(text.slice(colon + 1))) {
    return { file: text.slice(0, colon), field: text.slice(colon + 1) || undefined };
  }
  return { file: text, field: undefined };
}
