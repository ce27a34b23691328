import type { CommandIO } from './args.js';
/**
 * Progress display on stderr for long commands. Work is synchronous, so nothing can tick on a timer: the
 * command calls {@link Progress.update} from its loop and the display decides, from an injectable clock,
 * whether to draw. Short jobs (under `delayMs`, 2 s) print nothing at all; on a terminal a bar is redrawn in
 * place, elsewhere (a log file, CI) a plain line is written every `intervalMs` (5 s).
 */

export interface ProgressOptions {
  /** Prefix of every line, e.g. `"overlay"`. */
  task: string;
  /** Where the display goes (stderr). */
  write(text: string): void;
  /** stderr is a terminal: draw a bar with `\r`, else write whole lines. */
  tty: boolean;
  /** Milliseconds, monotonic; injectable for tests. Default `performance.now`. */
  now?: () => number;
  /** Show nothing (`--quiet`). */
  quiet?: boolean;
  /** Nothing is shown before this much time has passed since the display was created. Default 2000 ms. */
  delayMs?: number;
  /** Plain lines: at most one per this many ms. Default 5000 ms. */
  intervalMs?: number;
  /** Terminal bar: redrawn at most this often. Default 200 ms. */
  redrawMs?: number;
  /** Terminal width, for the bar. Default 80. */
  columns?: number;
}

/**
 * A progress display for one command.
 *
 * @example
 * const progress = new Progress({ task: 'overlay', write: (t) => process.stderr.write(t), tty: process.stderr.isTTY });
 * for (let i = 0; i < n; i++) { work(i); progress.update(i + 1, n, `${i + 1}/${n} patches`); }
 * progress.finish();
 */
export class Progress {
  private readonly now: () => number;
  private readonly start: number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly redrawMs: number;
  private readonly columns: number;
  /** Clock and count at the first update, the base of the rate behind the ETA. */
  private rateFrom: { t: number; done: number } | null = null;
  private lastShown = -Infinity;
  private shown = false;
  /** A bar is on the terminal line and must be erased before other text is written. */
  private barOnScreen = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.delayMs = options.delayMs ?? 2000;
    this.intervalMs = options.intervalMs ?? 5000;
    this.redrawMs = options.redrawMs ?? 200;
    // A terminal that reports no width (0, undefined) gets the classic 80.
    this.columns = options.columns !== undefined && options.columns > 0 ? Math.max(20, options.columns) : 80;
  }

  /** Whether anything has been displayed so far. */
  get visible(): boolean {
    return this.shown;
  }

  /**
   * Reports `done` of `total` units; `label` says what in words (`"1200/3200 patches"`). Percent and ETA are
   * computed from `done`/`total`; the ETA assumes the remaining units take as long as those done so far.
   */
  update(done: number, total: number, label: string): void {
    if (this.options.quiet) return;
    const t = this.now();
    if (this.rateFrom === null) this.rateFrom = { t, done };
    if (t - this.start < this.delayMs) return;
    // A log line without an ETA ("0/3200, 0%, ETA ?") says nothing yet; a bar does show that work started.
    if (!this.options.tty && done <= this.rateFrom.done) return;
    const gap = this.options.tty ? this.redrawMs : this.intervalMs;
    if (this.shown && t - this.lastShown < gap) return;
    this.lastShown = t;
    this.shown = true;
    const pct = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
    const eta = this.eta(t, done, total);
    if (this.options.tty) {
      // The words matter more than the bar: the bar takes what room is left (none on a narrow terminal).
      const text = `${String(pct).padStart(3)}% ${label}, ETA ${eta}`;
      const room = this.columns - 1 - this.options.task.length - text.length - 4;
      const width = Math.min(30, room);
      const filled = Math.round((width * pct) / 100);
      const bar = width >= 5 ? ` [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]` : '';
      const line = `${this.options.task}${bar} ${text}`;
      // \r and erase-to-end-of-line (ECMA-48 EL, CSI K) redraw the bar in place.
      this.options.write(`\r${line.slice(0, this.columns - 1)}\x1b[K`);
      this.barOnScreen = true;
    } else {
      this.options.write(`${this.options.task}: ${label}, ${pct}%, ETA ${eta}\n`);
    }
  }

  /** Erases the bar from the terminal so that other stderr text starts on a clean line; it is redrawn by the next update. */
  clear(): void {
    if (!this.barOnScreen) return;
    this.options.write('\r\x1b[K');
    this.barOnScreen = false;
    this.lastShown = -Infinity;
  }

  /** Ends the display: erases the bar and, if anything was shown, says how long the whole job took. */
  finish(): void {
    this.clear();
    if (this.shown) this.options.write(`${this.options.task}: done in ${formatDuration(this.now() - this.start)}\n`);
    this.shown = false;
  }

  /**
   * Runs `work` with this display: {@link finish} when it returns, {@link clear} when it throws (so the error
   * message does not land on the bar's line).
   */
  during<T>(work: () => T): T {
    let result: T;
    try {
      result = work();
    } catch (e) {
      this.clear();
      throw e;
    }
    this.finish();
    return result;
  }

  /** {@link during} for asynchronous work (tabulation on worker threads). */
  async duringAsync<T>(work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (e) {
      this.clear();
      throw e;
    }
    this.finish();
    return result;
  }

  private eta(t: number, done: number, total: number): string {
    const from = this.rateFrom!;
    if (done <= from.done || t <= from.t) return '?';
    const msPerUnit = (t - from.t) / (done - from.done);
    return formatDuration(msPerUnit * Math.max(0, total - done));
  }
}

/**
 * A duration for people: `"12 s"`, `"3 min 05 s"`, `"1 h 02 min"` (seconds rounded up, so 0.2 s is "1 s").
 *
 * @example
 * formatDuration(125_000); // "2 min 05 s"
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * The progress display of a command, on the command's stderr, and an io whose stderr first clears the bar, so
 * that messages printed during the run start on a line of their own.
 *
 * @example
 * const { progress, say } = commandProgress('taohe', io, values.quiet === true);
 */
export function commandProgress(task: string, io: CommandIO, quiet: boolean): { progress: Progress; say: CommandIO } {
  const progress = new Progress({ task, write: io.stderr, tty: io.stderrIsTTY === true, now: io.now, columns: io.columns, quiet });
  return { progress, say: { ...io, stderr: (t) => (progress.clear(), io.stderr(t)) } };
}
