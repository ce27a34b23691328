/**
 * What the command line says, and which exit code it returns, when a command fails. A user mistake (bad
 * command line, bad or missing file, undecidable CRS, a folder that cannot be written) is one message
 * without a stack trace; anything else is a bug in tuban, which gets exit code 70 (EX_SOFTWARE of BSD
 * sysexits.h) and the stack to put in a report. `--debug` adds the stack to every message.
 */
import { TubanError } from '../errors.js';
import { UsageError } from './args.js';

/** Exit codes of the `tuban` command. */
export const EXIT = { ok: 0, badInput: 1, usage: 2, internal: 70 } as const;

/** A Node.js system error (ENOENT, EACCES …) carries a string code and the failed system call. */
interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
}

function isSystemError(e: unknown): e is SystemError {
  return e instanceof Error && typeof (e as Partial<SystemError>).code === 'string' && /^E[A-Z]+$/.test((e as SystemError).code);
}

/**
 * The exit code and stderr text for an error thrown by a command.
 *
 * @example
 * describeFailure(new UsageError('expected one input file, found nothing'), { command: 'area', debug: false, version: '0.1.0' });
 * // { code: 2, text: 'tuban: expected one input file, found nothing\nRun "tuban area --help" for usage.\n' }
 */
export function describeFailure(e: unknown, context: { command: string | undefined; debug: boolean; version: string }): { code: number; text: string } {
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  const withStack = (text: string): string => (context.debug ? `${text}${stack}\n` : text);
  if (e instanceof UsageError) {
    const help = context.command !== undefined ? `tuban ${context.command} --help` : 'tuban --help';
    return { code: EXIT.usage, text: withStack(`tuban: ${e.message}\nRun "${help}" for usage.\n`) };
  }
  if (e instanceof TubanError) return { code: EXIT.badInput, text: withStack(`tuban: ${e.message}\n`) };
  // Files that vanish, folders without write permission, a full disk: the environment, not a bug.
  if (isSystemError(e)) return { code: EXIT.badInput, text: withStack(`tuban: ${e.message}\n`) };
  return {
    code: EXIT.internal,
    text:
      `tuban: internal error — a bug in tuban ${context.version}. Please report it with the command line and ` +
      `the text below:\n${stack}\n`,
  };
}
