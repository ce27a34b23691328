import type { CommandIO } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';

/**
 * Runs the CLI in-process and collects what it printed.
 *
 * @example
 * const { code, stdout, stderr } = await runCli(['area', 'x.geojson']);
 */
export async function runCli(args: readonly string[], io: Partial<CommandIO> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), ...io });
  return { code, stdout, stderr };
}
