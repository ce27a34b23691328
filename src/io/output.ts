import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where a command writes: a file (written atomically) or standard output (`-`). */
export interface OutputSink {
  write(text: string): void;
  /** Makes the output visible: renames the temporary file into place. */
  commit(): void;
  /** Removes what was written so far; the target file, if it existed, is left untouched. */
  abort(): void;
}

/**
 * Opens an output for writing. A file is written to a temporary name beside the target and renamed into
 * place on `commit()`, so a failure part-way never leaves a partial file where the user expects a result.
 * `bom` prefixes a UTF-8 byte-order mark, which Excel needs to read Chinese text in CSV.
 */
export function openOutput(target: string, options: { bom?: boolean; stdout?: (text: string) => void } = {}): OutputSink {
  if (target === '-') {
    const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text));
    if (options.bom) stdout('\ufeff');
    return {
      write: (text) => {
        stdout(text);
      },
      commit: () => {},
      abort: () => {},
    };
  }
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  let open = true;
  let pending = options.bom ? '\ufeff' : '';
  const flush = (): void => {
    if (pending.length > 0) {
      writeSync(fd, pending);
      pending = '';
    }
  };
  return {
    write: (text) => {
      pending += text;
      if (pending.length > 1 << 16) flush();
    },
    commit: () => {
      flush();
      closeSync(fd);
      open = false;
      renameSync(tmp, target);
    },
    abort: () => {
      if (open) closeSync(fd);
      open = false;
      if (existsSync(tmp)) rmSync(tmp);
    },
  };
}

/**
 * Runs `produce` against an output and commits it, or aborts (removing the temporary file) if it throws.
 *
 * @example
 * writeAtomically('out.csv', io, (write) => write('a,b\n'));
 */
export function writeAtomically(target: string, io: { stdout(text: string): void }, produce: (write: (text: string) => void) => void, options: { bom?: boolean } = {}): void {
  const out = openOutput(target, { ...options, stdout: io.stdout });
  try {
    produce((t) => out.write(t));
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}
