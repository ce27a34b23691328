/**
 * Where the overlay kernel's time goes (issue 7): `tabulate(patches, layer)` on the county-scale fixture,
 * after loading (loading is not profiled), measured three ways in one process:
 *
 *   1. the whole job, warm (minimum of 2 × RUNS runs): µs per patch, ns per arrangement edge;
 *   2. phase timers: the kernel's steps replayed one by one for every patch (the same calls, in the same order,
 *      as OverlayKernel.run and forEachPatch make them — checked: the replay's areas must equal tabulate's
 *      bit for bit), a clock read between steps; the measure's share is the difference between a pass with the
 *      real area sink and one with a sink that does nothing; result assembly (toMu, sorting the parts) is
 *      tabulate minus forEachPatch with an empty visitor;
 *   3. a sampling CPU profile (node:inspector Profiler, 100 µs) of RUNS warm tabulate runs, self time summed per
 *      phase by the kernel function each sample's line belongs to (see MARKERS); saved as a .cpuprofile for
 *      Chrome DevTools or speedscope;
 *   4. counts per patch: candidates, vertices read, arrangement edges, events, boundary pieces measured, and
 *      for the ellipsoidal measure the inverse projections and how many the memo saved;
 *
 * and the FLOOR: the cheapest pass that still touches the same data — for every patch, every vertex of the
 * patch and of its candidate features read once from the layer's flat arrays, with one exact orientation test
 * (robust-predicates orient2d, as the kernel's predicates use) per edge. The kernel cannot do less than read
 * its input; the ratio kernel ÷ floor says how far it is from that.
 *
 *   npx tsx bench/profile.ts [--layer landuse|farmland|planning] [--measure planar|ellipsoidal] [--dir DIR]
 *
 * Run through tsx, the script bundles itself with esbuild (`--bundle --platform=node --format=esm`, the
 * kernel's dependencies included) into bench/data/profile/ and runs the bundle with plain node: code that tsx
 * transforms on the fly reports line 0 in profiles, the bundle reports real lines and function names. The
 * county fixture is generated when missing (`npx tsx fixtures/generate.ts --scale county --seed 1 --out
 * bench/data/county`, ~15 s, not committed). `node --cpu-prof bench/data/profile/profile.mjs` takes the same
 * profile with node's own flag; this script adds the phase summary. ~20 s a run after loading.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Layer } from '../src/geometry/types.js';
import { TreeHits, layerIndex } from '../src/index/index.js';
import { readLayer } from '../src/io/read.js';
import type { Arrangement } from '../src/overlay/arrangement.js';
import type { FragmentSink } from '../src/overlay/classify.js';
import { OverlayKernel } from '../src/overlay/kernel.js';
import { type EdgeMeasure, type SlotAccumulator, resolveMeasure } from '../src/overlay/measure.js';
import { orient } from '../src/overlay/predicates.js';
import { prepareLayer } from '../src/overlay/prepare.js';
import { classesOf, forEachPatch, tabulate } from '../src/overlay/tabulate.js';

const here = fileURLToPath(import.meta.url);
const root = join(here, here.endsWith('.ts') ? '..' : '../../..', '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};

// ---- under tsx: bundle and run the bundle ----
if (here.endsWith('.ts')) {
  const outDir = join(root, 'bench/data/profile');
  mkdirSync(outDir, { recursive: true });
  const bundle = join(outDir, 'profile.mjs');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const externals = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((d) => d !== 'flatbush' && d !== 'robust-predicates')
    .map((d) => `--external:${d}`);
  execFileSync(
    'npx',
    // The kernel's dependencies (flatbush, robust-predicates) are bundled too — one script, so every sample line
    // is unambiguous; the others stay external (iconv-lite is CommonJS that an ES bundle cannot inline).
    ['esbuild', here, '--bundle', '--platform=node', '--format=esm', ...externals, `--outfile=${bundle}`, '--log-level=warning'],
    { cwd: root, stdio: 'inherit' },
  );
  const r = spawnSync(process.execPath, ['--max-old-space-size=8000', bundle, ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// ---- the bundle ----
const RUNS = 5;
const layerName = opt('--layer', 'landuse');
const measureName = opt('--measure', 'planar');
const dir = opt('--dir', join(root, 'bench/data/county'));
if (!['planar', 'ellipsoidal'].includes(measureName)) {
  console.error(`--measure: expected planar or ellipsoidal, found ${measureName}`);
  process.exit(2);
}
if (!existsSync(join(dir, 'patches.geojson'))) {
  console.log(`${dir}: no county fixture, generating it (~15 s)`);
  execFileSync('npx', ['tsx', 'fixtures/generate.ts', '--scale', 'county', '--seed', '1', '--out', dir], { cwd: root, stdio: 'inherit' });
}
const classBy = layerName === 'landuse' ? 'DLBM' : layerName === 'planning' ? 'GZQLXDM' : undefined;
const t0 = performance.now();
const patches = readLayer(join(dir, 'patches.geojson')).layer;
const layer = readLayer(join(dir, `${layerName}.geojson`)).layer;
const measure: EdgeMeasure = resolveMeasure(measureName as 'planar' | 'ellipsoidal', layer.crs, layer.name);
console.log(`loaded ${patches.featureCount} patches, ${layer.featureCount} ${layerName} features in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const nP = patches.featureCount;

const minOf = (n: number, f: () => number): number => {
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, f());
  return best;
};
const timed = (f: () => void): number => {
  const s = performance.now();
  f();
  return performance.now() - s;
};
const job = () => tabulate(patches, layer, { classBy, measure });

// ---- 1. the whole job, warm ----
const first = timed(job); // cold: JIT, the per-feature checks and indexes cached with the layers
for (let i = 0; i < 2; i++) job();
const { classOf, names } = classesOf(layer, classBy);
// The job and the kernel loop alone (forEachPatch with an empty visitor), alternately, so that both see the
// same machine; their difference is result assembly.
let jobMs = Infinity;
let visitMs = Infinity;
for (let r = 0; r < 2 * RUNS; r++) {
  jobMs = Math.min(jobMs, timed(job));
  visitMs = Math.min(visitMs, timed(() => forEachPatch(patches, layer, classOf, names.length, measure, () => {})));
}

// ---- counts: what the kernel touches per patch ----
const index = layerIndex(layer);
const prepP = prepareLayer(patches);
const prepL = prepareLayer(layer);
const pb = patches.bboxes;
const cands: number[][] = [];
for (let p = 0; p < nP; p++) cands.push(Number.isNaN(pb[4 * p]) ? [] : index.search(pb[4 * p], pb[4 * p + 1], pb[4 * p + 2], pb[4 * p + 3]).filter((f) => classOf[f] >= 0));
const vertsOf = (l: Layer, f: number): number => l.ringOffsets[l.polygonOffsets[l.featureOffsets[f + 1]]] - l.ringOffsets[l.polygonOffsets[l.featureOffsets[f]]];
let nPairs = 0;
let patchVerts = 0;
let candVerts = 0;
for (let p = 0; p < nP; p++) {
  nPairs += cands[p].length;
  patchVerts += vertsOf(patches, p);
  for (const f of cands[p]) candVerts += vertsOf(layer, f);
}

// ---- 2. phase timers: forEachPatch + OverlayKernel.run replayed step by step ----
/** The kernel's private steps (TypeScript-private only): the replay calls exactly what run() calls. */
interface KernelSteps {
  readonly arr: Arrangement;
  readonly noder: { nodePatch(a: Arrangement, n: number): void; nodeRest(a: Arrangement): void };
  readonly classifier: { markRelevance(a: Arrangement): void; walk(a: Arrangement, nGroups: number, sink: FragmentSink): void };
  readonly areaSink: FragmentSink & { begin(m: EdgeMeasure, nGroups: number): SlotAccumulator; record: boolean };
  gather(): number;
  gatherAuxiliary(): boolean;
  runBoxClear(nGroups: number, nPatchEdges: number, sink: FragmentSink): void;
}
const PHASES = ['search', 'gather', 'phase 1', 'relevance', 'aux', 'phase 2', 'walk'] as const;
const NO_SINK: FragmentSink = { fragment: () => {} };

