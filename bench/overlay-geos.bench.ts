/**
 * Overlay (套合) against native GEOS, whole process to whole process (issue 3's "moonshot": faster than GEOS —
 * C++, OverlayNG, STRtree + prepared geometry — on the same job).
 *
 * For each job the GEOS binary (bench/geos/overlay.c, compiled here against the system's libgeos_c) and tuban
 * (bench/geos/tuban-job.ts bundled by esbuild, run with plain node; planar and ellipsoidal) run as separate child processes on the same layers:
 * GEOS reads them as WKB exported from tuban's reader (so both overlay the same coordinates), tuban reads the
 * GeoJSON itself — and, as a second leg, Shapefile sets written from the same layers by tuban's own writer
 * (float64 coordinates, like WKB: binary format against binary format). Each child reports its phases; the
 * whole-process wall time is taken around the child and its peak RSS from /usr/bin/time. Then GEOS's
 * per-feature summed intersection areas are checked against tuban's planar covered areas from both legs, and
 * the Shapefile leg's results against the GeoJSON leg's, byte for byte.
 *
 * Needs gcc and the GEOS C headers (Debian: gcc, libgeos-dev) — present on the development machine, not on a
 * user's: without them the bench says so and exits 0.
 *
 *   node --import tsx/esm bench/overlay-geos.bench.ts [dir] [--runs N]
 *
 * dir defaults to bench/data/county (`npx tsx fixtures/generate.ts --scale county --seed 1 --out bench/data/county`).
 * With --runs N every child runs N times and the median wall time (and its phases) is shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import type { Layer } from '../src/geometry/types.js';
import { readLayer } from '../src/io/read.js';
import { layerIndex } from '../src/index/index.js';
import { exportLayerShp, exportLayerWkb } from './geos/export.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Math.max(1, Number(args.splice(runsAt, 2)[1]) || 1) : 1;
const dir = args[0] ?? join(root, 'bench/data/county');
// One work folder per input folder: the exported WKB and Shapefile sets are cached by layer name.
const work = join(root, 'bench/data/geos-overlay', basename(resolve(dir)));
const source = join(root, 'bench/geos/overlay.c');
const binary = join(work, 'geos-overlay');
const TIME = '/usr/bin/time';

const missing = [
  spawnSync('gcc', ['--version']).status !== 0 ? 'gcc' : null,
  existsSync('/usr/include/geos_c.h') ? null : '/usr/include/geos_c.h (Debian: libgeos-dev)',
].filter((m) => m !== null);
if (missing.length > 0) {
  console.log(`overlay-geos bench skipped: needs ${missing.join(' and ')}, not found on this machine`);
  process.exit(0);
}
if (!existsSync(join(dir, 'landuse.geojson'))) {
  console.error(`no county data in ${dir}; make it with: npx tsx fixtures/generate.ts --scale county --seed 1 --out bench/data/county`);
  process.exit(1);
}

mkdirSync(work, { recursive: true });
if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
  const cc = spawnSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', binary, source, '-lgeos_c'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`gcc failed:\n${cc.stderr}`);
  if (cc.stderr.trim() !== '') console.log(`gcc warnings:\n${cc.stderr}`);
}

// tuban's side runs as a user runs it: compiled ahead of time into one ES module (esbuild, as tsup builds
// dist/) and started with plain node — not through tsx, which transpiles on load and adds ~0.4 s to every
// process. flatbush and robust-predicates are bundled (dist/ bundles them too); the rest stays external.
const tubanJob = join(work, 'tuban-job.mjs');
{
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const externals = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((d) => d !== 'flatbush' && d !== 'robust-predicates')
    .map((d) => `--external:${d}`);
  const esb = spawnSync(
    'npx',
    ['esbuild', join(root, 'bench/geos/tuban-job.ts'), '--bundle', '--platform=node', '--format=esm', ...externals, `--outfile=${tubanJob}`, '--log-level=warning'],
    { cwd: root, encoding: 'utf8' },
  );
  if (esb.status !== 0) throw new Error(`esbuild failed:\n${esb.stderr}`);
}

const t0 = performance.now();
const wkb = (name: string) => join(work, `${name}.wkb`);
const shp = (name: string) => join(work, `${name}.shp`);
let exported = 0;
let exportedShp = 0;
// Per layer: the class field the jobs tabulate by (also sent to the GEOS side for per-class sums) and the id
// field, the only attributes the Shapefile sets keep.
const layersUsed: readonly { name: string; cls?: string; id: string }[] = [
  { name: 'patches', id: 'JCBH' },
  { name: 'landuse', cls: 'DLBM', id: 'BSM' },
  { name: 'farmland', id: 'JBNTTBBH' },
  { name: 'planning', cls: 'GZQLXDM', id: 'BSM' },
];
for (const { name, cls, id } of layersUsed) {
  const src = join(dir, `${name}.geojson`);
  let layer: Layer | undefined;
  const load = (): Layer => (layer ??= readLayer(src).layer); // read once when both exports are stale
  if (exportLayerWkb(src, wkb(name), cls, load)) exported++;
  // exportLayerShp reads the set back and throws unless it gives this layer's coordinates bit for bit.
  if (exportLayerShp(src, shp(name), cls === undefined ? [id] : [id, cls], load)) exportedShp++;
}
if (exported + exportedShp > 0) {
  console.log(
    `exported ${exported} layer(s) to WKB and ${exportedShp} to Shapefile sets (each read back: same coordinates bit for bit) ` +
      `in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${work})`,
  );
}

interface Job {
  readonly name: string;
  readonly left: string;
  readonly right: string;
  readonly cls: string;
  readonly mode: 'tabulate' | 'layers';
}
const jobs: Job[] = [
  { name: 'patches × landuse (DLBM)', left: 'patches', right: 'landuse', cls: 'DLBM', mode: 'tabulate' },
  { name: 'patches × farmland', left: 'patches', right: 'farmland', cls: '-', mode: 'tabulate' },
  { name: 'patches × planning (GZQLXDM)', left: 'patches', right: 'planning', cls: 'GZQLXDM', mode: 'tabulate' },
  { name: 'landuse × farmland (tabulateLayers)', left: 'landuse', right: 'farmland', cls: 'DLBM', mode: 'layers' },
];

interface Run<T> {
  readonly report: T;
  /** Whole-process wall time, s, taken around the child. */
  readonly wallS: number;
  readonly peakRssMb: number;
}

