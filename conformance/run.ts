/**
 * Peer-conformance run: every polygon–polygon intersection case of the peer suites (JTS XML tests,
 * polygon-clipping end-to-end tests, turf-intersect fixtures) against the kernel behind
 * `conformance/adapter.ts`, comparing AREAS, not vertex lists (a correct result may start its rings
 * elsewhere or keep collinear vertices).
 *
 * Pass rule, per case:
 * - expected geometry given: |ours − expected| ≤ 1e-9 × max(|expected|, area A, area B). The operand
 *   areas are the absolute floor: an overlay computed in floating point errs in proportion to the size of
 *   the inputs, so an empty or sliver result is judged on that scale, not on its own tiny area.
 * - no expected geometry (JTS overlayAreaTest and "must not fail" cases, polygon-clipping broken-*,
 *   turf inputs without output): ours must lie in [0, min(area A, area B)] within the same tolerance and
 *   match the computed reference of `reference.ts` within it; when no reference can be established the
 *   bounds alone are checked and the case is counted as "bounds only".
 * A failing case listed in `conformance/known-differences.json` (exact id, with a reason) counts as a
 * known difference; an entry whose case passes is reported as stale. The run fails (exit code 1) when a
 * case of a non-optional group fails without being listed.
 *
 * Usage: `tsx conformance/run.ts [--peers DIR] [--known FILE] [--group NAME]… [--verbose] [--trace]`
 * (peers folder: `--peers`, else $TUBAN_PEERS_DIR, else `<repo>/../shared/peers`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../src/errors.js';
import { KERNEL_NAME, intersectionArea as adapterIntersectionArea } from './adapter.js';
import { multiPolygonArea } from './area.js';
import { collectAllCases, GROUPS, peersAvailable, PEERS_ENV, REPO_ROOT, resolvePeersDir, type GroupInfo } from './cases.js';
import { referenceIntersectionArea, type ReferenceArea } from './reference.js';
import type { CollectedCases, ConformanceCase, GroupName, IntersectionAreaFn, SkippedCase } from './types.js';

/** Relative tolerance of every area comparison (see the module comment for the absolute floor). */
export const RELATIVE_TOLERANCE = 1e-9;

/** Default location of the known-differences list. */
export const KNOWN_DIFFERENCES_FILE = path.join(REPO_ROOT, 'conformance', 'known-differences.json');

export interface KnownDifference {
  /** Exact case id as printed by the run, e.g. `jts:robust/overlay/TestOverlay-misc-3.xml#3`. */
  readonly id: string;
  readonly reason: string;
}

/**
 * Reads and validates `known-differences.json`: `{ "differences": [{ "id": …, "reason": … }, …] }`.
 * Ids must be exact (no wildcards) and unique, and every entry needs a reason.
 *
 * @example
 * const known = loadKnownDifferences(KNOWN_DIFFERENCES_FILE);
 */
export function loadKnownDifferences(file: string): KnownDifference[] {
  const obj: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const list = (obj as { differences?: unknown }).differences;
  if (typeof obj !== 'object' || obj === null || !Array.isArray(list)) {
    throw new InputError(`${file}: expected an object with a "differences" array`);
  }
  const seen = new Set<string>();
  return list.map((entry: unknown, i) => {
    const e = entry as { id?: unknown; reason?: unknown };
    if (typeof e !== 'object' || e === null || typeof e.id !== 'string' || e.id === '') {
      throw new InputError(`${file}: expected differences[${i}].id to be a non-empty string`);
    }
    if (/[*?]/.test(e.id)) {
      throw new InputError(`${file}: expected differences[${i}].id to name one case exactly, found pattern characters in '${e.id}'`);
    }
    if (typeof e.reason !== 'string' || e.reason.trim() === '') {
      throw new InputError(`${file}: expected differences[${i}] ('${e.id}') to give a reason`);
    }
    if (seen.has(e.id)) throw new InputError(`${file}: expected unique ids, found '${e.id}' twice`);
    seen.add(e.id);
    return { id: e.id, reason: e.reason };
  });
}

export type CaseStatus = 'passed' | 'failed' | 'known-difference';

