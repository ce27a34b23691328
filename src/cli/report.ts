import type { LayerReport } from '../geometry/types.js';
import type { RepairReport } from '../overlay/repair.js';
import type { CommandIO } from './args.js';

/** Writes a layer report to stderr: counts, CRS changes, and every per-feature repair, one line each. */
export function printReport(report: LayerReport, io: CommandIO): void {
  const lines: string[] = [];
  if (report.reprojectedFrom !== undefined) lines.push(`reprojected from ${report.reprojectedFrom}`);
  for (const w of report.warnings ?? []) lines.push(w);
  if (report.emptyCount > 0) lines.push(`${report.emptyCount} features have empty geometry (kept, area 0)`);
  for (const issue of report.issues) {
    lines.push(`feature ${issue.featureIndex}${issue.id !== null ? ` (id ${String(issue.id)})` : ''}: ${issue.kind}: ${issue.detail}`);
  }
  for (const l of lines) io.stderr(`${report.source}: ${l}\n`);
}

/** Writes the features read by the even-odd rule (self-intersections, overlapping edges) to stderr. */
export function printRepairs(repairs: readonly RepairReport[], io: CommandIO): void {
  for (const r of repairs) {
    io.stderr(`${r.layer}: feature ${r.featureIndex}${r.id !== null ? ` (id ${String(r.id)})` : ''}: repaired (${r.kind}): ${r.detail}\n`);
  }
}
