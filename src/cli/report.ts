import type { LayerReport } from '../geometry/types.js';
import type { RepairReport } from '../overlay/repair.js';
import type { CommandIO } from './args.js';
import type { IdFindings, Uncovered } from './checks.js';

/** Writes a layer report to stderr: counts, CRS changes, and every per-feature repair, one line each. */
export function printReport(report: LayerReport, io: CommandIO): void {
  const lines: string[] = [];
  if (report.reprojectedFrom !== undefined) lines.push(`reprojected from ${report.reprojectedFrom}`);
  for (const w of report.warnings ?? []) lines.push(w);
  if (report.emptyCount > 0) lines.push(`${report.emptyCount} features have empty geometry (kept, area 0)`);
  for (const issue of report.issues) {
    lines.push(`feature ${issue.featureIndex}${issue.id !== null ? ` (id ${String(issue.id)})` : ''}: ${issue.kind}: ${issue.detail}`);
  }
  // Some readers' warnings already lead with the file name (the CRS resolver's do): name it once.
  for (const l of lines) io.stderr(l.startsWith(`${report.source}: `) ? `${l}\n` : `${report.source}: ${l}\n`);
}

/** Writes the features read by the even-odd rule (self-intersections, overlapping edges) to stderr. */
export function printRepairs(repairs: readonly RepairReport[], io: CommandIO): void {
  for (const r of repairs) {
    io.stderr(`${r.layer}: feature ${r.featureIndex}${r.id !== null ? ` (id ${String(r.id)})` : ''}: repaired (${r.kind}): ${r.detail}\n`);
  }
}

/** At most this many ids or feature indexes are listed in one stderr line; the rest are counted. */
const LIST_MAX = 10;

function list<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, LIST_MAX).map(show).join(', ');
  return items.length > LIST_MAX ? `${shown} … and ${items.length - LIST_MAX} more` : shown;
}

/**
 * Warns about duplicate and missing ids, naming the ids and the feature indexes:
 * `patches.shp: warning: 1 JCBH value is used by more than one feature: "3713…" (features 4, 17); …`.
 */
export function printIdFindings(source: string, idLabel: string, findings: IdFindings, io: CommandIO): void {
  const { duplicates, missing } = findings;
  if (duplicates.length > 0) {
    const n = duplicates.length;
    io.stderr(
      `${source}: warning: ${n} ${idLabel} value${n === 1 ? ' is' : 's are'} used by more than one feature: ` +
        `${list(duplicates, (d) => `"${d.id}" (features ${d.featureIndexes.join(', ')})`)}; ` +
        'each feature keeps its own rows, so these rows share an id in the output — make the ids unique\n',
    );
  }
  if (missing.length > 0) {
    const n = missing.length;
    io.stderr(
      `${source}: warning: ${n} feature${n === 1 ? ' has' : 's have'} no ${idLabel} value (feature${n === 1 ? '' : 's'} ` +
        `${list(missing, String)}); ${n === 1 ? 'its rows use' : 'their rows use'} the GeoJSON id, else the feature index\n`,
    );
  }
}

/** Per layer, the patches that overlap none of its features: `townships: 2 of 300 patches overlap no feature: 37…, 37…`. */
export function printUncovered(u: Uncovered, io: CommandIO): void {
  if (u.patches.length === 0) return;
  io.stderr(
    `${u.layer}: ${u.patches.length} of ${u.ofPatches} patches overlap no feature: ${list(u.patches, (p) => String(p.id))}\n`,
  );
}
