import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version of the installed tuban package, read at run time from the nearest `package.json` named "tuban"
 * above `moduleUrl`. The same lookup works for the built CLI (`dist/cli/main.js`, bundled by tsup, where
 * `import.meta.url` is the bundle) and for the sources run with tsx (`src/cli/version.ts`): both sit two
 * folders below the package root. Reading it rather than baking it in keeps one source of truth.
 *
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(moduleUrl: string | URL = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  // A few levels are enough (dist/cli → root); stop at the filesystem root.
  for (let level = 0; level < 6; level++) {
    const pkg = readPackage(join(dir, 'package.json'));
    if (pkg !== null && pkg.name === 'tuban' && typeof pkg.version === 'string') return pkg.version;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`tuban cannot find its own package.json above ${fileURLToPath(moduleUrl)}`);
}

function readPackage(path: string): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    // Missing or not JSON: not ours, keep looking upwards.
    return null;
  }
}