export interface CaseResult {
  readonly case: ConformanceCase;
  readonly group: GroupInfo;
  readonly status: CaseStatus;
  /** Our area, or null when the kernel threw. */
  readonly got: number | null;
  readonly error: string | null;
  /** The expected area, the computed reference, or null when there is neither. */
  readonly expected: number | null;
  readonly tolerance: number;
  /** True when only the bounds could be checked (no reference established). */
  readonly boundsOnly: boolean;
  /** One line on how the case was judged (why it failed, the reference basis, …). */
  readonly detail: string;
  /** Set when expected no area and we returned a non-zero area within the tolerance. */
  readonly tinyNonZero: boolean;
  readonly knownReason: string | null;
  readonly ms: number;
}

export interface GroupSummary {
  readonly group: GroupInfo;
  readonly cases: number;
  readonly passed: number;
  readonly boundsOnly: number;
  readonly knownDifferences: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface RunReport {
  readonly kernel: string;
  readonly peersDir: string;
  readonly results: readonly CaseResult[];
  readonly skipped: readonly SkippedCase[];
  readonly groups: readonly GroupSummary[];
  /** Known differences whose case passes now. */
  readonly stale: readonly KnownDifference[];
  /** Known differences naming no collected case (renamed upstream, typo, or now skipped). */
  readonly unmatched: readonly KnownDifference[];
  /** Failures in non-optional groups that are not known differences: these fail the run. */
  readonly unexpectedFailures: readonly CaseResult[];
  readonly ok: boolean;
  readonly totalMs: number;
}

export interface RunOptions {
  readonly collected: CollectedCases;
  readonly intersectionArea: IntersectionAreaFn;
  readonly knownDifferences: readonly KnownDifference[];
  readonly kernel?: string;
  readonly peersDir?: string;
  /** Restrict to these groups (all when absent or empty). */
  readonly groups?: readonly GroupName[];
  /** Called before each case runs (for tracing a hang). */
  readonly onCase?: (c: ConformanceCase) => void;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function fmt(x: number | null): string {
  return x === null ? '—' : String(x);
}

function judge(c: ConformanceCase, got: number, areaA: number, areaB: number): Omit<CaseResult, 'case' | 'group' | 'got' | 'error' | 'knownReason' | 'ms' | 'status'> & { pass: boolean } {
  if (c.check.kind === 'expected-area') {
    const expected = c.check.expectedArea;
    const tolerance = RELATIVE_TOLERANCE * Math.max(Math.abs(expected), areaA, areaB);
    const diff = Math.abs(got - expected);
    const pass = diff <= tolerance;
    const tinyNonZero = pass && c.check.expectedEmpty && got !== 0;
    const detail = pass
      ? tinyNonZero
        ? `expected no area (${c.check.expectedType}); got ${got}, within tolerance`
        : `|diff| ${diff.toExponential(2)} ≤ tol ${tolerance.toExponential(2)}`
      : `|diff| ${diff.toExponential(2)} > tol ${tolerance.toExponential(2)}` +
        (expected !== 0 ? ` (${(diff / Math.abs(expected)).toExponential(2)} of expected)` : '') +
        `; expected ${c.check.expectedType}`;
    return { pass, expected, tolerance, boundsOnly: false, detail, tinyNonZero };
  }
  const reference: ReferenceArea = referenceIntersectionArea(c.a, c.b, RELATIVE_TOLERANCE * Math.max(areaA, areaB));
  const tolerance = RELATIVE_TOLERANCE * Math.max(Math.abs(reference.value ?? 0), areaA, areaB);
  const upper = Math.min(areaA, areaB);
  if (got < -tolerance || got > upper + tolerance) {
    return {
      pass: false,
      expected: reference.value,
      tolerance,
      boundsOnly: reference.value === null,
      detail: `outside the bounds [0, min(area A, area B) = ${upper}] by more than tol ${tolerance.toExponential(2)}; reference: ${reference.basis}`,
      tinyNonZero: false,
    };
  }
  if (reference.value === null) {
    const pc = reference.candidates.find((x) => x.method === 'polyclip')?.value ?? null;
    const lone = pc === null ? '' : `; unconfirmed polyclip value ${pc} (${Math.abs(got - pc) <= tolerance ? 'agrees' : 'DIFFERS'})`;
    return { pass: true, expected: null, tolerance, boundsOnly: true, detail: `bounds only: ${reference.basis}${lone}`, tinyNonZero: false };
  }
  const diff = Math.abs(got - reference.value);
  const pass = diff <= tolerance;
  return {
    pass,
    expected: reference.value,
    tolerance,
    boundsOnly: false,
    detail: `${pass ? '' : `|diff| ${diff.toExponential(2)} > tol ${tolerance.toExponential(2)}; `}reference: ${reference.basis}`,
    tinyNonZero: false,
  };
}

/**
 * Runs the cases through `intersectionArea` and judges them.
 *
 * @example
 * const report = runConformance({ collected: collectAllCases(peersDir), intersectionArea, knownDifferences: [] });
 * console.log(formatReport(report));
 */
export function runConformance(options: RunOptions): RunReport {
  const start = performance.now();
  const known = new Map(options.knownDifferences.map((k) => [k.id, k]));
  const groupInfo = new Map(GROUPS.map((g) => [g.name, g]));
  const wanted = options.groups !== undefined && options.groups.length > 0 ? new Set(options.groups) : null;
  const selected = options.collected.cases.filter((c) => wanted === null || wanted.has(c.group));
  const skipped = options.collected.skipped.filter((s) => wanted === null || wanted.has(s.group));
  const results: CaseResult[] = [];
  for (const c of selected) {
    options.onCase?.(c);
    const group = groupInfo.get(c.group)!;
    const t0 = performance.now();
    let got: number | null = null;
    let error: string | null = null;
    try {
      got = options.intersectionArea(c.a, c.b);
      if (typeof got !== 'number' || !Number.isFinite(got)) {
        error = `kernel returned a non-finite area (${String(got)})`;
        got = null;
      }
    } catch (e) {
      error = errorText(e);
    }
    const ms = performance.now() - t0;
    const areaA = multiPolygonArea(c.a);
    const areaB = multiPolygonArea(c.b);
    const knownEntry = known.get(c.id);
    if (got === null) {
      // Still compute the reference, so the failure shows what the answer should have been.
      const reference =
        c.check.kind === 'reference-area' ? referenceIntersectionArea(c.a, c.b, RELATIVE_TOLERANCE * Math.max(areaA, areaB)) : null;
      const expected = c.check.kind === 'expected-area' ? c.check.expectedArea : (reference?.value ?? null);
      results.push({
        case: c,
        group,
        status: knownEntry ? 'known-difference' : 'failed',
        got,
        error,
        expected,
        tolerance: RELATIVE_TOLERANCE * Math.max(Math.abs(expected ?? 0), areaA, areaB),
        boundsOnly: false,
        detail: reference !== null ? `reference: ${reference.basis}` : 'the kernel threw',
        tinyNonZero: false,
        knownReason: knownEntry?.reason ?? null,
        ms,
      });
      continue;
    }
    const verdict = judge(c, got, areaA, areaB);
    results.push({
      case: c,
      group,
      status: verdict.pass ? 'passed' : knownEntry ? 'known-difference' : 'failed',
      got,
      error: null,
      expected: verdict.expected,
      tolerance: verdict.tolerance,
      boundsOnly: verdict.boundsOnly,
      detail: verdict.detail,
      tinyNonZero: verdict.tinyNonZero,
      knownReason: knownEntry?.reason ?? null,
      ms,
    });
  }

  const byId = new Map(results.map((r) => [r.case.id, r]));
  const stale = options.knownDifferences.filter((k) => byId.get(k.id)?.status === 'passed');
  const allIds = new Set(options.collected.cases.map((c) => c.id));
  const unmatched = options.knownDifferences.filter((k) => !allIds.has(k.id));
  const groups: GroupSummary[] = GROUPS.filter((g) => wanted === null || wanted.has(g.name)).map((g) => {
    const rs = results.filter((r) => r.group.name === g.name);
    return {
      group: g,
      cases: rs.length,
      passed: rs.filter((r) => r.status === 'passed').length,
      boundsOnly: rs.filter((r) => r.status === 'passed' && r.boundsOnly).length,
      knownDifferences: rs.filter((r) => r.status === 'known-difference').length,
      failed: rs.filter((r) => r.status === 'failed').length,
      skipped: skipped.filter((s) => s.group === g.name).length,
    };
  });
  const unexpectedFailures = results.filter((r) => r.status === 'failed' && !r.group.optional);
  return {
    kernel: options.kernel ?? 'custom',
    peersDir: options.peersDir ?? '',
    results,
    skipped,
    groups,
    stale,
    unmatched,
    unexpectedFailures,
    ok: unexpectedFailures.length === 0,
    totalMs: performance.now() - start,
  };
}

function pad(s: string | number, n: number, left = false): string {
  const t = String(s);
  return left ? t.padEnd(n) : t.padStart(n);
}

function describeResult(r: CaseResult): string[] {
  const c = r.case;
  const lines = [`  ${c.id}${c.description ? `  — ${c.description.slice(0, 160)}` : ''}`];
  lines.push(`      expected ${fmt(r.expected)}  got ${r.error !== null ? `error (${r.error.slice(0, 300)})` : fmt(r.got)}`);
  lines.push(`      ${r.detail}`);
  for (const n of c.notes) lines.push(`      note: ${n}`);
  return lines;
}

/**
 * Formats a run report for the console: per-group summary, known differences with reasons, stale
 * entries, failures (id, expected, got), skipped-case reasons, and the verdict.
 *
 * @example
 * process.stdout.write(formatReport(report, { verbose: false }));
 */
export function formatReport(report: RunReport, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`tuban peer conformance — kernel: ${report.kernel}`);
  if (report.peersDir) out.push(`peers: ${report.peersDir}`);
  out.push(
    `pass rule: |ours − expected| ≤ ${RELATIVE_TOLERANCE} × max(|expected|, area A, area B); without an expected geometry: ` +
      `0 ≤ ours ≤ min(area A, area B) and |ours − computed reference| within the same tolerance`,
  );
  out.push('');
  const w = Math.max(...report.groups.map((g) => g.group.name.length + (g.group.optional ? 11 : 0)), 5);
  out.push(`${pad('group', w, true)}  ${pad('cases', 6)} ${pad('passed', 7)} ${pad('(bounds only)', 13)} ${pad('known', 6)} ${pad('failed', 7)} ${pad('skipped', 8)}`);
  for (const g of report.groups) {
    const name = g.group.name + (g.group.optional ? ' (optional)' : '');
    out.push(
      `${pad(name, w, true)}  ${pad(g.cases, 6)} ${pad(g.passed, 7)} ${pad(g.boundsOnly, 13)} ${pad(g.knownDifferences, 6)} ${pad(g.failed, 7)} ${pad(g.skipped, 8)}`,
    );
  }
  const sum = (f: (g: GroupSummary) => number, optional: boolean): number =>
    report.groups.filter((g) => g.group.optional === optional).reduce((s, g) => s + f(g), 0);
  for (const optional of [false, true]) {
    out.push(
      `${pad(optional ? 'total optional' : 'total required', w, true)}  ${pad(sum((g) => g.cases, optional), 6)} ${pad(sum((g) => g.passed, optional), 7)} ${pad(
        sum((g) => g.boundsOnly, optional),
        13,
      )} ${pad(sum((g) => g.knownDifferences, optional), 6)} ${pad(sum((g) => g.failed, optional), 7)} ${pad(sum((g) => g.skipped, optional), 8)}`,
    );
  }
  out.push('');
  for (const g of report.groups) out.push(`  ${g.group.name}: ${g.group.title}`);

