import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, TubanError } from '../errors.js';
import type { Layer } from '../geometry/types.js';

/** Where a command writes its messages (stdout data goes through the output sink). */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The command line itself is wrong (unknown option, missing argument): exit code 2. */
export class UsageError extends TubanError {}

/** `parseArgs` with its errors turned into UsageErrors that say what was expected. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  positionals: { min: number; max: number; names: string },
): { values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; args: string[] }>>['values']; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new UsageError(`expected ${positionals.names}, found ${parsed.positionals.length === 0 ? 'nothing' : parsed.positionals.map((p) => `"${p}"`).join(' ')}`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Refuses an `--id` field that no feature has, listing the fields there are. */
export function requireIdField(layer: Layer, idField: string | undefined, file: string): void {
  if (idField === undefined || layer.featureCount === 0) return;
  if (layer.attributes.some((a) => idField in a)) return;
  throw new InputError(`expected an attribute "${idField}" for --id, found only: ${Object.keys(layer.attributes[0]).join(', ') || 'no attributes'}`, { file });
}
