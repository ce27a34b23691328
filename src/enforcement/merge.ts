/**
 * 重合图斑 (issue 5, domain.md §1): several patch sets — the annual 卫片 set, earlier campaigns' leftovers,
 * 例行督察 findings, and now each month's patches (月清、季核) — merged into one task list, the same ground
 * counted once.
 *
 * Rules (all documented choices, none hidden):
 * - Two patches OVERLAP when area(A ∩ B) > 0; their SHARE is area(A ∩ B) ÷ min(area A, area B) (share of the
 *   smaller). Areas are exact overlay-kernel areas (src/overlay/kernel.ts), ellipsoidal by default on a
 *   Gauss–Krüger CRS (the legal area, domain.md §4), else planar. Invalid patches are read by the even-odd rule
 *   (src/overlay/repair.ts) and listed in the report.
 * - A pair whose share reaches `overlapShare` (default 0.5, EnforcementConfig.thresholds.overlapShare) is a
 *   DUPLICATE pair; shares within 1e-9 below the threshold count as reaching it, so that a patch equal to or
 *   inside another reaches a threshold of 1 despite rounding in the last bits. Shares are clamped to ≤ 1.
 * - TASKS are the connected components of the duplicate-pair graph, across and within sets: a chain A–B–C is
 *   one task even when A and C do not overlap. Pairs that overlap below the threshold ("partial overlaps") are
 *   reported, never dropped silently; their two patches stay separate tasks unless a chain joins them.
 * - Every task lists every member (set, feature index, id, area); its REPRESENTATIVE is the member from the
 *   earliest set (sets in the order given, then months in the order added), lowest feature index within it —
 *   the patch the county has known longest.
 * - A task's AREA is the area of the union of its members, exact: with members m₁…m_k in order,
 *   area(⋃) = Σᵢ [area(mᵢ) − area(mᵢ ∩ (m₁ ∪ … ∪ mᵢ₋₁))], each term one kernel run (mᵢ the patch, its earlier
 *   members with a meeting box in one group). Partial overlaps between different tasks are ground counted in
 *   both tasks' areas; the report says how many there are.
 * - An empty patch (no geometry) overlaps nothing: it is a task of its own with area 0, and the report notes it.
 *
 * Incremental work (`TaskList.addMonth`): the list keeps a dynamic R-tree (geojson-rbush, merge-index.ts) over
 * the boxes of all patches in it. Each new patch is measured once against the earlier patches whose box meets
 * its own; it starts a task, joins one, or BRIDGES several into one (reported: the merged task keeps the
 * number of the task whose representative is earliest, the others' numbers retire). Nothing measured in an
 * earlier month is measured again, except that a bridge re-measures the union area of the bridged tasks'
 * members (reported as union runs). Task numbers are stable across months; numbers of retired tasks are not
 * reused.
 */
import Flatbush from 'flatbush';
import { toMu } from '../area/units.js';
import { sameCrs } from '../crs/index.js';
import type { Crs } from '../crs/types.js';
import { CrsError, InputError } from '../errors.js';
import { idOf } from '../geometry/build.js';
import type { Layer } from '../geometry/types.js';
import { type EdgeMeasure, resolveMeasure } from '../overlay/measure.js';
import { prepareLayer } from '../overlay/prepare.js';
import type { RepairReport } from '../overlay/repair.js';
import { PatchBoxIndex } from './merge-index.js';
import {
  TASK_LIST_FORMAT,
  TASK_LIST_VERSION,
  type TaskListJSON,
  type TaskListPairJSON,
  parseTaskListJSON,
} from './merge-json.js';
import { OverlapMeasurer } from './merge-measure.js';

export { parseTaskListJSON, type TaskListJSON } from './merge-json.js';

/** How areas are measured: the legal ellipsoidal area (default on a projected CRS) or planar. */
export type MergeMeasure = 'ellipsoidal' | 'ellipsoidal-national' | 'planar';

export interface MergeOptions {
  /** Share of the smaller patch at or above which two patches are one task, in (0, 1]; default 0.5. */
  overlapShare?: number;
  /** Default: `'ellipsoidal'` when the sets have a projected CRS, else `'planar'`. */
  measure?: MergeMeasure;
}

/** One patch set to merge. */
export interface PatchSetInput {
  /** Name shown in reports (`"2026年度卫片"`, `"2024遗留"`, `"2026-03"`); unique within a list. */
  readonly name: string;
  readonly layer: Layer;
  /** Attribute holding the patch id (e.g. `"JCBH"`). */
  readonly idField: string;
}

/** A patch of the list. */
export interface PatchRef {
  readonly set: string;
  readonly featureIndex: number;
  /** The id field's value, else the GeoJSON id, else null. */
  readonly id: string | number | null;
}