  const known = report.results.filter((r) => r.status === 'known-difference');
  out.push('', `Known differences (${known.length}), from known-differences.json:`);
  for (const r of known) {
    out.push(`  ${r.case.id}: ${r.knownReason}`);
    out.push(`      expected ${fmt(r.expected)}  got ${r.error !== null ? `error (${r.error.slice(0, 200)})` : fmt(r.got)}`);
  }

  if (report.stale.length + report.unmatched.length > 0) {
    out.push('', `Stale known differences (${report.stale.length + report.unmatched.length}) — remove them from known-differences.json:`);
    for (const k of report.stale) out.push(`  ${k.id}: passes now (listed reason: ${k.reason})`);
    for (const k of report.unmatched) out.push(`  ${k.id}: no such case in this run (listed reason: ${k.reason})`);
  }

  const failures = report.results.filter((r) => r.status === 'failed');
  const required = failures.filter((r) => !r.group.optional);
  const optionalFailures = failures.filter((r) => r.group.optional);
  out.push('', `Failures in required groups (${required.length}):`);
  for (const r of required) out.push(...describeResult(r));
  out.push('', `Failures in optional groups (${optionalFailures.length}) — reported, not failing the run:`);
  for (const r of optionalFailures) out.push(...describeResult(r));

  const boundsOnly = report.results.filter((r) => r.status === 'passed' && r.boundsOnly);
  if (boundsOnly.length > 0) {
    out.push('', `Checked against bounds only (${boundsOnly.length}): no reference could be established`);
    for (const r of boundsOnly) out.push(`  ${r.case.id}: got ${fmt(r.got)}; ${r.detail}`);
  }
  const tiny = report.results.filter((r) => r.tinyNonZero);
  if (tiny.length > 0) {
    out.push('', `Expected no area, got a non-zero area within tolerance (${tiny.length}):`);
    for (const r of tiny) out.push(`  ${r.case.id}: got ${fmt(r.got)}`);
  }

