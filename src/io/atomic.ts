/**
 * Writing a set of files so that readers see either all of the new ones or none: every part is written to a
 * temporary name in the target's own directory (so the final rename stays on one file system and is atomic
 * per file), and only when all parts are complete are they renamed into place. A Shapefile is .shp + .shx +
 * .dbf (+ .prj, .cpg); a mix of old and new parts would pair new shapes with old attributes, which is worse
 * than no output at all.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';

let counter = 0;

/** A temporary name beside `target`, unique within this process and across processes (pid). */
function tempName(target: string, tag: string): string {
  counter++;
  return join(dirname(target), `.${basename(target)}.${process.pid}.${counter}.${tag}`);
}

interface Part {
  readonly target: string;
  readonly tmp: string;
  fd: number | null;
  readonly flush: () => void;
}

/** One file being written: text is buffered and flushed in large chunks. */
export interface PartWriter {
  write(chunk: string | Uint8Array): void;
}

/**
 * A group of files committed together. Use {@link writeFilesAtomically}, which commits or rolls back for you.
 */
export class AtomicFileSet {
  private readonly parts: Part[] = [];
  private readonly removals: string[] = [];
  private done = false;

  /** Starts writing `target`; nothing is visible under that name until {@link commit}. */
  open(target: string): PartWriter {
    const tmp = tempName(target, 'tmp');
    let pending = '';
    const part: Part = {
      target,
      tmp,
      fd: openSync(tmp, 'w'),
      flush: () => {
        if (pending.length > 0) {
          writeSync(part.fd!, pending);
          pending = '';
        }
      },
    };
    this.parts.push(part);
    return {
      write: (chunk) => {
        if (typeof chunk === 'string') {
          pending += chunk;
          if (pending.length > 1 << 16) part.flush();
        } else {
          // Buffered text goes first so that mixed writes keep their order.
          part.flush();
          let at = 0;
          while (at < chunk.length) at += writeSync(part.fd!, chunk, at, chunk.length - at);
        }
      },
    };
  }

  /** Writes a whole file from bytes or text. */
  put(target: string, data: string | Uint8Array): void {
    this.open(target).write(data);
  }

  /**
   * Removes `target` at commit time (a stale .prj or spatial index that would no longer match the data).
   * Returns whether there is such a file.
   */
  remove(target: string): boolean {
    if (!existsSync(target)) return false;
    this.removals.push(target);
    return true;
  }

  /**
   * Renames every part into place. Existing files are first moved aside, so that if any rename fails the
   * originals are put back and the new parts removed: the directory ends as it was before.
   */
  commit(): void {
    for (const p of this.parts) this.close(p);
    for (const t of [...this.parts.map((p) => p.target), ...this.removals]) {
      // Moving a directory aside and deleting it afterwards would destroy it; refuse instead.
      if (existsSync(t) && statSync(t).isDirectory()) throw new InputError('expected a file name to write, found a directory', { file: t });
    }
    const moved: { target: string; backup: string }[] = [];
    const placed: string[] = [];
    try {
      for (const target of [...this.parts.map((p) => p.target), ...this.removals]) {
        if (existsSync(target) && !moved.some((m) => m.target === target)) {
          const backup = tempName(target, 'bak');
          renameSync(target, backup);
          moved.push({ target, backup });
        }
      }
      for (const p of this.parts) {
        renameSync(p.tmp, p.target);
        placed.push(p.target);
      }
    } catch (e) {
      for (const t of placed) rmSync(t, { force: true });
      for (const m of moved) renameSync(m.backup, m.target);
      this.abort();
      throw e;
    }
    this.done = true;
    for (const m of moved) rmSync(m.backup, { force: true });
  }

  /** Removes every temporary file; existing files are left untouched. */
  abort(): void {
    if (this.done) return;
    for (const p of this.parts) {
      try {
        this.close(p);
      } catch {
        // Closing a file we are discarding may fail (disk full); the removal below still runs.
      }
      rmSync(p.tmp, { force: true });
    }
    this.done = true;
  }

  private close(p: Part): void {
    if (p.fd === null) return;
    const fd = p.fd;
    try {
      p.flush();
    } finally {
      p.fd = null;
      closeSync(fd);
    }
  }
}

/**
 * Runs `produce` with a fresh {@link AtomicFileSet} and commits it, or removes every temporary file if
 * `produce` (or the commit) throws. Existing files are replaced only when every new part is complete.
 *
 * @example
 * writeFilesAtomically((files) => {
 *   files.put('out.shp', shpBytes);
 *   files.put('out.dbf', dbfBytes);
 * });
 */
export function writeFilesAtomically<T>(produce: (files: AtomicFileSet) => T): T {
  const files = new AtomicFileSet();
  try {
    const result = produce(files);
    files.commit();
    return result;
  } catch (e) {
    files.abort();
    throw e;
  }
}