export interface TaskMember extends PatchRef {
  /** The patch's own area, m². */
  readonly areaM2: number;
}

/** One 清零 task: patches on the same ground, counted once. */
export interface MergeTask {
  /** Task number: 1, 2, … in order of the representatives; stable across months (see the module comment). */
  readonly no: number;
  /** The member from the earliest set, lowest feature index within it. */
  readonly representative: TaskMember;
  /** Every member, earliest set first, then by feature index. */
  readonly members: readonly TaskMember[];
  /** Names of the sets the members come from, in set order, each once. */
  readonly sets: readonly string[];
  /** Area of the union of the members, m² (exact; see the module comment). */
  readonly areaM2: number;
  readonly areaMu: number;
}

/** Two patches that overlap; `a` is the earlier one in list order. */
export interface PatchOverlap {
  readonly a: PatchRef;
  readonly b: PatchRef;
  readonly overlapM2: number;
  /** overlapM2 ÷ min(area a, area b), at most 1. */
  readonly share: number;
}

/** What a set contributes to the list. */
export interface SetSummary {
  readonly name: string;
  readonly patches: number;
  /** Tasks whose representative is in this set. */
  readonly tasks: number;
  /** Patches of this set in a task represented by an earlier set's patch (重合, already on the list). */
  readonly mergedIntoOtherSet: number;
  /**
   * Patches of this set in a task represented by another patch of the same set — directly or through a chain,
   * which may run through a later set's patch (two patches of a set bridged by a month's patch).
   */
  readonly mergedWithinSet: number;
  /** Patches without geometry (each is a task of its own). */
  readonly empty: number;
}

/** The whole list: tasks per set, overlaps removed, and the 清零 task count. */
export interface MergeReport {
  readonly overlapShare: number;
  readonly measure: string;
  readonly sets: readonly SetSummary[];
  /** Patches in all sets. */
  readonly patches: number;
  /** The total 清零 task count. */
  readonly tasks: number;
  /** patches − tasks: entries removed as duplicates. */
  readonly removed: number;
  /** Pairs whose share reaches the threshold (these made the merges). */
  readonly overlaps: readonly PatchOverlap[];
  /** Pairs that overlap with a share below the threshold. */
  readonly partialOverlaps: readonly PatchOverlap[];
  /** Partial overlaps whose patches are in different tasks: ground counted in both tasks' areas. */
  readonly partialOverlapsAcrossTasks: number;
  /** Things the reader should know: empty patches, patches without id, ids used twice in a set. */
  readonly notes: readonly string[];
  /** Patches read by the even-odd rule because they are not simple. */
  readonly repairs: readonly RepairReport[];
}

/** A new patch that joined several tasks into one. */
export interface BridgeEvent {
  readonly by: PatchRef;
  /** The number the merged task keeps. */
  readonly kept: number;
  /** Numbers of the tasks merged into it (retired). */
  readonly absorbed: readonly number[];
}

/** What adding one month's patches did. */
export interface MonthReport {
  readonly name: string;
  readonly patches: number;
  readonly tasksBefore: number;
  readonly tasksAfter: number;
  /** Numbers of the tasks represented by this month's patches (new 清零 tasks). */
  readonly newTasks: readonly number[];
  /** This month's patches that joined a task of an earlier set (重合: already on the list). */
  readonly joinedExisting: readonly { readonly patch: PatchRef; readonly task: number }[];
  /** Patches that joined several tasks into one, in the order they were added. */
  readonly bridges: readonly BridgeEvent[];
  /** Numbers of tasks that existed before this month and were merged into another (they leave the ledger). */
  readonly retiredTasks: readonly number[];
  /** Duplicate pairs and partial overlaps found this month. */
  readonly overlaps: readonly PatchOverlap[];
  readonly partialOverlaps: readonly PatchOverlap[];
  /** Kernel runs made this month: one per non-empty new patch ({@link overlapRuns}) plus {@link unionRuns}. */
  readonly kernelRuns: number;
  readonly overlapRuns: number;
  /** Runs re-measuring union areas of bridged tasks. */
  readonly unionRuns: number;
  readonly notes: readonly string[];
  readonly repairs: readonly RepairReport[];
}

/** Cumulative kernel work of a list, kept across {@link TaskList.toJSON}. */
export interface MergeStats {
  readonly kernelRuns: number;
  /** One per non-empty patch ever added. */
  readonly overlapRuns: number;
  /** Union-area runs (members joining a task whose box meets an earlier member's; bridges). */
  readonly unionRuns: number;
}

const DEFAULT_OVERLAP_SHARE = 0.5;
/** See the module comment: a share this close below the threshold counts as reaching it. */
const SHARE_TOLERANCE = 1e-9;

