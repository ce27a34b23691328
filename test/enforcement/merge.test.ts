/**
 * 重合图斑 task lists (src/enforcement/merge.ts). Expected values come from hand computation (rectangles:
 * overlap = product of the interval overlaps, union = counted unit cells), from the sample county's generator
 * (fixtures/county/patches.ts: which patches were built as copies of which, and that no others overlap, listed
 * in fixtures/sample/manifest.json) and from jsts (JTS overlay) for the areas of the county's irregular patches —
 * never from this module's own output.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import { describe, expect, it } from 'vitest';
import { type MergeTask, type MonthReport, type PatchSetInput, TaskList, mergePatchSets } from '../../src/enforcement/merge.js';
import { CrsError, InputError } from '../../src/errors.js';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { layerOf, rect } from '../overlay/helpers.js';

type Box = [number, number, number, number];

/** A CRS-less layer of axis-aligned rectangles with ids `${name}-${i}` in field JCBH. */
function rects(name: string, boxes: readonly (Box | null)[]): Layer {
  return layerOf(
    boxes.map((b, i) => ({ polys: b === null ? [] : [[rect(b[0], b[1], b[2], b[3])]], props: { JCBH: `${name}-${i}` } })),
    name,
  );
}

const set = (name: string, boxes: readonly (Box | null)[]): PatchSetInput => ({ name, layer: rects(name, boxes), idField: 'JCBH' });

/** Task partition as sorted "set/featureIndex" keys, order-free. */
function partition(tasks: readonly MergeTask[]): string[] {
  return tasks.map((t) => t.members.map((m) => `${m.set}/${m.featureIndex}`).join(' ')).sort();
}