/** Runs a child RUNS times; returns the run with the median wall time. Throws with its stderr if it fails. */
function runChild<T extends { maxRssKb: number }>(cmd: string, argv: string[]): Run<T> {
  const runs: Run<T>[] = [];
  const timeFile = join(work, 'time.txt');
  const useTime = existsSync(TIME);
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = useTime
      ? spawnSync(TIME, ['-o', timeFile, '-f', '%e %M', cmd, ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallS = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}:\n${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    const report = JSON.parse(lines[lines.length - 1]) as T;
    // /usr/bin/time's %M is the child's peak resident set (KiB); without it, the child's own getrusage.
    const rssKb = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split(/\s+/).pop()) : report.maxRssKb;
    runs.push({ report, wallS, peakRssMb: rssKb / 1024 });
  }
  runs.sort((a, b) => a.wallS - b.wallS);
  return runs[(runs.length - 1) >> 1];
}

interface GeosReport {
  geos: string;
  left: { features: number; madeValid: number; unfixable: number; unreadable: number };
  right: { features: number; madeValid: number; unfixable: number; unreadable: number };
  loadS: number;
  indexS: number;
  overlayS: number;
  validateS: number;
  prepareS: number;
  writeS: number;
  teardownS: number;
  pairs: number;
  intersecting: number;
  nonempty: number;
  contained: number;
  failedPairs: number;
  failedLeft: number;
  geosErrors: number;
  firstErrors: string[];
  maxRssKb: number;
}
interface TubanReport {
  startupS: number;
  loadS: number;
  indexS: number;
  overlayS: number;
  reportS: number;
  pairs: number;
  repairs: number;
  maxRssKb: number;
}

