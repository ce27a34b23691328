import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { UsageError } from './args.js';

/**
 * Checks `--out` before any work is done, so a typo in the folder does not cost a long overlay: the name must
 * end in .csv, .txt or .xlsx (or have no extension), the folder must exist and be writable, the target must not be a
 * folder, and it must not be one of the inputs (the output would replace the data it is computed from).
 *
 * @example
 * checkOutputTarget('out/taohe.csv', ['patches.shp', 'DLTB.shp']);
 */
export function checkOutputTarget(out: string, inputs: readonly string[]): void {
  if (out === '-') return;
  const target = resolve(out);
  if (inputs.some((i) => resolve(i) === target)) {
    throw new UsageError(`expected --out to name a new file, found ${out}, which is one of the inputs`);
  }
  // The commands write CSV or an Excel workbook; other names would only confuse the program that opens them.
  const ext = extname(out).toLowerCase();
  if (ext !== '' && ext !== '.csv' && ext !== '.txt' && ext !== '.xlsx') {
    throw new UsageError(`expected --out to name a .csv or .xlsx file, found "${ext}"`);
  }
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`expected the folder ${dir} to exist for --out, found none`, { file: out });
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`expected a folder you may write to for --out, found ${dir} is not writable`, { file: out });
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new InputError('expected a file name for --out, found a folder', { file: out });
  }
}