describe('hand-built squares', () => {
  const A: Box = [0, 0, 10, 10];

  it('overlap of 60 % of the smaller: one task listing both ids, area of the union', () => {
    // A ∩ B = [4,10]×[0,10] = 60 m²; union = 100 + 100 − 60 = 140 m².
    const list = mergePatchSets([set('annual', [A]), set('legacy', [[4, 0, 14, 10]])]);
    expect(list.measure).toBe('planar');
    const [t] = list.tasks;
    expect(list.tasks).toHaveLength(1);
    expect(t.members.map((m) => m.id)).toEqual(['annual-0', 'legacy-0']);
    expect(t.representative).toMatchObject({ set: 'annual', featureIndex: 0, id: 'annual-0', areaM2: 100 });
    expect(t.sets).toEqual(['annual', 'legacy']);
    expect(t.areaM2).toBeCloseTo(140, 9);
    expect(t.areaMu).toBeCloseTo(0.21, 12);
    const r = list.report();
    expect(r.tasks).toBe(1);
    expect(r.removed).toBe(1);
    expect(r.overlaps).toHaveLength(1);
    expect(r.overlaps[0].overlapM2).toBeCloseTo(60, 9);
    expect(r.overlaps[0].share).toBeCloseTo(0.6, 12);
    expect(r.partialOverlaps).toEqual([]);
    expect(r.sets).toEqual([
      { name: 'annual', patches: 1, tasks: 1, mergedIntoOtherSet: 0, mergedWithinSet: 0, empty: 0 },
      { name: 'legacy', patches: 1, tasks: 0, mergedIntoOtherSet: 1, mergedWithinSet: 0, empty: 0 },
    ]);
  });

  it('overlap of 40 %: two tasks, and the overlap reported as partial', () => {
    const list = mergePatchSets([set('annual', [A]), set('legacy', [[6, 0, 16, 10]])]);
    expect(partition(list.tasks)).toEqual(['annual/0', 'legacy/0']);
    const r = list.report();
    expect(r.tasks).toBe(2);
    expect(r.removed).toBe(0);
    expect(r.overlaps).toEqual([]);
    expect(r.partialOverlaps).toHaveLength(1);
    expect(r.partialOverlaps[0].a.id).toBe('annual-0');
    expect(r.partialOverlaps[0].b.id).toBe('legacy-0');
    expect(r.partialOverlaps[0].overlapM2).toBeCloseTo(40, 9);
    expect(r.partialOverlaps[0].share).toBeCloseTo(0.4, 12);
    expect(r.partialOverlapsAcrossTasks).toBe(1);
    // Each task keeps its own area: the 40 m² are in both.
    expect(list.tasks.map((t) => t.areaM2)).toEqual([100, 100]);
  });

  it('a share of exactly the threshold merges (≥), and the threshold is configurable', () => {
    const sets = [set('a', [A]), set('b', [[5, 0, 15, 10]])]; // 50 m² of 100
    expect(mergePatchSets(sets).taskCount).toBe(1);
    expect(mergePatchSets(sets, { overlapShare: 0.51 }).taskCount).toBe(2);
    expect(mergePatchSets(sets, { overlapShare: 0.3 }).taskCount).toBe(1);
  });

  it('a chain A–B–C where A and C do not overlap is one task; the union is the whole strip', () => {
    // B = [3,17]×[0,10] (140 m²): A ∩ B = 70 = 0.7 of A; B ∩ C = 70 = 0.7 of C; A and C touch at x = 10.
    const boxes: Box[] = [A, [3, 0, 17, 10], [10, 0, 20, 10]];
    for (const sets of [
      [set('s1', [boxes[0]]), set('s2', [boxes[1]]), set('s3', [boxes[2]])],
      [set('one', boxes)],
    ]) {
      const list = mergePatchSets(sets);
      expect(list.tasks).toHaveLength(1);
      expect(list.tasks[0].members).toHaveLength(3);
      expect(list.tasks[0].areaM2).toBeCloseTo(200, 9); // [0,20]×[0,10]
      const r = list.report();
      expect(r.overlaps).toHaveLength(2); // A–C touch only: zero area, not an overlap
      expect(r.partialOverlaps).toEqual([]);
    }
    const within = mergePatchSets([set('one', boxes)]).report().sets[0];
    expect(within).toEqual({ name: 'one', patches: 3, tasks: 1, mergedIntoOtherSet: 0, mergedWithinSet: 2, empty: 0 });
  });

  it('identical duplicates and a patch inside a bigger one have share 1, even with a threshold of 1', () => {
    for (const overlapShare of [0.5, 1]) {
      const list = mergePatchSets([set('a', [A, [20, 20, 30, 30]]), set('b', [A, [22, 22, 24, 24]])], { overlapShare });
      expect(partition(list.tasks)).toEqual(['a/0 b/0', 'a/1 b/1']);
      const r = list.report();
      expect(r.overlaps.map((o) => o.share)).toEqual([1, 1]);
      expect(r.overlaps.map((o) => o.overlapM2)).toEqual([100, 4]);
      expect(list.tasks.map((t) => t.areaM2)).toEqual([100, 100]);
    }
  });

  it('a patch without geometry is a task of its own, noted', () => {
    const list = mergePatchSets([set('a', [A, null]), set('b', [[1, 1, 9, 9]])]);
    expect(list.taskCount).toBe(2);
    const r = list.report();
    expect(r.sets[0]).toMatchObject({ patches: 2, tasks: 2, empty: 1 });
    expect(r.notes.join('\n')).toMatch(/set "a": 1 patch\(es\) without geometry.*a-1/);
    expect(list.findTask('a', 1)?.areaM2).toBe(0);
  });

  it('notes ids used twice and patches without id', () => {
    const layer = layerOf([
      { polys: [[rect(0, 0, 1, 1)]], props: { JCBH: 'x' } },
      { polys: [[rect(5, 5, 6, 6)]], props: { JCBH: 'x' } },
      { polys: [[rect(9, 9, 10, 10)]], props: { JCBH: null } },
    ]);
    const notes = mergePatchSets([{ name: 's', layer, idField: 'JCBH' }]).report().notes.join('\n');
    expect(notes).toContain('JCBH "x" is used by 2 patches (feature indexes 0, 1)');
    // layerOf gives GeoJSON ids 0,1,2, so feature 2 falls back to its GeoJSON id: not "without id".
    expect(notes).not.toContain('without a JCBH');
  });

  it('refuses bad options and inputs with messages that say what was found', () => {
    const s = set('a', [A]);
    for (const overlapShare of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => mergePatchSets([s], { overlapShare })).toThrow(InputError);
    }
    expect(() => mergePatchSets([s], { overlapShare: 0 })).toThrow(/overlapShare must be a number in \(0, 1\].*found 0/);
    expect(() => mergePatchSets([s, set('a', [A])])).toThrow(/already in the task list/);
    expect(() => mergePatchSets([{ ...s, idField: 'BH' }])).toThrow(/no patch has the id field "BH"; fields found: JCBH/);
    // Ellipsoidal area needs a CRS.
    expect(() => mergePatchSets([s], { measure: 'ellipsoidal' })).toThrow(CrsError);
    const list = mergePatchSets([s]);
    expect(() => list.addMonth('a', rects('a', [A]), 'JCBH')).toThrow(/already in the task list/);
    // A refused month leaves the list as it was.
    expect(list.setNames).toEqual(['a']);
  });

  it('refuses sets in different coordinate systems', () => {
    const gk = (epsg: number, x0: number): Layer =>
      fromGeoJSON({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } },
        features: [{ type: 'Feature', properties: { JCBH: '1' }, geometry: { type: 'Polygon', coordinates: [[[x0, 3_940_000], [x0 + 50, 3_940_000], [x0 + 50, 3_940_050], [x0, 3_940_000]]] } }],
      }).layer;
    expect(() => mergePatchSets([{ name: 'a', layer: gk(4527, 39_590_000), idField: 'JCBH' }, { name: 'b', layer: gk(4528, 40_590_000), idField: 'JCBH' }])).toThrow(
      /set "b" \(layer "layer"\) is in .*zone 40.*, the task list in .*zone 39.*; reproject it first/,
    );
  });
});