const slug = (j: Job) => `${j.left}-${j.right}`;
const results = jobs.map((j) => {
  const geosOut = join(work, `${slug(j)}.geos.f64`);
  const geos = runChild<GeosReport>(binary, [wkb(j.left), wkb(j.right), geosOut]);
  const shortcutOut = join(work, `${slug(j)}.geos-shortcut.f64`);
  const shortcut = runChild<GeosReport>(binary, [wkb(j.left), wkb(j.right), shortcutOut, '--contains-shortcut']);
  const tuban = (measure: 'planar' | 'ellipsoidal', format: 'geojson' | 'shp') => {
    const out = join(work, `${slug(j)}.tuban-${measure}${format === 'shp' ? '-shp' : ''}.${j.mode === 'tabulate' ? 'f64' : 'json'}`);
    const run = runChild<TubanReport>(process.execPath, [
      '--max-old-space-size=8000', tubanJob,
      format === 'shp' ? work : dir, j.left, j.right, measure, j.cls, j.mode, out, format,
    ]);
    return { run, out };
  };
  const planar = tuban('planar', 'geojson');
  const ellipsoidal = tuban('ellipsoidal', 'geojson');
  const planarShp = tuban('planar', 'shp');
  const ellipsoidalShp = tuban('ellipsoidal', 'shp');
  console.log(
    `${j.name}: GEOS ${geos.wallS.toFixed(2)} s, tuban planar ${planar.run.wallS.toFixed(2)} s, ` +
      `ellipsoidal ${ellipsoidal.run.wallS.toFixed(2)} s; from Shapefile planar ${planarShp.run.wallS.toFixed(2)} s, ` +
      `ellipsoidal ${ellipsoidalShp.run.wallS.toFixed(2)} s (whole process)`,
  );
  return { job: j, geos, geosOut, shortcut, shortcutOut, planar, ellipsoidal, planarShp, ellipsoidalShp };
});

// ---- verification: GEOS Σ area(P ∩ F) over candidates F vs tuban's planar area(P ∩ ⋃ F) ----
const f64 = (path: string) => {
  const b = readFileSync(path);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
};
interface Diff {
  n: number;
  nan: number;
  worstAbs: number;
  worstAbsAt: number;
  worstRel: number;
  worstRelAt: number;
  over1e9: number[];
}
/** Worst differences; relative to the larger of the two values, over values above 1 mm² (below, abs says it). */
function compare(a: ArrayLike<number>, g: ArrayLike<number>): Diff {
  const d: Diff = { n: a.length, nan: 0, worstAbs: 0, worstAbsAt: -1, worstRel: 0, worstRelAt: -1, over1e9: [] };
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(g[i])) {
      d.nan++;
      continue;
    }
    const abs = Math.abs(a[i] - g[i]);
    const m = Math.max(Math.abs(a[i]), Math.abs(g[i]));
    const rel = m > 1e-6 ? abs / m : 0;
    if (abs > d.worstAbs) [d.worstAbs, d.worstAbsAt] = [abs, i];
    if (rel > d.worstRel) [d.worstRel, d.worstRelAt] = [rel, i];
    if (rel > 1e-9 && abs > 1e-6) d.over1e9.push(i);
  }
  d.over1e9.sort((x, y) => Math.abs(a[y] - g[y]) - Math.abs(a[x] - g[x]));
  return d;
}