  const reasons = new Map<string, number>();
  for (const s of report.skipped) {
    const key = `${s.group}: ${s.reason.startsWith('operand not polygonal') ? 'operand not polygonal' : s.reason}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  out.push('', `Skipped (${report.skipped.length}), by reason${options.verbose ? '' : ' (--verbose lists every case)'}:`);
  for (const [reason, n] of [...reasons].sort()) out.push(`  ${pad(n, 4)} × ${reason}`);
  if (options.verbose) for (const s of report.skipped) out.push(`  ${s.id}: ${s.reason}`);

  const slow = [...report.results].sort((x, y) => y.ms - x.ms).slice(0, 5);
  out.push('', `Slowest cases: ${slow.map((r) => `${r.case.id} ${r.ms.toFixed(0)} ms`).join('; ')}`);
  out.push(`Total ${(report.totalMs / 1000).toFixed(1)} s for ${report.results.length} cases.`);
  out.push(
    '',
    report.ok
      ? `RESULT: PASS (no unexpected failure in required groups)`
      : `RESULT: FAIL — ${report.unexpectedFailures.length} unexpected failure(s) in required groups: ${report.unexpectedFailures
          .map((r) => r.case.id)
          .join(', ')}`,
  );
  return out.join('\n') + '\n';
}

interface CliArgs {
  peers?: string;
  known: string;
  groups: GroupName[];
  verbose: boolean;
  trace: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { known: KNOWN_DIFFERENCES_FILE, groups: [], verbose: false, trace: false };
  const names = new Set<string>(GROUPS.map((g) => g.name));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new InputError(`option ${a}: expected a value, found end of arguments`);
      return v;
    };
    if (a === '--peers') args.peers = value();
    else if (a === '--known') args.known = value();
    else if (a === '--group') {
      const g = value();
      if (!names.has(g)) throw new InputError(`--group: expected one of ${[...names].join(', ')}, found '${g}'`);
      args.groups.push(g as GroupName);
    } else if (a === '--verbose') args.verbose = true;
    else if (a === '--trace') args.trace = true;
    else throw new InputError(`expected --peers DIR, --known FILE, --group NAME, --verbose or --trace, found '${a}'`);
  }
  return args;
}

function main(): number {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${errorText(e)}\n`);
    return 2;
  }
  const peersDir = resolvePeersDir(args.peers);
  if (!peersAvailable(peersDir)) {
    process.stderr.write(
      `peer suites not found in ${peersDir}: expected jts/, polygon-clipping/ and turf/ there (set --peers or ${PEERS_ENV})\n`,
    );
    return 2;
  }
  const knownDifferences = loadKnownDifferences(args.known);
  const report = runConformance({
    collected: collectAllCases(peersDir),
    intersectionArea: adapterIntersectionArea,
    knownDifferences,
    kernel: KERNEL_NAME,
    peersDir,
    groups: args.groups,
    onCase: args.trace ? (c) => process.stderr.write(`running ${c.id}\n`) : undefined,
  });
  process.stdout.write(formatReport(report, { verbose: args.verbose }));
  return report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