describe('month by month', () => {
  it('a new patch bridging two tasks joins them; the earlier number stays, the other retires', () => {
    const list = mergePatchSets([set('annual', [[0, 0, 10, 10], [10, 0, 20, 10], [40, 40, 50, 50]])]);
    expect(list.tasks.map((t) => t.no)).toEqual([1, 2, 3]);
    const m = list.addMonth('2026-03', rects('2026-03', [[3, 0, 17, 10], [100, 100, 110, 110]]), 'JCBH');
    expect(m.bridges).toEqual([{ by: { set: '2026-03', featureIndex: 0, id: '2026-03-0' }, kept: 1, absorbed: [2] }]);
    expect(m.retiredTasks).toEqual([2]);
    expect(m.newTasks).toEqual([4]);
    expect(m.joinedExisting).toEqual([{ patch: { set: '2026-03', featureIndex: 0, id: '2026-03-0' }, task: 1 }]);
    expect(m.tasksBefore).toBe(3);
    expect(m.tasksAfter).toBe(3);
    // One overlap run per new patch; the bridge re-measures the union: annual/1 against annual/0 (their boxes
    // touch), then the bridging patch against both.
    expect(m).toMatchObject({ overlapRuns: 2, unionRuns: 2, kernelRuns: 4 });
    expect(list.tasks.map((t) => [t.no, t.areaM2])).toEqual([
      [1, 200],
      [3, 100],
      [4, 100],
    ]);
    expect(list.findTask('annual', 1)?.no).toBe(1);
  });

  it('a patch joining one task updates its area without re-measuring earlier patches', () => {
    const list = mergePatchSets([set('annual', [[0, 0, 10, 10], [30, 0, 40, 10]])]);
    const before = list.stats;
    const m = list.addMonth('m1', rects('m1', [[2, 0, 12, 10], [31, 1, 39, 9], [60, 60, 61, 61]]), 'JCBH');
    expect(m).toMatchObject({ overlapRuns: 3, unionRuns: 0, kernelRuns: 3 });
    expect(list.stats.overlapRuns - before.overlapRuns).toBe(3);
    expect(list.tasks.map((t) => t.areaM2)).toEqual([120, 100, 1]);
    expect(m.joinedExisting.map((j) => j.task)).toEqual([1, 2]);
    expect(m.newTasks).toEqual([3]);
  });

  it('patches of one month overlapping each other merge among themselves', () => {
    const list = mergePatchSets([set('annual', [[0, 0, 10, 10]])]);
    const m = list.addMonth('m', rects('m', [[50, 0, 60, 10], [52, 0, 62, 10]]), 'JCBH');
    expect(m.newTasks).toEqual([2]);
    expect(m.joinedExisting).toEqual([]);
    expect(list.tasks[1].areaM2).toBe(120);
    expect(list.report().sets[1]).toMatchObject({ patches: 2, tasks: 1, mergedWithinSet: 1 });
  });
});