interface SetEntry {
  readonly name: string;
  readonly idField: string;
  readonly layer: Layer;
  /** Global number of the set's first patch. */
  readonly first: number;
  readonly count: number;
}

interface TaskRec {
  no: number;
  /** Global patch numbers, ascending; members[0] is the representative. */
  members: number[];
  unionM2: number;
}

interface Pair {
  readonly a: number;
  readonly b: number;
  readonly overlapM2: number;
  readonly share: number;
}

/** Module-private access to the batch merge (mergePatchSets), which must run on a fresh list. */
let runBatch: ((list: TaskList, sets: readonly PatchSetInput[]) => void) | null = null;

/**
 * A merged task list that grows month by month. Make one with {@link mergePatchSets} (sets you have now; `[]`
 * for an empty list) or {@link TaskList.fromJSON} (a stored list), then {@link TaskList.addMonth} each month.
 *
 * @example
 * const list = mergePatchSets([{ name: '2026年度', layer: annual, idField: 'JCBH' }]);
 * const m = list.addMonth('2026-03', march, 'JCBH');
 * console.log(m.newTasks.length, m.joinedExisting.length, list.report().tasks);
 * fs.writeFileSync('tasks.json', JSON.stringify(list.toJSON()));
 */
export class TaskList {
  /** Share of the smaller patch at or above which two patches are one task. */
  readonly overlapShare: number;
  private readonly measureOption: MergeMeasure | undefined;
  private measurer: OverlapMeasurer | null = null;
  private crs: Crs | null = null;
  private readonly setList: SetEntry[] = [];
  /** Per global patch: set number, area, task. */
  private readonly setOf: number[] = [];
  private readonly areaOf: number[] = [];
  private readonly taskOf: TaskRec[] = [];
  private readonly taskByNo = new Map<number, TaskRec>();
  private readonly pairs: Pair[] = [];
  private readonly partials: Pair[] = [];
  private readonly index = new PatchBoxIndex();
  private nextNo = 1;
  private overlapRuns = 0;
  private unionRuns = 0;

  static {
    runBatch = (list, sets) => list.batch(sets);
  }

  /** An empty list (same as `mergePatchSets([], options)`). */
  constructor(options: MergeOptions = {}) {
    const s = options.overlapShare ?? DEFAULT_OVERLAP_SHARE;
    if (typeof s !== 'number' || !(s > 0 && s <= 1)) {
      throw new InputError(`overlapShare must be a number in (0, 1] (share of the smaller patch), found ${JSON.stringify(options.overlapShare)}`);
    }
    const m = options.measure;
    if (m !== undefined && m !== 'ellipsoidal' && m !== 'ellipsoidal-national' && m !== 'planar') {
      throw new InputError(`measure must be 'ellipsoidal', 'ellipsoidal-national' or 'planar', found ${JSON.stringify(m)}`);
    }
    this.overlapShare = s;
    this.measureOption = m;
  }

  /** Which area the list measures (`"ellipsoidal"`, `"planar"`, …); null before the first set. */
  get measure(): string | null {
    return this.measurer?.measure.kind ?? null;
  }

  /** Names of the sets, in list order. */
  get setNames(): readonly string[] {
    return this.setList.map((s) => s.name);
  }

  /** Number of tasks (the 清零 task count). */
  get taskCount(): number {
    return this.taskByNo.size;
  }

  /** Kernel work so far (cumulative, also across save and load). */
  get stats(): MergeStats {
    return { kernelRuns: this.overlapRuns + this.unionRuns, overlapRuns: this.overlapRuns, unionRuns: this.unionRuns };
  }

  /** The tasks, by number. */
  get tasks(): readonly MergeTask[] {
    return [...this.taskByNo.keys()].sort((a, b) => a - b).map((no) => this.taskView(this.taskByNo.get(no) as TaskRec));
  }

  /**
   * The task holding a patch, or null when the set or feature is not in the list.
   *
   * @example
   * list.findTask('2026-03', 12)?.representative.id;
   */
  findTask(set: string, featureIndex: number): MergeTask | null {
    const s = this.setList.find((e) => e.name === set);
    if (s === undefined || !Number.isInteger(featureIndex) || featureIndex < 0 || featureIndex >= s.count) return null;
    return this.taskView(this.taskOf[s.first + featureIndex]);
  }