const layerCache = new Map<string, Layer>();
const layerOf = (name: string): Layer => {
  let l = layerCache.get(name);
  if (l === undefined) layerCache.set(name, (l = readLayer(join(dir, `${name}.geojson`)).layer));
  return l;
};
/** Feature f as a GeoJSON geometry (rings closed), for jsts. */
function geometryOf(l: Layer, f: number): object | null {
  const polys: number[][][][] = [];
  for (let p = l.featureOffsets[f]; p < l.featureOffsets[f + 1]; p++) {
    const rings: number[][][] = [];
    for (let r = l.polygonOffsets[p]; r < l.polygonOffsets[p + 1]; r++) {
      const ring: number[][] = [];
      for (let v = l.ringOffsets[r]; v < l.ringOffsets[r + 1]; v++) ring.push([l.coords[2 * v], l.coords[2 * v + 1]]);
      ring.push(ring[0]);
      rings.push(ring);
    }
    polys.push(rings);
  }
  return polys.length === 0 ? null : { type: 'MultiPolygon', coordinates: polys };
}
/** A third opinion on one left feature: jsts (JTS classic overlay, snap-if-needed) Σ area(P ∩ F), planar. */
function jstsOpinion(j: Job, p: number): string {
  const reader = new GeoJSONReader(new GeometryFactory());
  const left = layerOf(j.left), right = layerOf(j.right);
  const gp = geometryOf(left, p);
  if (gp === null) return 'empty';
  const P = reader.read(gp);
  const b = left.bboxes;
  let sum = 0;
  let throws = 0;
  for (const f of layerIndex(right).search(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3])) {
    const gf = geometryOf(right, f);
    if (gf === null) continue;
    try {
      sum += SnapIfNeededOverlayOp.intersection(P, reader.read(gf)).getArea();
    } catch {
      throws++;
    }
  }
  return `jsts ${sum.toFixed(6)}${throws > 0 ? ` (${throws} throws)` : ''}${new IsValidOp(P).isValid() ? '' : ', patch invalid for JTS'}`;
}

const e = (x: number) => (x === 0 ? '0' : x.toExponential(1));
/** Whether the Shapefile leg's result file is byte for byte the GeoJSON leg's (same coordinates in, same out). */
const sameFile = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));
const checks: string[] = [];
for (const r of results) {
  const { job } = r;
  const geos = f64(r.geosOut);
  const identical = [
    ['planar', r.planar.out, r.planarShp.out],
    ['ellipsoidal', r.ellipsoidal.out, r.ellipsoidalShp.out],
  ].map(([m, a, b]) => `${m} ${sameFile(a, b) ? 'identical' : 'DIFFERENT'}`);
  const shpLine = (d: Diff, what: string) =>
    `  - from Shapefile: ${what} worst |Δ| against GEOS ${e(d.worstAbs)} m², worst relative ${e(d.worstRel)}, ` +
    `${d.over1e9.length} over 1e-9 relative and 1 mm²; results against the GeoJSON leg's, byte for byte: ${identical.join(', ')}.`;
  if (job.mode === 'tabulate') {
    const tub = f64(r.planar.out);
    const d = compare(tub, geos);
    checks.push(
      `- ${job.name}: ${d.n} patches; worst |Δ| ${e(d.worstAbs)} m² (patch ${d.worstAbsAt}), worst relative ${e(d.worstRel)} ` +
        `(patch ${d.worstRelAt}); ${d.over1e9.length} patches differ by more than 1e-9 relative and 1 mm²; ` +
        `${d.nan} with a GEOS failure.`,
    );
    const ds = compare(tub, f64(r.shortcutOut));
    checks.push(`  - GEOS with the containsProperly shortcut: worst |Δ| ${e(ds.worstAbs)} m², worst relative ${e(ds.worstRel)}, ${ds.nan} failures.`);
    checks.push(shpLine(compare(f64(r.planarShp.out), geos), `${d.n} patches,`));
    for (const p of d.over1e9.slice(0, 3)) {
      checks.push(`  - patch ${p}: tuban ${tub[p].toFixed(6)}, GEOS ${geos[p].toFixed(6)}, ${jstsOpinion(job, p)}`);
    }
  } else {
    // Per left class: GEOS's per-feature sums added up by the DLBM exported alongside the WKB.
    const classes = JSON.parse(readFileSync(`${wkb(job.left)}.${job.cls}.json`, 'utf8')) as string[];
    const byClass = new Map<string, number>();
    let nan = 0;
    geos.forEach((a, i) => {
      if (Number.isNaN(a)) nan++;
      else byClass.set(classes[i], (byClass.get(classes[i]) ?? 0) + a);
    });
    const tub = JSON.parse(readFileSync(r.planar.out, 'utf8')) as Record<string, number>;
    const tubShp = JSON.parse(readFileSync(r.planarShp.out, 'utf8')) as Record<string, number>;
    const keys = [...new Set([...byClass.keys(), ...Object.keys(tub), ...Object.keys(tubShp)])].sort();
    const d = compare(keys.map((k) => tub[k] ?? 0), keys.map((k) => byClass.get(k) ?? 0));
    const tt = keys.reduce((s, k) => s + (tub[k] ?? 0), 0);
    const gt = keys.reduce((s, k) => s + (byClass.get(k) ?? 0), 0);
    checks.push(
      `- ${job.name}: per land-use class (${keys.length} DLBM classes) worst |Δ| ${e(d.worstAbs)} m² (${keys[d.worstAbsAt] ?? '—'}), ` +
        `worst relative ${e(d.worstRel)}; county total tuban ${tt.toFixed(3)} m², GEOS ${gt.toFixed(3)} m² ` +
        `(relative ${e(Math.abs(tt - gt) / Math.max(tt, gt))}); ${nan} land-use features with a GEOS failure.`,
    );
    const ts = keys.reduce((s, k) => s + (tubShp[k] ?? 0), 0);
    checks.push(
      shpLine(compare(keys.map((k) => tubShp[k] ?? 0), keys.map((k) => byClass.get(k) ?? 0)), `${keys.length} classes, county total ${ts.toFixed(3)} m²,`),
    );
  }
}