// ---- incremental == batch == an independent rectangle computation ----

interface Case {
  sets: Box[][];
  share: number;
  /** Save and reload the list before adding this month (index into the months), or −1. */
  reloadAt: number;
}

/** Independent oracle: exact rectangle overlaps, union–find, union areas by counting unit cells. */
function oracle(sets: Box[][], share: number, upTo = sets.length) {
  const keys: string[] = [];
  const boxes: Box[] = [];
  sets.slice(0, upTo).forEach((s, si) => s.forEach((b, f) => (keys.push(`s${si}/${f}`), boxes.push(b))));
  const n = boxes.length;
  const parent = keys.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  const area = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);
  const dup: string[] = [];
  const partial: string[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) {
      const [a, b] = [boxes[i], boxes[j]];
      const ov = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
      if (ov === 0) continue;
      const s = ov / Math.min(area(a), area(b));
      const label = `${keys[i]}~${keys[j]}:${ov}`;
      if (s >= share) {
        dup.push(label);
        parent[find(j)] = find(i);
      } else partial.push(label);
    }
  }
  const comps = new Map<number, number[]>();
  for (let i = 0; i < n; i++) comps.set(find(i), [...(comps.get(find(i)) ?? []), i]);
  const tasks = [...comps.values()].map((m) => {
    const cells = new Set<number>();
    for (const i of m) {
      const b = boxes[i];
      for (let x = b[0]; x < b[2]; x++) for (let y = b[1]; y < b[3]; y++) cells.add(x * 1000 + y);
    }
    return { key: m.map((i) => keys[i]).join(' '), area: cells.size };
  });
  tasks.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { tasks, dup: dup.sort(), partial: partial.sort() };
}

function observed(list: TaskList) {
  const tasks = list.tasks.map((t) => ({ key: t.members.map((m) => `${m.set}/${m.featureIndex}`).join(' '), area: t.areaM2 }));
  tasks.sort((a, b) => (a.key < b.key ? -1 : 1));
  const r = list.report();
  const lab = (o: (typeof r.overlaps)[number]) => `${o.a.set}/${o.a.featureIndex}~${o.b.set}/${o.b.featureIndex}:${o.overlapM2}`;
  return { tasks, dup: r.overlaps.map(lab).sort(), partial: r.partialOverlaps.map(lab).sort() };
}

const boxArb = fc
  .tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }))
  .map(([x, y, w, h]): Box => [x, y, x + w, y + h]);
const caseArb: fc.Arbitrary<Case> = fc.record({
  sets: fc.array(fc.array(boxArb, { maxLength: 7 }), { minLength: 1, maxLength: 4 }),
  share: fc.constantFrom(0.5, 0.3, 0.8, 1),
  reloadAt: fc.integer({ min: -1, max: 3 }),
});