  /**
   * Adds one month's (or any new set's) patches: each is measured against the earlier patches whose box meets
   * its own, found in the dynamic index, and starts, joins or bridges tasks. Earlier patches are not measured
   * again (see the module comment for bridges).
   *
   * @example
   * const r = list.addMonth('2026-04', april, 'JCBH');
   * console.log(`${r.newTasks.length} new tasks, ${r.joinedExisting.length} already listed, ${r.bridges.length} bridges`);
   */
  addMonth(name: string, layer: Layer, idField: string): MonthReport {
    const runs0 = { o: this.overlapRuns, u: this.unionRuns };
    const pairs0 = this.pairs.length;
    const partials0 = this.partials.length;
    const tasksBefore = this.taskByNo.size;
    const noBefore = this.nextNo;
    const si = this.registerSet(name, layer, idField);
    const s = this.setList[si];
    const measurer = this.kernel;
    const bridges: BridgeEvent[] = [];
    const retired: number[] = [];
    for (let g = s.first; g < s.first + s.count; g++) {
      const box = this.box(g);
      if (box === null) {
        this.areaOf[g] = 0;
        this.newTask([g], 0);
        continue;
      }
      const cands = this.index.search(box[0], box[1], box[2], box[3]);
      // One union group per candidate task, for the union-area update when the patch joins one task.
      const groupOf = new Map<TaskRec, number>();
      const unionGroup = new Int32Array(cands.length);
      for (let k = 0; k < cands.length; k++) {
        const t = this.taskOf[cands[k]];
        let u = groupOf.get(t);
        if (u === undefined) groupOf.set(t, (u = groupOf.size));
        unionGroup[k] = u;
      }
      const area = measurer.overlaps(g, cands, unionGroup, groupOf.size);
      this.overlapRuns++;
      this.areaOf[g] = area;
      const joined: TaskRec[] = [];
      for (let k = 0; k < cands.length; k++) {
        if (this.recordPair(cands[k], g, measurer.pairArea(k))) {
          const t = this.taskOf[cands[k]];
          if (!joined.includes(t)) joined.push(t);
        }
      }
      if (joined.length === 0) this.newTask([g], area);
      else if (joined.length === 1) {
        const t = joined[0];
        t.members.push(g);
        t.unionM2 += area - measurer.unionArea(groupOf.get(t) as number);
        this.taskOf[g] = t;
      } else {
        joined.sort((x, y) => x.members[0] - y.members[0]);
        const kept = joined[0];
        const absorbed = joined.slice(1);
        this.bridge(kept, absorbed, g);
        bridges.push({ by: this.ref(g), kept: kept.no, absorbed: absorbed.map((t) => t.no) });
        for (const t of absorbed) if (t.no < noBefore) retired.push(t.no);
      }
      this.index.insert(g, box[0], box[1], box[2], box[3]);
    }
    const newTasks: number[] = [];
    const joinedExisting: { patch: PatchRef; task: number }[] = [];
    for (const t of this.taskByNo.values()) if (this.setOf[t.members[0]] === si) newTasks.push(t.no);
    newTasks.sort((a, b) => a - b);
    for (let g = s.first; g < s.first + s.count; g++) {
      const t = this.taskOf[g];
      if (this.setOf[t.members[0]] !== si) joinedExisting.push({ patch: this.ref(g), task: t.no });
    }
    retired.sort((a, b) => a - b);
    const overlapRuns = this.overlapRuns - runs0.o;
    const unionRuns = this.unionRuns - runs0.u;
    return {
      name,
      patches: s.count,
      tasksBefore,
      tasksAfter: this.taskByNo.size,
      newTasks,
      joinedExisting,
      bridges,
      retiredTasks: retired,
      overlaps: this.pairs.slice(pairs0).map((p) => this.overlapView(p)),
      partialOverlaps: this.partials.slice(partials0).map((p) => this.overlapView(p)),
      kernelRuns: overlapRuns + unionRuns,
      overlapRuns,
      unionRuns,
      notes: this.setNotes(si),
      repairs: prepareLayer(layer, { idField }).repairs,
    };
  }

  /**
   * The list so far: per set its patches, the tasks it represents and the patches merged away; every
   * duplicate pair and partial overlap; the 清零 task count.
   *
   * @example
   * const r = list.report();
   * for (const s of r.sets) console.log(s.name, s.patches, s.tasks, s.mergedIntoOtherSet);
   * console.log(`清零任务 ${r.tasks} (${r.removed} duplicates removed)`);
   */
  report(): MergeReport {
    const sets: SetSummary[] = this.setList.map((s, si) => {
      let tasks = 0;
      let other = 0;
      let within = 0;
      let empty = 0;
      for (let g = s.first; g < s.first + s.count; g++) {
        const rep = this.taskOf[g].members[0];
        if (rep === g) tasks++;
        else if (this.setOf[rep] === si) within++;
        else other++;
        if (this.box(g) === null) empty++;
      }
      return { name: s.name, patches: s.count, tasks, mergedIntoOtherSet: other, mergedWithinSet: within, empty };
    });
    const patches = this.setOf.length;
    let across = 0;
    for (const p of this.partials) if (this.taskOf[p.a] !== this.taskOf[p.b]) across++;
    return {
      overlapShare: this.overlapShare,
      measure: this.measure ?? 'none',
      sets,
      patches,
      tasks: this.taskByNo.size,
      removed: patches - this.taskByNo.size,
      overlaps: this.pairs.map((p) => this.overlapView(p)),
      partialOverlaps: this.partials.map((p) => this.overlapView(p)),
      partialOverlapsAcrossTasks: across,
      notes: this.setList.flatMap((_, si) => this.setNotes(si)),
      repairs: this.setList.flatMap((s) => prepareLayer(s.layer, { idField: s.idField }).repairs),
    };
  }