const notes: string[] = [];
// ---- table ----
const fmt = (x: number, d = 2) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  '| job | candidate pairs | GEOS load s | GEOS overlay s | GEOS µs/pair | GEOS peak RSS MB | tuban load s | tuban overlay s (planar / ellipsoidal) | ' +
    'tuban µs/pair (planar / ell.) | tuban peak RSS MB | speed ratio overlay GEOS ÷ tuban (planar / ell.) | speed ratio whole process (planar / ell.) | ' +
    'tuban load s from shp | tuban whole process s from shp (planar / ell.) | speed ratio whole process GEOS ÷ tuban from shp (planar / ell.) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const phases = [
  '| job | GEOS load | index | overlay (of it: validate) | overlay with containsProperly shortcut | write + free | whole process | tuban (planar) startup | load | index | overlay | report | whole process | tuban (ell.) overlay | whole process | ' +
    'from shp: tuban (planar) startup | load | index | overlay | whole process | peak RSS MB (planar / ell.) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const { job, geos, shortcut, planar, ellipsoidal, planarShp, ellipsoidalShp } of results) {
  const g = geos.report, tp = planar.run.report, te = ellipsoidal.run.report;
  const sp = planarShp.run.report, se = ellipsoidalShp.run.report;
  const pairs = g.pairs;
  const samePairs = [tp, te, sp, se].every((t) => t.pairs === pairs) ? '' : ` (tuban's flatbush: ${tp.pairs}, from shp ${sp.pairs})`;
  const us = (s: number) => fmt((s * 1e6) / pairs, 1);
  lines.push(
    `| ${job.name} | ${pairs.toLocaleString('en-US')}${samePairs} | ${fmt(g.loadS)} | ${fmt(g.overlayS)} | ${us(g.overlayS)} | ` +
      `${fmt(geos.peakRssMb, 0)} | ${fmt(tp.loadS)} | ${fmt(tp.overlayS)} / ${fmt(te.overlayS)} | ${us(tp.overlayS)} / ${us(te.overlayS)} | ` +
      `${fmt(planar.run.peakRssMb, 0)} / ${fmt(ellipsoidal.run.peakRssMb, 0)} | ×${fmt(g.overlayS / tp.overlayS)} / ×${fmt(g.overlayS / te.overlayS)} | ` +
      `×${fmt(geos.wallS / planar.run.wallS)} / ×${fmt(geos.wallS / ellipsoidal.run.wallS)} | ` +
      `${fmt(sp.loadS)} | ${fmt(planarShp.run.wallS)} / ${fmt(ellipsoidalShp.run.wallS)} | ` +
      `×${fmt(geos.wallS / planarShp.run.wallS)} / ×${fmt(geos.wallS / ellipsoidalShp.run.wallS)} |`,
  );
  phases.push(
    `| ${job.name} | ${fmt(g.loadS)} | ${fmt(g.indexS)} | ${fmt(g.overlayS)} (${fmt(g.validateS)}) | ${fmt(shortcut.report.overlayS)} (${shortcut.report.contained.toLocaleString('en-US')} pairs) | ${fmt(g.writeS + g.teardownS)} | ${fmt(geos.wallS)} | ` +
      `${fmt(tp.startupS)} | ${fmt(tp.loadS)} | ${fmt(tp.indexS)} | ${fmt(tp.overlayS)} | ${fmt(tp.reportS)} | ${fmt(planar.run.wallS)} | ` +
      `${fmt(te.overlayS)} | ${fmt(ellipsoidal.run.wallS)} | ` +
      `${fmt(sp.startupS)} | ${fmt(sp.loadS)} | ${fmt(sp.indexS)} | ${fmt(sp.overlayS)} | ${fmt(planarShp.run.wallS)} | ` +
      `${fmt(planarShp.run.peakRssMb, 0)} / ${fmt(ellipsoidalShp.run.peakRssMb, 0)} |`,
  );
  const geosIssues = [
    g.left.madeValid + g.right.madeValid > 0 ? `${g.left.madeValid} left / ${g.right.madeValid} right features made valid` : '',
    g.left.unfixable + g.right.unfixable > 0 ? `${g.left.unfixable + g.right.unfixable} invalid and not fixable` : '',
    g.failedPairs > 0 ? `${g.failedPairs} pairs threw (${g.firstErrors.join('; ')})` : '',
  ].filter((s) => s !== '');
  notes.push(
    `- ${job.name}: GEOS ${g.intersecting.toLocaleString('en-US')} of the pairs intersect (prepared test), ` +
      `${g.nonempty.toLocaleString('en-US')} with area > 0; ${geosIssues.length > 0 ? geosIssues.join(', ') : 'no repairs, no exceptions'}; ` +
      `tuban reports ${tp.repairs} features read by the even-odd rule${sp.repairs === tp.repairs ? ' (the same from shp)' : ` (${sp.repairs} from shp)`}.`,
  );
}
console.log(`\n${lines.join('\n')}\n\nPhases, seconds:\n\n${phases.join('\n')}\n`);
console.log(
  `GEOS ${results[0].geos.report.geos} (C API, OverlayNG, STRtree node capacity 10, prepared left feature), gcc -O2; ` +
    `tuban on Node ${process.version}, bundled ahead of time (esbuild) and run with plain node. ${RUNS === 1 ? 'One run' : `Median of ${RUNS} runs`} per child, cold (every process ` +
    `loads, JIT-compiles and checks its features once). Overlay = after load and index, until the result is in memory; ` +
    `GEOS's includes the lazy isValid/MakeValid of the features it touches and GEOSPrepare_r. Peak RSS from ${existsSync(TIME) ? '/usr/bin/time %M' : "the child's getrusage"}.\n`,
);
console.log(`Pairs and repairs:\n${notes.join('\n')}\n`);
console.log(
  `Verification (GEOS Σ pairwise planar intersection areas vs tuban planar covered area; the Shapefile leg also ` +
    `against the GeoJSON leg):\n${checks.join('\n')}`,
);
console.log(`\nWall ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