describe('incremental == batch == independent rectangles (fast-check)', () => {
  it('same partition, union areas and overlaps; each month measures only its own patches', () => {
    let bridges = 0;
    fc.assert(
      fc.property(caseArb, ({ sets, share, reloadAt }) => {
        const inputs = sets.map((b, i) => set(`s${i}`, b));
        const expected = oracle(sets, share);
        // Batch.
        const batch = mergePatchSets(inputs, { overlapShare: share });
        expect(observed(batch)).toEqual(expected);
        expect(batch.stats.overlapRuns).toBe(inputs.reduce((n, s) => n + s.layer.featureCount, 0));
        const rb = batch.report();
        expect(rb.tasks).toBe(expected.tasks.length);
        // Per set: tasks represented = components whose first member (global order) is in the set.
        const reps = expected.tasks.map((t) => t.key.split(' ')[0].split('/')[0]);
        expect(rb.sets.map((s) => s.tasks)).toEqual(sets.map((_, i) => reps.filter((r) => r === `s${i}`).length));
        // Month by month: the first set as a batch, then one month per set; optionally saved and reloaded.
        let list = mergePatchSets(inputs.slice(0, 1), { overlapShare: share });
        for (let k = 1; k < inputs.length; k++) {
          if (k === reloadAt) {
            const text = JSON.stringify(list.toJSON());
            const layers = Object.fromEntries(inputs.slice(0, k).map((s) => [s.name, s.layer]));
            list = TaskList.fromJSON(JSON.parse(text), layers);
          }
          const before = new Map(list.tasks.map((t) => [t.no, t]));
          const runs0 = list.stats;
          const m: MonthReport = list.addMonth(inputs[k].name, inputs[k].layer, 'JCBH');
          // Kernel work: one run per new patch, plus union runs only when a bridge happened.
          expect(m.overlapRuns).toBe(sets[k].length);
          expect(list.stats.overlapRuns - runs0.overlapRuns).toBe(sets[k].length);
          if (m.bridges.length === 0) expect(m.unionRuns).toBe(0);
          bridges += m.bridges.length;
          expect(m.tasksAfter).toBe(oracle(sets, share, k + 1).tasks.length);
          // Tasks the month did not touch keep their stored area bit for bit (nothing was re-measured).
          for (const t of list.tasks) {
            const old = before.get(t.no);
            if (old !== undefined && old.members.length === t.members.length) expect(t.areaM2).toBe(old.areaM2);
          }
          expect(m.retiredTasks.every((no) => before.has(no) && !list.tasks.some((t) => t.no === no))).toBe(true);
        }
        expect(observed(list)).toEqual(expected);
        // Built from nothing, month by month.
        const fresh = new TaskList({ overlapShare: share });
        for (const s of inputs) fresh.addMonth(s.name, s.layer, s.idField);
        expect(observed(fresh)).toEqual(expected);
      }),
      { seed: 20260305, numRuns: 300 },
    );
    // The generator must exercise bridges for the property to mean something.
    expect(bridges).toBeGreaterThan(20);
  });
});

// ---- serialization ----

describe('toJSON / fromJSON', () => {
  const a = set('annual', [[0, 0, 10, 10], [20, 0, 30, 10]]);
  const b = set('legacy', [[1, 0, 11, 10], null]);

  it('round-trips and continues exactly as the list in memory would', () => {
    const list = mergePatchSets([a, b]);
    const json = JSON.parse(JSON.stringify(list.toJSON()));
    expect(json).toMatchObject({ format: 'tuban-task-list', version: 1, overlapShare: 0.5, measure: 'planar' });
    const loaded = TaskList.fromJSON(json, { annual: a.layer, legacy: b.layer });
    expect(loaded.tasks).toEqual(list.tasks);
    expect(loaded.report()).toEqual(list.report());
    expect(loaded.stats).toEqual(list.stats);
    const month = rects('m', [[25, 0, 35, 10], [9, 0, 21, 10]]);
    expect(loaded.addMonth('m', month, 'JCBH')).toEqual(list.addMonth('m', month, 'JCBH'));
    expect(loaded.tasks).toEqual(list.tasks);
  });

  it('refuses a layer that is not the one the list was built from, naming the difference', () => {
    const json = JSON.parse(JSON.stringify(mergePatchSets([a, b]).toJSON()));
    expect(() => TaskList.fromJSON(json, { annual: a.layer })).toThrow(/no layer given for set "legacy" \(layers given: "annual"\)/);
    expect(() => TaskList.fromJSON(json, { annual: rects('annual', [[0, 0, 10, 10]]), legacy: b.layer })).toThrow(
      /set "annual" had 2 features, the layer given .* has 1/,
    );
    expect(() => TaskList.fromJSON(json, { annual: rects('other', [[0, 0, 10, 10], [20, 0, 30, 10]]), legacy: b.layer })).toThrow(
      /set "annual" feature 0 had id "annual-0", the layer given has "other-0"/,
    );
    expect(() => TaskList.fromJSON(json, { annual: rects('annual', [[0, 0, 10, 10], [20, 0, 30, 11]]), legacy: b.layer })).toThrow(
      /set "annual" feature 1 \(id "annual-1"\) has changed geometry/,
    );
    expect(() => TaskList.fromJSON({ ...json, format: 'x' }, {})).toThrow(/expected a task list/);
    expect(() => TaskList.fromJSON({ ...json, tasks: [json.tasks[0]] }, { annual: a.layer, legacy: b.layer })).toThrow(/is in no task/);
  });
});