  /**
   * The list in storable form (see merge-json.ts): everything but the geometry, which stays in the sets'
   * layer files and is referenced by (set, feature index).
   *
   * @example
   * fs.writeFileSync('tasks.json', JSON.stringify(list.toJSON()));
   */
  toJSON(): TaskListJSON {
    const pair = (p: Pair): TaskListPairJSON => {
      const a = this.locate(p.a);
      const b = this.locate(p.b);
      return [a.set, a.featureIndex, b.set, b.featureIndex, p.overlapM2, p.share];
    };
    return {
      format: TASK_LIST_FORMAT,
      version: TASK_LIST_VERSION,
      overlapShare: this.overlapShare,
      measure: this.measure ?? (this.measureOption ?? 'default'),
      crs: this.crs?.name ?? null,
      sets: this.setList.map((s) => {
        const ids: (string | number | null)[] = [];
        const bboxes: (number | null)[] = [];
        const areasM2: number[] = [];
        for (let f = 0; f < s.count; f++) {
          ids.push(idOf(s.layer.attributes[f], s.layer.featureIds[f], s.idField));
          const b = s.layer.bboxes;
          for (let k = 0; k < 4; k++) bboxes.push(Number.isNaN(b[4 * f + k]) ? null : b[4 * f + k]);
          areasM2.push(this.areaOf[s.first + f]);
        }
        return { name: s.name, idField: s.idField, featureCount: s.count, ids, bboxes, areasM2 };
      }),
      tasks: [...this.taskByNo.values()]
        .sort((x, y) => x.no - y.no)
        .map((t) => ({
          no: t.no,
          members: t.members.map((g) => {
            const l = this.locate(g);
            return [l.set, l.featureIndex] as const;
          }),
          areaM2: t.unionM2,
        })),
      overlaps: this.pairs.map(pair),
      partialOverlaps: this.partials.map(pair),
      nextNo: this.nextNo,
      stats: { kernelRuns: this.overlapRuns + this.unionRuns, overlapRuns: this.overlapRuns, unionRuns: this.unionRuns },
    };
  }