interface Replay {
  ms: Float64Array;
  covered: Float64Array;
  edges: number;
  active: number;
  patchEdges: number;
  events: number;
  /** Patches whose box no candidate edge meets (OverlayKernel.runBoxClear). */
  boxClear: number;
}
function replay(realSink: boolean): Replay {
  const kernel = new OverlayKernel();
  const k = kernel as unknown as KernelSteps;
  const ms = new Float64Array(PHASES.length);
  const covered = new Float64Array(nP);
  const localOf = new Int32Array(names.length).fill(-1);
  const hits = new TreeHits();
  let edges = 0;
  let active = 0;
  let patchEdges = 0;
  let events = 0;
  let boxClear = 0;
  const now = () => performance.now();
  for (let p = 0; p < nP; p++) {
    if (Number.isNaN(pb[4 * p])) continue;
    let t = now();
    let u: number;
    kernel.setPatch(patches, p, prepP.fact(p));
    index.searchInto(pb[4 * p], pb[4 * p + 1], pb[4 * p + 2], pb[4 * p + 3], hits);
    const c = hits.ids.subarray(0, hits.n);
    u = now(); ms[0] += u - t; t = u;
    let n = 0;
    for (let i = 0; i < c.length; i++) {
      const f = c[i];
      const cl = classOf[f];
      if (cl < 0) continue;
      kernel.addCandidate(layer, f, prepL.fact(f), hits.boxes, 4 * i);
      kernel.addGroup(0);
      let local = localOf[cl];
      if (local < 0) local = localOf[cl] = n++;
      kernel.addGroup(1 + local);
    }
    const nGroups = 1 + n;
    // OverlayKernel.run, step by step.
    const arr = k.arr;
    const nPatchEdges = k.gather();
    u = now(); ms[1] += u - t; t = u;
    // run()'s box-clear case skips noding; its cost counts as the walk's.
    const clear = nPatchEdges > 0 && arr.nActive === nPatchEdges && arr.opSimple[0] === 1;
    if (!clear) {
      k.noder.nodePatch(arr, nPatchEdges);
      u = now(); ms[2] += u - t; t = u;
      k.classifier.markRelevance(arr);
      u = now(); ms[3] += u - t; t = u;
      const anyRel = k.gatherAuxiliary();
      u = now(); ms[4] += u - t; t = u;
      if (anyRel) k.noder.nodeRest(arr);
      u = now(); ms[5] += u - t; t = u;
    }
    const slots = k.areaSink.begin(measure, nGroups);
    slots.window?.(arr.opBox);
    k.areaSink.record = false;
    const sink = realSink ? k.areaSink : NO_SINK;
    if (clear) k.runBoxClear(nGroups, nPatchEdges, sink);
    else k.classifier.walk(arr, nGroups, sink);
    u = now(); ms[6] += u - t; t = u;
    covered[p] = n > 0 && realSink ? kernel.groupArea(0) : 0;
    for (let i = 0; i < c.length; i++) if (classOf[c[i]] >= 0) localOf[classOf[c[i]]] = -1;
    edges += arr.nEdge;
    active += arr.nActive;
    patchEdges += nPatchEdges;
    events += arr.nEv;
    if (clear) boxClear++;
  }
  return { ms, covered, edges, active, patchEdges, events, boxClear };
}
// The replay must be the kernel's work, not an approximation of it.
const check = replay(true);
const reference = job();
for (let p = 0; p < nP; p++) {
  if (check.covered[p] !== reference.patches[p].coveredM2) {
    console.error(`replay differs from tabulate at patch ${p}: ${check.covered[p]} vs ${reference.patches[p].coveredM2} — src/overlay/kernel.ts run() changed; update the replay in bench/profile.ts`);
    process.exit(1);
  }
}
/**
 * Counts, in one more replay after everything timed (the counters are wrappers around the kernel's objects): boundary
 * pieces handed to the measure and, for the ellipsoidal measure, the exact area-scale values the local polynomial
 * tabulates (src/area/local-area.ts: 19 × 19 a 16 km tile, on first use) and, for larger patches, the inverse
 * projections of the strip rule: of piece ends (through the memo), of interior points of the 70 m densification
 * (never memoised), and how many were computed.
 */