// ---- the sample county ----

interface GeoFeature {
  type: 'Feature';
  properties: Record<string, string | number | null>;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

describe('sample county (fixtures/sample/patches.geojson)', () => {
  const dir = new URL('../../fixtures/sample/', import.meta.url);
  const file = JSON.parse(readFileSync(new URL('patches.geojson', dir), 'utf8')) as { crs: unknown; features: GeoFeature[] };
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
  const hard = manifest.hardCases.patches;
  const layerFrom = (features: GeoFeature[], name: string): Layer =>
    fromGeoJSON({ type: 'FeatureCollection', crs: file.crs, features }, { idField: 'JCBH', name }).layer;
  const annualF = file.features.filter((f) => f.properties.JCND === 2026);
  const legacyF = file.features.filter((f) => f.properties.JCND !== 2026);
  const annual = layerFrom(annualF, 'annual');
  const legacy = layerFrom(legacyF, 'legacy');

  const reader = new GeometryFactory();
  const jreader = new GeoJSONReader(reader);
  type J = { getArea(): number };
  const jsts = (g: unknown): J => jreader.read(g) as J;
  const inter = (x: J, y: J) => (SnapIfNeededOverlayOp.intersection(x, y) as J).getArea();
  const union = (x: J, y: J) => SnapIfNeededOverlayOp.union(x, y) as J;
  const byId = new Map(file.features.map((f) => [f.properties.JCBH as string, f]));
  const geom = (id: string) => jsts((byId.get(id) as GeoFeature).geometry);

  // Independent shares of the generator's duplicate pairs (jsts, planar).
  const dupPairs = (hard.duplicateAcrossSets as { annual: string; legacy: string; exact: boolean }[]).map((d) => {
    const A = geom(d.annual);
    const L = geom(d.legacy);
    const share = inter(A, L) / Math.min(A.getArea(), L.getArea());
    return { ...d, share, union: union(A, L).getArea() };
  });
  const merged = dupPairs.filter((d) => d.share >= 0.5);
  const partial = dupPairs.filter((d) => d.share < 0.5);

  it('annual + legacy: the generator’s copies are merged, nothing else overlaps', () => {
    // The construction: 6 exact copies (share 1) and 4 shifted ones; jsts says which shifted ones reach 0.5.
    expect(dupPairs.filter((d) => d.exact).map((d) => d.share)).toEqual([1, 1, 1, 1, 1, 1].map(() => expect.closeTo(1, 12)));
    const list = mergePatchSets(
      [
        { name: 'annual', layer: annual, idField: 'JCBH' },
        { name: 'legacy', layer: legacy, idField: 'JCBH' },
      ],
      { measure: 'planar' },
    );
    const r = list.report();
    expect(r.patches).toBe(300);
    expect(r.tasks).toBe(300 - merged.length);
    expect(r.removed).toBe(merged.length);
    expect(r.sets).toEqual([
      { name: 'annual', patches: 255, tasks: 255, mergedIntoOtherSet: 0, mergedWithinSet: 0, empty: 0 },
      { name: 'legacy', patches: 45, tasks: 45 - merged.length, mergedIntoOtherSet: merged.length, mergedWithinSet: 0, empty: 0 },
    ]);
    const pairKey = (a: unknown, b: unknown) => `${String(a)}~${String(b)}`;
    expect(r.overlaps.map((o) => pairKey(o.a.id, o.b.id)).sort()).toEqual(merged.map((d) => pairKey(d.annual, d.legacy)).sort());
    expect(r.partialOverlaps.map((o) => pairKey(o.a.id, o.b.id)).sort()).toEqual(partial.map((d) => pairKey(d.annual, d.legacy)).sort());
    // Shares and union areas agree with jsts.
    for (const o of [...r.overlaps, ...r.partialOverlaps]) {
      const d = dupPairs.find((p) => p.annual === o.a.id) as (typeof dupPairs)[number];
      expect(Math.abs(o.share - d.share)).toBeLessThan(1e-9);
    }
    for (const d of merged) {
      const t = list.tasks.find((t) => t.representative.id === d.annual) as MergeTask;
      expect(t.members.map((m) => m.id)).toEqual([d.annual, d.legacy]);
      expect(Math.abs(t.areaM2 / d.union - 1)).toBeLessThan(1e-9);
    }
    // The bow-tie and the other invalid patches are read by the even-odd rule and reported.
    expect(r.repairs.map((x) => x.id)).toContain(hard.invalid.bowtie);
  });

  it('a month of shifted copies, new patches and a bridge: incremental equals batch', () => {
    const box = (f: GeoFeature): Box => {
      const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
      const xs = polys.flat(2);
      return [Math.min(...xs.map((p) => p[0])), Math.min(...xs.map((p) => p[1])), Math.max(...xs.map((p) => p[0])), Math.max(...xs.map((p) => p[1]))];
    };
    const boxes = file.features.map(box);
    const meets = (a: Box, b: Box, e: number) => a[0] - e <= b[2] && a[2] + e >= b[0] && a[1] - e <= b[3] && a[3] + e >= b[1];
    const special = new Set<string>([
      ...Object.values(hard.invalid as Record<string, string>),
      ...(hard.multipart as string[]),
      ...(hard.withHoles as string[]),
      ...dupPairs.flatMap((d) => [d.annual, d.legacy]),
      ...(hard.touchingAtVertex as string[][]).flat(),
    ]);
    // Sources: plain annual patches with no other patch within 20 m of their box.
    const sources = annualF
      .filter((f) => !special.has(f.properties.JCBH as string))
      .filter((f) => boxes.filter((b) => meets(box(f), b, 20)).length === 1)
      .slice(0, 8);
    expect(sources).toHaveLength(8);
    const shifted: GeoFeature[] = sources.map((f, i) => ({
      type: 'Feature',
      properties: { JCBH: `M${i}` },
      geometry: {
        type: 'Polygon',
        coordinates: (f.geometry.coordinates as number[][][]).map((r) => r.map(([x, y]) => [x + 3, y - 2])),
      },
    }));
    for (let i = 0; i < 8; i++) {
      const S = jsts(sources[i].geometry);
      const M = jsts(shifted[i].geometry);
      expect(inter(S, M) / S.getArea()).toBeGreaterThan(0.6); // precondition: a 3.6 m shift keeps most of it
    }
    // New patches east of the county, 100 m × 80 m.
    const east = Math.max(...boxes.map((b) => b[2])) + 500;
    const rectF = (id: string, b: Box): GeoFeature => ({
      type: 'Feature',
      properties: { JCBH: id },
      geometry: { type: 'Polygon', coordinates: [[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]] },
    });
    const fresh = [0, 1, 2, 3].map((i) => rectF(`N${i}`, [east + 300 * i, 3_940_000, east + 300 * i + 100, 3_940_080]));
    // A bridge: a rectangle covering both patches of a pair that touch at one vertex (share 1 with each).
    const [p, q] = (hard.touchingAtVertex as string[][])[0];
    const bp = box(byId.get(p) as GeoFeature);
    const bq = box(byId.get(q) as GeoFeature);
    const cover: Box = [Math.min(bp[0], bq[0]) - 1, Math.min(bp[1], bq[1]) - 1, Math.max(bp[2], bq[2]) + 1, Math.max(bp[3], bq[3]) + 1];
    expect(boxes.filter((b) => meets(cover, b, 0))).toHaveLength(2); // it meets no other patch
    const monthF = [...shifted, ...fresh, rectF('B0', cover)];
    const month = layerFrom(monthF, '2026-03');
    const sets: PatchSetInput[] = [
      { name: 'annual', layer: annual, idField: 'JCBH' },
      { name: 'legacy', layer: legacy, idField: 'JCBH' },
    ];
    const list = mergePatchSets(sets, { measure: 'planar' });
    const tasksBefore = list.taskCount;
    const [first, second] = [p, q].map((id) => list.tasks.find((t) => t.members.some((m) => m.id === id)) as MergeTask);
    const [kept, absorbed] = first.no < second.no ? [first, second] : [second, first];
    // Serialized between months, as a county would.
    const stored = JSON.stringify(list.toJSON());
    const reloaded = TaskList.fromJSON(JSON.parse(stored), { annual, legacy });
    const m = reloaded.addMonth('2026-03', month, 'JCBH');
    expect(m.patches).toBe(13);
    expect(m.overlapRuns).toBe(13);
    expect(m.unionRuns).toBe(2); // the absorbed patch against the kept one (boxes meet), then B0 against both
    expect(m.newTasks).toHaveLength(4);
    expect(m.joinedExisting.map((j) => j.patch.id).sort()).toEqual(['B0', 'M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7']);
    expect(m.bridges).toEqual([{ by: { set: '2026-03', featureIndex: 12, id: 'B0' }, kept: kept.no, absorbed: [absorbed.no] }]);
    expect(m.retiredTasks).toEqual([absorbed.no]);
    expect(m.tasksAfter).toBe(tasksBefore + 4 - 1);
    expect(m.partialOverlaps).toEqual([]);
    for (let i = 0; i < 8; i++) {
      const t = reloaded.findTask('2026-03', i) as MergeTask;
      expect(t.representative.id).toBe(sources[i].properties.JCBH);
      const u = union(jsts(sources[i].geometry), jsts(shifted[i].geometry)).getArea();
      expect(Math.abs(t.areaM2 / u - 1)).toBeLessThan(1e-9);
    }
    const bridged = reloaded.findTask('2026-03', 12) as MergeTask;
    expect(bridged.members.map((x) => x.id).sort()).toEqual([p, q, 'B0'].sort());
    expect(bridged.areaM2).toBeCloseTo((cover[2] - cover[0]) * (cover[3] - cover[1]), 6); // B0 covers both
    // The same as merging all three sets at once.
    const batch = mergePatchSets([...sets, { name: '2026-03', layer: month, idField: 'JCBH' }], { measure: 'planar' });
    expect(partition(reloaded.tasks)).toEqual(partition(batch.tasks));
    const areaOf = (l: TaskList) => new Map(l.tasks.map((t) => [t.members.map((x) => `${x.set}/${x.featureIndex}`).join(' '), t.areaM2]));
    const bAreas = areaOf(batch);
    for (const [k, v] of areaOf(reloaded)) expect(Math.abs(v - (bAreas.get(k) as number))).toBeLessThan(1e-6);
    expect(reloaded.report().tasks).toBe(batch.report().tasks);
    expect(stored.length).toBeLessThan(100_000);
  });

  it('ellipsoidal areas (the default on EPSG:4527) give the same tasks, areas smaller than planar by the scale factor', () => {
    const sets: PatchSetInput[] = [
      { name: 'annual', layer: annual, idField: 'JCBH' },
      { name: 'legacy', layer: legacy, idField: 'JCBH' },
    ];
    const ell = mergePatchSets(sets);
    const pla = mergePatchSets(sets, { measure: 'planar' });
    expect(ell.measure).toBe('ellipsoidal');
    expect(partition(ell.tasks)).toEqual(partition(pla.tasks));
    // The county lies ~1° (≈ 90 km) east of the central meridian 117°E: Gauss–Krüger areas are too large by
    // about (x/R)² ≈ 2×10⁻⁴ there (domain.md §3–4).
    const pt = pla.tasks;
    ell.tasks.forEach((t, i) => {
      const ratio = t.areaM2 / pt[i].areaM2;
      expect(ratio).toBeGreaterThan(1 - 3e-4);
      expect(ratio).toBeLessThan(1 - 1e-4);
    });
  });
});