  /**
   * Loads a stored list. `layers` gives each set's layer by set name; each must be the layer the list was
   * built from — same feature count, and the same id and bounding box for every feature — or the load fails
   * naming the set, feature and difference. Nothing is measured: areas come from the stored list.
   *
   * @example
   * const list = TaskList.fromJSON(JSON.parse(fs.readFileSync('tasks.json', 'utf8')), { '2026年度': annual, '2026-03': march });
   * list.addMonth('2026-04', april, 'JCBH');
   */
  static fromJSON(json: unknown, layers: Readonly<Record<string, Layer>>): TaskList {
    const j = parseTaskListJSON(json);
    const kind = j.measure;
    if (kind !== 'ellipsoidal' && kind !== 'ellipsoidal-national' && kind !== 'planar' && kind !== 'default') {
      throw new InputError(`task list: measure "${kind}" cannot be restored (expected ellipsoidal, ellipsoidal-national or planar)`);
    }
    const list = new TaskList({ overlapShare: j.overlapShare, measure: kind === 'default' ? undefined : kind });
    for (const sj of j.sets) {
      const layer = Object.prototype.hasOwnProperty.call(layers, sj.name) ? layers[sj.name] : undefined;
      if (layer === undefined) {
        const given = Object.keys(layers);
        throw new InputError(`task list: no layer given for set "${sj.name}" (layers given: ${given.length > 0 ? given.map((n) => `"${n}"`).join(', ') : 'none'})`);
      }
      if (layer.featureCount !== sj.featureCount) {
        throw new InputError(`task list: set "${sj.name}" had ${sj.featureCount} features, the layer given ("${layer.name}") has ${layer.featureCount}; it is not the same file`);
      }
      for (let f = 0; f < sj.featureCount; f++) {
        const id = idOf(layer.attributes[f], layer.featureIds[f], sj.idField);
        if (id !== sj.ids[f]) {
          throw new InputError(`task list: set "${sj.name}" feature ${f} had id ${JSON.stringify(sj.ids[f])}, the layer given has ${JSON.stringify(id)}; it is not the same file`, { featureIndex: f });
        }
        for (let k = 0; k < 4; k++) {
          const v = layer.bboxes[4 * f + k];
          const stored = sj.bboxes[4 * f + k];
          if (!(stored === null ? Number.isNaN(v) : v === stored)) {
            throw new InputError(
              `task list: set "${sj.name}" feature ${f} (id ${JSON.stringify(sj.ids[f])}) has changed geometry: bounding box ` +
                `${JSON.stringify(sj.bboxes.slice(4 * f, 4 * f + 4))} when listed, ${JSON.stringify(Array.from(layer.bboxes.subarray(4 * f, 4 * f + 4), (x) => (Number.isNaN(x) ? null : x)))} now`,
              { featureIndex: f },
            );
          }
        }
      }
      const si = list.registerSet(sj.name, layer, sj.idField);
      const first = list.setList[si].first;
      for (let f = 0; f < sj.featureCount; f++) list.areaOf[first + f] = sj.areasM2[f];
    }
    const total = list.setOf.length;
    const globalOf = (set: number, f: number, where: string): number => {
      const s = list.setList[set];
      if (s === undefined || f >= s.count) throw new InputError(`task list: ${where} refers to set ${set} feature ${f}, which does not exist`);
      return s.first + f;
    };
    for (const tj of j.tasks) {
      if (list.taskByNo.has(tj.no)) throw new InputError(`task list: task number ${tj.no} is used twice`);
      const members = tj.members.map(([s, f]) => globalOf(s, f, `task ${tj.no}`)).sort((a, b) => a - b);
      const t: TaskRec = { no: tj.no, members, unionM2: tj.areaM2 };
      for (const g of members) {
        if (list.taskOf[g] !== undefined) throw new InputError(`task list: ${list.describe(g)} is in tasks ${list.taskOf[g].no} and ${tj.no}`);
        list.taskOf[g] = t;
      }
      list.taskByNo.set(tj.no, t);
    }
    for (let g = 0; g < total; g++) {
      if (list.taskOf[g] === undefined) throw new InputError(`task list: ${list.describe(g)} is in no task`);
    }
    const maxNo = Math.max(0, ...list.taskByNo.keys());
    if (j.nextNo <= maxNo) throw new InputError(`task list: nextNo ${j.nextNo} is not above the largest task number ${maxNo}`);
    list.nextNo = j.nextNo;
    for (const [key, into] of [['overlaps', list.pairs], ['partialOverlaps', list.partials]] as const) {
      for (const p of j[key]) {
        into.push({ a: globalOf(p[0], p[1], key), b: globalOf(p[2], p[3], key), overlapM2: p[4], share: p[5] });
      }
    }
    list.overlapRuns = j.stats.overlapRuns;
    list.unionRuns = j.stats.unionRuns;
    list.loadIndex();
    return list;
  }

  // ---- internals ----