function countPass(): { pieces: number; inverses: number; computed: number; interior: number; scale: number } {
  const kernel = new OverlayKernel();
  const k = kernel as unknown as KernelSteps & { areaSink: { slots: { acc?: { tm?: Record<string, (...a: unknown[]) => void> } } | null } };
  const counts = { pieces: 0, inverses: 0, computed: 0, interior: 0, scale: 0 };
  const counting: FragmentSink = {
    fragment: (xy, pL, pR, cntL, cntR) => {
      counts.pieces++;
      k.areaSink.fragment(xy, pL, pR, cntL, cntR);
    },
  };
  const localOf = new Int32Array(names.length).fill(-1);
  let wrapped = false;
  for (let p = 0; p < nP; p++) {
    if (Number.isNaN(pb[4 * p])) continue;
    kernel.setPatch(patches, p, prepP.fact(p));
    const c = index.search(pb[4 * p], pb[4 * p + 1], pb[4 * p + 2], pb[4 * p + 3]);
    let n = 0;
    for (const f of c) {
      const cl = classOf[f];
      if (cl < 0) continue;
      kernel.addCandidate(layer, f, prepL.fact(f));
      kernel.addGroup(0);
      let local = localOf[cl];
      if (local < 0) local = localOf[cl] = n++;
      kernel.addGroup(1 + local);
    }
    for (const f of c) if (classOf[f] >= 0) localOf[classOf[f]] = -1;
    // run() with a sink of its own does not reset the area sink
    k.areaSink.begin(measure, 1 + n).window?.(k.arr.opBox);
    if (!wrapped) {
      const tm = k.areaSink.slots?.acc?.tm;
      if (tm !== undefined) {
        const memo = tm.inverseForAreaMemo.bind(tm);
        const core = tm.inverseCore.bind(tm);
        const direct = tm.inverseForArea.bind(tm);
        tm.inverseForArea = (...a: unknown[]) => {
          counts.interior++;
          direct(...a);
        };
        tm.inverseForAreaMemo = (...a: unknown[]) => {
          counts.inverses++;
          memo(...a);
        };
        tm.inverseCore = (...a: unknown[]) => {
          counts.computed++;
          core(...a);
        };
        const scale = tm.areaScale.bind(tm);
        tm.areaScale = (...a: unknown[]) => {
          counts.scale++;
          return scale(...a);
        };
      }
      wrapped = true;
    }
    kernel.run(measure, 1 + n, counting);
  }
  return counts;
}
// Per phase the minimum over passes; passes with and without the area sink alternate, so that the difference
// (the measure's cost) is not a difference between two moments of a busy machine.
const withSink = new Float64Array(PHASES.length).fill(Infinity);
const noSink = new Float64Array(PHASES.length).fill(Infinity);
for (let r = 0; r < 2 * RUNS; r++) {
  for (const [best, real] of [[withSink, true], [noSink, false]] as const) {
    const { ms } = replay(real);
    for (let i = 0; i < ms.length; i++) best[i] = Math.min(best[i], ms[i]);
  }
}
// Clock cost: the replay reads it 8 times per patch.
const clockNs = (minOf(RUNS, () => timed(() => {
  let s = 0;
  for (let i = 0; i < 100_000; i++) s += performance.now();
  if (s === 1) console.log('');
})) * 1e6) / 100_000;

