import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runArea } from './area.js';
import { UsageError, type CommandIO } from './args.js';
import { describeFailure, EXIT } from './failure.js';
import { COMMANDS, helpText } from './help.js';
import { runOverlay } from './overlay.js';
import { runTaohe } from './taohe.js';
import { runProvince } from './province.js';
import { runBalanceCommand } from './balance.js';
import { packageVersion } from './version.js';

const RUN: Readonly<Record<(typeof COMMANDS)[number], (args: readonly string[], io: CommandIO) => Promise<number>>> = {
  area: runArea,
  overlay: runOverlay,
  taohe: runTaohe,
  province: runProvince,
  balance: runBalanceCommand,
};

/** The arguments before a `--` terminator: what may be options. */
function optionPart(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
}

/**
 * Runs the CLI with the given arguments and returns the exit code instead of exiting, for tests: 0 done,
 * 1 bad input, 2 bad command line, 70 internal error (see failure.ts).
 *
 * @example
 * const code = await main(['area', 'DLTB.shp', '--id', 'BSM'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
 */
export async function main(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
  const [first, ...rest] = argv;
  const debug = optionPart(argv).includes('--debug');
  let command: string | undefined;
  try {
    if (first === undefined) {
      io.stderr(`${helpText()}\n`);
      return EXIT.usage;
    }
    if (first === '--version' || first === '-V') {
      io.stdout(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? rest[0] : undefined;
      const text = helpText(topic);
      if (text === null) throw new UsageError(`expected a command to explain (${COMMANDS.join(', ')}), found "${topic}"`);
      io.stdout(`${text}\n`);
      return EXIT.ok;
    }
    if (!(COMMANDS as readonly string[]).includes(first)) {
      throw new UsageError(
        first.startsWith('-')
          ? `expected a command (${COMMANDS.join(', ')}) before any option, found "${first}"`
          : `expected a command (${COMMANDS.join(', ')}, help), found "${first}"`,
      );
    }
    command = first;
    const options = optionPart(rest);
    // Help wins over everything else on the line, so "tuban overlay --help" works before the arguments are right.
    if (options.includes('--help') || options.includes('-h')) {
      io.stdout(`${helpText(command)}\n`);
      return EXIT.ok;
    }
    return await RUN[command as (typeof COMMANDS)[number]](rest, io);
  } catch (e) {
    const { code, text } = describeFailure(e, { command, debug, version: safeVersion() });
    io.stderr(text);
    return code;
  }
}

function safeVersion(): string {
  try {
    return packageVersion();
  } catch {
    return '(unknown version)';
  }
}

/**
 * The real process: stdout buffered (one write per 64 KiB instead of one per CSV row) and flushed by
 * `flush()`; stderr unbuffered, so messages and progress appear as they happen.
 */
function processIO(): CommandIO & { flush(): void } {
  let pending = '';
  const flush = (): void => {
    if (pending.length > 0) process.stdout.write(pending);
    pending = '';
  };
  return {
    stdout: (t) => {
      pending += t;
      if (pending.length >= 1 << 16) flush();
    },
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns,
    flush,
  };
}

/** Whether this module is the program being run (`tuban`, `node dist/cli/main.js`, `tsx src/cli/main.ts`), not imported. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // A reader that stops early (`tuban area … | head`) closes the pipe: that is not an error, stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`tuban: cannot write to standard output: ${e.message}\n`);
    process.exit(EXIT.badInput);
  });
  const io = processIO();
  main(process.argv.slice(2), io).then(
    (code) => {
      io.flush();
      process.exitCode = code;
    },
    (e: unknown) => {
      // main() catches everything; this is a last resort.
      process.stderr.write(`tuban: internal error (please report): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