  /** Batch merge of sets into this (fresh) list: all pairs first, then components (union–find). */
  private batch(sets: readonly PatchSetInput[]): void {
    // The list's CRS is the first set's that has one, so that the measure is chosen for all sets together.
    this.crs = sets.find((s) => s.layer.crs !== null)?.layer.crs ?? null;
    for (const s of sets) this.registerSet(s.name, s.layer, s.idField);
    const n = this.setOf.length;
    if (sets.length === 0) return;
    const measurer = this.kernel;
    // All patch boxes in one packed tree; candidates of g are the earlier patches whose box meets g's.
    const live: number[] = [];
    for (let g = 0; g < n; g++) if (this.box(g) !== null) live.push(g);
    const tree = live.length > 0 ? new Flatbush(live.length) : null;
    for (const g of live) {
      const b = this.box(g) as [number, number, number, number];
      tree?.add(b[0], b[1], b[2], b[3]);
    }
    tree?.finish();
    const parent = new Int32Array(n);
    for (let g = 0; g < n; g++) parent[g] = g;
    const find = (x: number): number => {
      while (parent[x] !== x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    };
    for (let g = 0; g < n; g++) {
      const b = this.box(g);
      if (b === null || tree === null) {
        this.areaOf[g] = 0;
        continue;
      }
      const cands = tree
        .search(b[0], b[1], b[2], b[3])
        .map((i) => live[i])
        .filter((h) => h < g)
        .sort((x, y) => x - y);
      this.areaOf[g] = measurer.overlaps(g, cands);
      this.overlapRuns++;
      for (let k = 0; k < cands.length; k++) {
        if (this.recordPair(cands[k], g, measurer.pairArea(k))) {
          const ra = find(cands[k]);
          const rb = find(g);
          if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
      }
    }
    // Components in order of their first member (the representative), numbered 1, 2, …
    const byRoot = new Map<number, number[]>();
    for (let g = 0; g < n; g++) {
      const r = find(g);
      const m = byRoot.get(r);
      if (m === undefined) byRoot.set(r, [g]);
      else m.push(g);
    }
    const comps = [...byRoot.values()].sort((x, y) => x[0] - y[0]);
    for (const members of comps) {
      let u = this.areaOf[members[0]];
      for (let i = 1; i < members.length; i++) u += this.unionStep(members[i], members.slice(0, i));
      this.newTask(members, u);
    }
    this.loadIndex();
  }

  /** What patch g adds to the union of `prior` (one kernel run when any prior box meets g's). */
  private unionStep(g: number, prior: readonly number[]): number {
    const b = this.box(g);
    if (b === null) return 0;
    const meet = prior.filter((h) => {
      const c = this.box(h);
      return c !== null && c[0] <= b[2] && c[2] >= b[0] && c[1] <= b[3] && c[3] >= b[1];
    });
    if (meet.length > 0) this.unionRuns++;
    return this.kernel.increment(g, meet, this.areaOf[g]);
  }

  /** New patch g joins `kept` and every task in `absorbed`: one task, union re-measured from kept's. */
  private bridge(kept: TaskRec, absorbed: readonly TaskRec[], g: number): void {
    const incoming = absorbed.flatMap((t) => t.members).sort((x, y) => x - y);
    incoming.push(g);
    const prior = kept.members.slice();
    let u = kept.unionM2;
    for (const m of incoming) {
      u += this.unionStep(m, prior);
      prior.push(m);
    }
    prior.sort((x, y) => x - y);
    kept.members = prior;
    kept.unionM2 = u;
    for (const m of prior) this.taskOf[m] = kept;
    for (const t of absorbed) this.taskByNo.delete(t.no);
  }

  private newTask(members: number[], unionM2: number): void {
    const t: TaskRec = { no: this.nextNo++, members, unionM2 };
    this.taskByNo.set(t.no, t);
    for (const g of members) this.taskOf[g] = t;
  }

  /** Records the overlap of earlier patch a with later patch b; true when it is a duplicate pair. */
  private recordPair(a: number, b: number, overlap: number): boolean {
    if (!(overlap > 0)) return false;
    const smaller = Math.min(this.areaOf[a], this.areaOf[b]);
    const share = smaller > 0 ? Math.min(1, overlap / smaller) : 0;
    const dup = share >= this.overlapShare - SHARE_TOLERANCE;
    (dup ? this.pairs : this.partials).push({ a, b, overlapM2: overlap, share });
    return dup;
  }

  /** Validates a new set and gives its patches global numbers; returns the set number. */
  private registerSet(name: string, layer: Layer, idField: string): number {
    if (typeof name !== 'string' || name.length === 0) throw new InputError(`a patch set needs a non-empty name, found ${JSON.stringify(name)}`);
    if (this.setList.some((s) => s.name === name)) {
      throw new InputError(`a patch set named "${name}" is already in the task list (sets: ${this.setList.map((s) => `"${s.name}"`).join(', ')}); give each set or month its own name`);
    }
    if (typeof idField !== 'string' || idField.length === 0) throw new InputError(`set "${name}": idField must be a field name such as "JCBH", found ${JSON.stringify(idField)}`);
    if (layer.featureCount > 0 && !layer.attributes.some((a) => a[idField] !== undefined)) {
      const fields = [...new Set(layer.attributes.flatMap((a) => Object.keys(a)))];
      throw new InputError(
        `set "${name}" (layer "${layer.name}"): no patch has the id field "${idField}"; fields found: ${fields.length > 0 ? fields.join(', ') : 'none'}`,
      );
    }
    if (layer.crs !== null && this.crs !== null && !sameCrs(this.crs, layer.crs)) {
      throw new CrsError(`set "${name}" (layer "${layer.name}") is in ${layer.crs.name}, the task list in ${this.crs.name}; reproject it first`);
    }
    const crs = this.crs ?? layer.crs;
    // Fixed at the first set: the option, else ellipsoidal on a projected CRS, else planar (a list started on
    // CRS-less sets stays planar). Resolved before anything changes, so a refused set leaves the list as it was.
    if (this.measurer === null) {
      const option = this.measureOption ?? (crs !== null && crs.kind === 'projected' ? 'ellipsoidal' : 'planar');
      const m: EdgeMeasure = resolveMeasure(option, crs, layer.name);
      this.measurer = new OverlapMeasurer(m, (g) => this.locate2(g));
    }
    this.crs = crs;
    const entry: SetEntry = { name, idField, layer, first: this.setOf.length, count: layer.featureCount };
    this.setList.push(entry);
    const si = this.setList.length - 1;
    for (let f = 0; f < layer.featureCount; f++) {
      this.setOf.push(si);
      this.areaOf.push(0);
    }
    return si;
  }

  private get kernel(): OverlapMeasurer {
    return this.measurer as OverlapMeasurer;
  }

  private loadIndex(): void {
    const items: { g: number; box: [number, number, number, number] }[] = [];
    for (let g = 0; g < this.setOf.length; g++) {
      const b = this.box(g);
      if (b !== null) items.push({ g, box: b });
    }
    this.index.load(items);
  }

  private box(g: number): [number, number, number, number] | null {
    const s = this.setList[this.setOf[g]];
    const f = g - s.first;
    const b = s.layer.bboxes;
    if (Number.isNaN(b[4 * f])) return null;
    return [b[4 * f], b[4 * f + 1], b[4 * f + 2], b[4 * f + 3]];
  }

  private locate(g: number): { set: number; featureIndex: number } {
    const set = this.setOf[g];
    return { set, featureIndex: g - this.setList[set].first };
  }

  private locate2(g: number): { layer: Layer; featureIndex: number } {
    const s = this.setList[this.setOf[g]];
    return { layer: s.layer, featureIndex: g - s.first };
  }

  private ref(g: number): PatchRef {
    const s = this.setList[this.setOf[g]];
    const f = g - s.first;
    return { set: s.name, featureIndex: f, id: idOf(s.layer.attributes[f], s.layer.featureIds[f], s.idField) };
  }

  private describe(g: number): string {
    const r = this.ref(g);
    return `set "${r.set}" feature ${r.featureIndex} (id ${JSON.stringify(r.id)})`;
  }

  private member(g: number): TaskMember {
    return { ...this.ref(g), areaM2: this.areaOf[g] };
  }

  private taskView(t: TaskRec): MergeTask {
    const members = t.members.map((g) => this.member(g));
    const sets: string[] = [];
    for (const m of members) if (!sets.includes(m.set)) sets.push(m.set);
    return { no: t.no, representative: members[0], members, sets, areaM2: t.unionM2, areaMu: toMu(t.unionM2) };
  }

  private overlapView(p: Pair): PatchOverlap {
    return { a: this.ref(p.a), b: this.ref(p.b), overlapM2: p.overlapM2, share: p.share };
  }

  /** Empty patches, patches without id, ids used twice within the set. */
  private setNotes(si: number): string[] {
    const s = this.setList[si];
    const notes: string[] = [];
    const empty: string[] = [];
    const noId: number[] = [];
    const seen = new Map<string | number, number[]>();
    for (let f = 0; f < s.count; f++) {
      const g = s.first + f;
      const id = idOf(s.layer.attributes[f], s.layer.featureIds[f], s.idField);
      if (this.box(g) === null) empty.push(id === null ? `#${f}` : String(id));
      if (id === null) noId.push(f);
      else {
        const l = seen.get(id);
        if (l === undefined) seen.set(id, [f]);
        else l.push(f);
      }
    }
    if (empty.length > 0) notes.push(`set "${s.name}": ${empty.length} patch(es) without geometry, each kept as a task of its own: ${empty.join(', ')}`);
    if (noId.length > 0) notes.push(`set "${s.name}": ${noId.length} patch(es) without a ${s.idField} value, feature index(es) ${noId.join(', ')}`);
    for (const [id, fs] of seen) {
      if (fs.length > 1) notes.push(`set "${s.name}": ${s.idField} ${JSON.stringify(id)} is used by ${fs.length} patches (feature indexes ${fs.join(', ')})`);
    }
    return notes;
  }
}

/**
 * Merges patch sets into one task list: patches whose overlap reaches `overlapShare` of the smaller one are one
 * task (transitively), listing every source id. Sets are taken in the order given (it decides representatives).
 * Read the result with `report()`, `tasks`; add months with `addMonth`; store with `toJSON`.
 *
 * @example
 * const list = mergePatchSets(
 *   [
 *     { name: '2026年度卫片', layer: annual, idField: 'JCBH' },
 *     { name: '历年遗留', layer: legacy, idField: 'JCBH' },
 *     { name: '例行督察', layer: inspection, idField: 'JCBH' },
 *   ],
 *   { overlapShare: 0.5 },
 * );
 * const r = list.report();
 * console.log(`清零任务 ${r.tasks}: ${r.removed} 重合图斑 merged, ${r.partialOverlaps.length} partial overlaps`);
 */
export function mergePatchSets(sets: readonly PatchSetInput[], options: MergeOptions = {}): TaskList {
  if (!Array.isArray(sets)) throw new InputError(`mergePatchSets expects an array of { name, layer, idField }, found ${typeof sets}`);
  const list = new TaskList(options);
  (runBatch as (list: TaskList, sets: readonly PatchSetInput[]) => void)(list, sets);
  return list;
}