// ---- 3. sampling CPU profile ----
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const profiledMs = timed(() => {
  for (let r = 0; r < RUNS; r++) job();
});
const { profile } = await session.post('Profiler.stop');
session.disconnect();
const profDir = join(root, 'bench/data/profile');
mkdirSync(profDir, { recursive: true });
const profPath = join(profDir, `tabulate-${layerName}-${measureName}.cpuprofile`);
writeFileSync(profPath, JSON.stringify(profile));

/**
 * Phase of a sample. V8 reports code it inlined under the function it was inlined into, but with the inlined
 * function's own line numbers; in the bundle those lines say which function the code is. So each sample line is
 * mapped to its enclosing function in the bundle (G), and G decides when it is one of the markers below;
 * otherwise the innermost marker on the reported stack does (Flatbush.search under gatherActive is gather,
 * PlanarAccumulator.addEdge under AreaSink.fragment is measure). Helpers reached from run() with no marker in
 * between were inlined through one run() calls directly: noding helpers → phase 1 (nodePatch; nodeRest is
 * reported as its own frame), point-location helpers → relevance (markRelevance), edge appends → gather.
 */
const MARKERS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  fragment: 'measure',
  load: 'measure',
  edgeTerms: 'measure',
  walk: 'walk',
  pieces: 'walk',
  toggle: 'walk',
  nodeRest: 'phase 2',
  gatherAux: 'aux',
  gatherAuxiliary: 'aux',
  auxEdge: 'aux',
  ringOf: 'aux',
  markRelevance: 'relevance',
  nodePatch: 'phase 1',
  nodePatchBrute: 'phase 1',
  nodePatchGrid: 'phase 1',
  boxes: 'phase 1',
  bin: 'phase 1',
  classify: 'phase 1',
  gatherActive: 'gather',
  emitRuns: 'gather',
  emitChain: 'gather',
  edgeMissesBox: 'gather',
  gather: 'gather',
  setPatch: 'gather',
  addCandidate: 'gather',
  addOperand: 'gather',
  setOperandBox: 'gather',
  addGroup: 'gather',
  reset: 'gather',
  fact: 'gather',
  get: 'gather',
  run: 'run (calls between phases)',
  'LayerIndex.search': 'search',
  forEachPatch: 'forEachPatch loop',
  tabulate: 'assembly',
  toMu: 'assembly',
  decimalOf: 'assembly',
  idOf: 'assembly',
  '(garbage collector)': 'GC',
});
const IN_RUN: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  nodePair: 'phase 1',
  collinearPair: 'phase 1',
  eventAt: 'phase 1',
  newEvent: 'phase 1',
  rayTo: 'phase 1',
  orient: 'phase 1',
  orientValue: 'phase 1',
  orient2d: 'phase 1',
  pip: 'relevance',
  pointInFeatureSides: 'relevance',
  sidesOfEdgeStart: 'relevance',
  rayCrossBits: 'relevance',
  cornerSidesPts: 'relevance',
  cornerTurn: 'relevance',
  cornerRay: 'relevance',
  orientPts: 'phase 1',
  sideOf: 'phase 1',
  perturbedOrient: 'relevance',
  addEdge: 'gather',
  growF64: 'gather',
  growI32: 'gather',
  growU8: 'gather',
});
/** [first line, last line, name] of every function and method in the bundle (1-based, esbuild's layout). */
function functionSpans(source: string): [number, number, string][] {
  const lines = source.split('\n');
  const spans: [number, number, string][] = [];
  const head = /^(\s*)(?:export\s+)?(?:async\s+)?function\*?\s+([\w$]+)\s*\(|^(\s+)(?:static\s+|async\s+|get\s+|set\s+)*([A-Za-z_$][\w$]*)\s*\(/;
  for (let i = 0; i < lines.length; i++) {
    const m = head.exec(lines[i]);
    if (m === null) continue;
    const indent = m[1] ?? m[3];
    const name = m[2] ?? m[4];
    if (['if', 'for', 'while', 'switch', 'catch', 'return', 'super'].includes(name)) continue;
    if (/=>\s*\{$/.test(lines[i].trimEnd())) continue; // a call taking an arrow function, not a definition
    // A definition opens a block on its line, or on the line closing a multi-line parameter list.
    let open = i;
    if (!lines[i].trimEnd().endsWith('{')) {
      open = lines.findIndex((l, k) => k > i && l.startsWith(`${indent})`));
      if (open < 0 || !lines[open].trimEnd().endsWith('{')) continue;
    }
    const close = lines.findIndex((l, k) => k > open && l === `${indent}}`);
    if (close < 0) continue;
    // Two functions are called search: the layer's (candidate search) and Flatbush's (also the segment index).
    const qualified = name === 'search' ? (lines.slice(i, close).some((l) => l.includes('featureOf')) ? 'LayerIndex.search' : 'Flatbush.search') : name;
    spans.push([i + 1, close + 1, qualified]);
  }
  return spans;
}
type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
};
const bundleUrl = pathToFileURL(here).href;
const spans = functionSpans(readFileSync(here, 'utf8'));
const enclosing = (line: number): string | undefined => {
  let best: [number, number, string] | undefined;
  for (const sp of spans) if (sp[0] <= line && line <= sp[1] && (best === undefined || sp[0] >= best[0])) best = sp;
  return best?.[2];
};
const spanAt = new Map(spans.map((sp) => [sp[0], sp[2]]));
/** A reported frame's function, qualified as in the spans (the frame's line is its function's first line). */
const frameName = (n: ProfileNode): string =>
  n.callFrame.url === bundleUrl ? (spanAt.get(n.callFrame.lineNumber + 1) ?? n.callFrame.functionName) : n.callFrame.functionName;
const nodes = new Map<number, ProfileNode>((profile.nodes as ProfileNode[]).map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);
const hitsOf = new Map<number, number>();
for (const s of profile.samples ?? []) hitsOf.set(s, (hitsOf.get(s) ?? 0) + 1);
function stackPhase(id: number, inner: string): string {
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const name = frameName(nodes.get(cur)!);
    const up = parent.get(cur);
    if (name === '' && up !== undefined && nodes.get(up)!.callFrame.functionName === 'forEachPatch') return 'assembly'; // tabulate's visitor
    const m = MARKERS[name];
    if (m !== undefined) return m.startsWith('run') && IN_RUN[inner] !== undefined ? IN_RUN[inner] : m;
  }
  return 'other';
}
const phaseHits = new Map<string, number>();
const fnHits = new Map<string, number>();
let totalHits = 0;
const addHits = (m: Map<string, number>, k: string, h: number) => m.set(k, (m.get(k) ?? 0) + h);
for (const [id, hits] of hitsOf) {
  const n = nodes.get(id)!;
  const { url } = n.callFrame;
  const functionName = frameName(n);
  if (functionName === '(idle)' || functionName === '(program)') continue;
  totalHits += hits;
  // Spread the node's samples over its lines (positionTicks) when it is bundle code.
  const ticks = url === bundleUrl && n.positionTicks !== undefined && n.positionTicks.length > 0 ? n.positionTicks : [{ line: -1, ticks: hits }];
  const tickSum = ticks.reduce((a, t) => a + t.ticks, 0);
  for (const t of ticks) {
    const h = (hits * t.ticks) / tickSum;
    const g = t.line > 0 ? (enclosing(t.line) ?? functionName) : functionName || '(anonymous)';
    const phase = MARKERS[g] !== undefined && g !== 'run' ? MARKERS[g] : stackPhase(id, g);
    addHits(phaseHits, phase, h);
    addHits(fnHits, `${g}${g !== functionName && functionName !== '' ? ` (inlined in ${functionName})` : ''}`, h);
  }
}

// ---- floor: read every vertex once, one orientation test per edge ----
let floorSink = 0;
/** Read only: every coordinate of the patch and its candidates summed, the memory traffic alone. */
function readPass(): void {
  let s = 0;
  for (let p = 0; p < nP; p++) {
    s += coordSum(patches, p);
    const fc = cands[p];
    for (let i = 0; i < fc.length; i++) s += coordSum(layer, fc[i]);
  }
  floorSink += s;
}
function coordSum(l: Layer, f: number): number {
  const c = l.coords;
  let s = 0;
  for (let k = 2 * l.ringOffsets[l.polygonOffsets[l.featureOffsets[f]]]; k < 2 * l.ringOffsets[l.polygonOffsets[l.featureOffsets[f + 1]]]; k++) s += c[k];
  return s;
}
/** The floor pass; with reps > 1 each patch's vertices are gone over again while in cache. */
function floorPass(reps = 1): void {
  let s = 0;
  for (let p = 0; p < nP; p++) {
    const fc = cands[p];
    if (fc.length === 0 && Number.isNaN(pb[4 * p])) continue;
    const pc = patches.coords;
    const v0 = patches.ringOffsets[patches.polygonOffsets[patches.featureOffsets[p]]];
    const qx = pc[2 * v0], qy = pc[2 * v0 + 1];
    for (let r = 0; r < reps; r++) {
      s += ringsPass(patches, p, qx, qy);
      for (let i = 0; i < fc.length; i++) s += ringsPass(layer, fc[i], qx, qy);
    }
  }
  floorSink += s;
}
function ringsPass(l: Layer, f: number, qx: number, qy: number): number {
  const c = l.coords, ro = l.ringOffsets;
  let s = 0;
  for (let r = l.polygonOffsets[l.featureOffsets[f]]; r < l.polygonOffsets[l.featureOffsets[f + 1]]; r++) {
    const v0 = ro[r], v1 = ro[r + 1];
    let ax = c[2 * v1 - 2], ay = c[2 * v1 - 1];
    for (let v = v0; v < v1; v++) {
      const bx = c[2 * v], by = c[2 * v + 1];
      s += orient(ax, ay, bx, by, qx, qy);
      ax = bx;
      ay = by;
    }
  }
  return s;
}
const REPS = 11;
for (let i = 0; i < 3; i++) {
  readPass();
  floorPass();
  floorPass(REPS);
}
let readMs = Infinity;
let floorMs = Infinity;
let repsMs = Infinity;
for (let r = 0; r < 2 * RUNS; r++) {
  readMs = Math.min(readMs, timed(readPass));
  floorMs = Math.min(floorMs, timed(() => floorPass()));
  repsMs = Math.min(repsMs, timed(() => floorPass(REPS)));
}
const inCacheNs = ((repsMs - floorMs) * 1e6) / ((REPS - 1) * (patchVerts + candVerts));
const touched = patchVerts + candVerts;
const floorNsPerVertex = (floorMs * 1e6) / touched;

// Last, because its wrappers stay on the TransverseMercator instance, which is shared (cached per ellipsoid).
const counted = countPass();

// ---- report ----
const us = (ms: number) => (ms * 1000) / nP;
const f1 = (x: number) => x.toFixed(1);
const pct = (x: number, t: number) => `${((100 * x) / t).toFixed(1)} %`;
const phaseSum = withSink.reduce((a, b) => a + b, 0);
console.log(`\n${layerName} (${classBy ?? 'one class'}), ${measureName}: ${nP} patches, ${nPairs} candidate pairs, ${names.length} classes`);
console.log(
  `per patch: ${f1(nPairs / nP)} candidates, ${f1(patchVerts / nP)} patch vertices, ${f1(candVerts / nP)} candidate vertices; ` +
    `arrangement ${f1(check.edges / nP)} edges (${f1(check.patchEdges / nP)} patch, ${f1((check.active - check.patchEdges) / nP)} active candidate, ` +
    `${f1((check.edges - check.active) / nP)} auxiliary), ${f1(check.events / nP)} events; ${check.boxClear} patches box-clear (no noding)`,
);
console.log(
  `${f1(counted.pieces / nP)} boundary pieces measured per patch` +
    (counted.scale > 0 ? `; ${f1(counted.scale / nP)} exact area-scale values tabulated per patch` : '') +
    (counted.inverses > 0
      ? `; strip rule (large patches), inverse projections per patch: ${f1(counted.inverses / nP)} piece ends through the memo (hits ${f1((100 * (counted.inverses - (counted.computed - counted.scale - counted.interior))) / counted.inverses)} %), ` +
        `${f1(counted.interior / nP)} interior points of the 70 m densification; ${f1((counted.computed - counted.scale) / nP)} computed in all`
      : ''),
);
console.log(
  `\nwhole job: cold ${f1(first)} ms; warm ${f1(jobMs)} ms (min of ${2 * RUNS}) = ${f1(us(jobMs))} µs/patch, ${f1((jobMs * 1000) / nPairs)} µs/pair, ` +
    `${f1((jobMs * 1e6) / check.edges)} ns per arrangement edge, ${f1((jobMs * 1e6) / touched)} ns per vertex read`,
);
console.log(`forEachPatch with an empty visitor: ${f1(visitMs)} ms → result assembly ${f1(jobMs - visitMs)} ms (${f1(us(jobMs - visitMs))} µs/patch)`);
console.log(`\nphase timers (replay; min of ${2 * RUNS} passes per phase; clock read ${f1(clockNs)} ns × 8 per patch = ${f1((8 * clockNs) / 1000)} µs/patch included):`);
console.log('| phase | ms | µs/patch | share of the replay |');
console.log('|---|---:|---:|---:|');
PHASES.forEach((ph, i) => {
  if (ph === 'walk') {
    const walkOnly = noSink[i];
    const meas = withSink[i] - noSink[i];
    console.log(`| classification walk | ${f1(walkOnly)} | ${f1(us(walkOnly))} | ${pct(walkOnly, phaseSum)} |`);
    console.log(`| measure (${measureName}) | ${f1(meas)} | ${f1(us(meas))} | ${pct(meas, phaseSum)} |`);
  } else console.log(`| ${ph} | ${f1(withSink[i])} | ${f1(us(withSink[i]))} | ${pct(withSink[i], phaseSum)} |`);
});
console.log(`| replay total | ${f1(phaseSum)} | ${f1(us(phaseSum))} | |`);

console.log(`\nCPU profile: ${RUNS} warm runs, ${f1(profiledMs)} ms, ${totalHits} samples (100 µs); self time by phase (share × warm job time):`);
console.log('| phase | samples | share | µs/patch |');
console.log('|---|---:|---:|---:|');
for (const [ph, h] of [...phaseHits].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${ph} | ${h.toFixed(0)} | ${pct(h, totalHits)} | ${f1((us(jobMs) * h) / totalHits)} |`);
}
console.log('\nhottest functions (self samples; code V8 inlined is counted for the function it comes from):');
for (const [fn, h] of [...fnHits].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(h, totalHits).padStart(7)}  ${fn}`);
console.log(`\nprofile written to ${profPath}`);

console.log(`\nread only (sum of the same coordinates): ${f1(readMs)} ms = ${((readMs * 1e6) / touched).toFixed(2)} ns/vertex, ${f1(us(readMs))} µs/patch`);
console.log(
  `floor: read every vertex of each patch and of its candidates once, one orient2d per edge: ${touched} vertices ` +
    `(${f1(touched / nP)} per patch) in ${f1(floorMs)} ms = ${floorNsPerVertex.toFixed(2)} ns/vertex, ${f1(us(floorMs))} µs/patch`,
);
console.log(`of which compute: the same pass again over data in cache costs ${inCacheNs.toFixed(2)} ns/vertex (the rest is memory)`);
console.log(
  `kernel ÷ floor: ${f1(jobMs / floorMs)}× (whole job); per arrangement edge the kernel spends ${f1((jobMs * 1e6) / check.edges)} ns, ` +
    `${f1((jobMs * 1e6) / check.edges / inCacheNs)} in-cache orientation tests' worth`,
);
if (floorSink === 0.5) console.log('');
