/**
 * The stored form of a task list (重合图斑, issue 5), kept by a county between months (月清、季核) so that the
 * next month's patches are added to it without measuring the earlier ones again.
 *
 * What is stored: the merge parameters; per set its name, id field, feature count, and per feature the id,
 * bounding box and measured area; the tasks as lists of (set number, feature index) with their union areas; the
 * overlapping pairs. Geometry is NOT stored: it is referenced by (set, feature index) and comes from the set's
 * layer file when the list is loaded. The ids and boxes are stored so that loading can prove that each layer
 * is the one the list was built from (same feature count, same id and same box for every feature) and refuse
 * anything else with the first difference named. Numbers are JSON numbers, which round-trip doubles exactly
 * (ECMA-262 Number::toString gives the shortest string that reads back as the same double); an empty
 * feature's box is null.
 */
import { InputError } from '../errors.js';

export const TASK_LIST_FORMAT = 'tuban-task-list';
export const TASK_LIST_VERSION = 1;

export interface TaskListSetJSON {
  readonly name: string;
  readonly idField: string;
  readonly featureCount: number;
  /** Per feature: the id field's value (else the GeoJSON id, else null). */
  readonly ids: readonly (string | number | null)[];
  /** Per feature: minX, minY, maxX, maxY (flat, 4 per feature); null for an empty feature. */
  readonly bboxes: readonly (number | null)[];
  /** Per feature: its area, m², as measured when the set was added. */
  readonly areasM2: readonly number[];
}

export interface TaskListTaskJSON {
  readonly no: number;
  /** (set number, feature index) of every member, in list order (earliest set first). */
  readonly members: readonly (readonly [number, number])[];
  /** Area of the union of the members, m². */
  readonly areaM2: number;
}

/** [set a, feature a, set b, feature b, overlap m², share of the smaller]; a is the earlier patch. */
export type TaskListPairJSON = readonly [number, number, number, number, number, number];

export interface TaskListJSON {
  readonly format: typeof TASK_LIST_FORMAT;
  readonly version: typeof TASK_LIST_VERSION;
  readonly overlapShare: number;
  /** Measure kind: "planar", "ellipsoidal" or "ellipsoidal-national". */
  readonly measure: string;
  /** Name of the CRS the list was built in, or null (informational; the layers' CRS is checked on load). */
  readonly crs: string | null;
  readonly sets: readonly TaskListSetJSON[];
  readonly tasks: readonly TaskListTaskJSON[];
  readonly overlaps: readonly TaskListPairJSON[];
  readonly partialOverlaps: readonly TaskListPairJSON[];
  /** Number the next new task gets. */
  readonly nextNo: number;
  readonly stats: { readonly kernelRuns: number; readonly overlapRuns: number; readonly unionRuns: number };
}

/**
 * Checks the shape of a stored task list and returns it typed; a malformed one is an InputError naming the
 * member at fault and what was found there.
 *
 * @example
 * const stored = parseTaskListJSON(JSON.parse(text));
 */
export function parseTaskListJSON(json: unknown): TaskListJSON {
  const o = obj(json, 'task list');
  if (o.format !== TASK_LIST_FORMAT) {
    throw new InputError(`expected a task list ("format": "${TASK_LIST_FORMAT}"), found "format": ${JSON.stringify(o.format)}`);
  }
  if (o.version !== TASK_LIST_VERSION) {
    throw new InputError(`task list version ${JSON.stringify(o.version)} is not supported (this version of tuban reads version ${TASK_LIST_VERSION})`);
  }
  num(o.overlapShare, 'overlapShare');
  if (typeof o.measure !== 'string') throw bad('measure', 'a string', o.measure);
  if (o.crs !== null && typeof o.crs !== 'string') throw bad('crs', 'a string or null', o.crs);
  const sets = arr(o.sets, 'sets');
  sets.forEach((s, i) => {
    const so = obj(s, `sets[${i}]`);
    if (typeof so.name !== 'string') throw bad(`sets[${i}].name`, 'a string', so.name);
    if (typeof so.idField !== 'string') throw bad(`sets[${i}].idField`, 'a string', so.idField);
    const n = int(so.featureCount, `sets[${i}].featureCount`);
    const ids = arr(so.ids, `sets[${i}].ids`);
    const boxes = arr(so.bboxes, `sets[${i}].bboxes`);
    const areas = arr(so.areasM2, `sets[${i}].areasM2`);
    if (ids.length !== n) throw bad(`sets[${i}].ids`, `${n} ids`, `${ids.length}`);
    if (boxes.length !== 4 * n) throw bad(`sets[${i}].bboxes`, `${4 * n} numbers`, `${boxes.length}`);
    if (areas.length !== n) throw bad(`sets[${i}].areasM2`, `${n} areas`, `${areas.length}`);
    ids.forEach((v, f) => {
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw bad(`sets[${i}].ids[${f}]`, 'a string, number or null', v);
    });
    boxes.forEach((v, k) => {
      if (v !== null) num(v, `sets[${i}].bboxes[${k}]`);
    });
    areas.forEach((v, f) => num(v, `sets[${i}].areasM2[${f}]`));
  });
  arr(o.tasks, 'tasks').forEach((t, i) => {
    const to = obj(t, `tasks[${i}]`);
    int(to.no, `tasks[${i}].no`);
    num(to.areaM2, `tasks[${i}].areaM2`);
    const members = arr(to.members, `tasks[${i}].members`);
    if (members.length === 0) throw bad(`tasks[${i}].members`, 'at least one member', 'none');
    members.forEach((m, k) => {
      const mm = arr(m, `tasks[${i}].members[${k}]`);
      if (mm.length !== 2) throw bad(`tasks[${i}].members[${k}]`, '[set number, feature index]', JSON.stringify(m));
      int(mm[0], `tasks[${i}].members[${k}][0]`);
      int(mm[1], `tasks[${i}].members[${k}][1]`);
    });
  });
  for (const key of ['overlaps', 'partialOverlaps'] as const) {
    arr(o[key], key).forEach((p, i) => {
      const pp = arr(p, `${key}[${i}]`);
      if (pp.length !== 6) throw bad(`${key}[${i}]`, '[set a, feature a, set b, feature b, overlap m², share]', JSON.stringify(p));
      for (let k = 0; k < 4; k++) int(pp[k], `${key}[${i}][${k}]`);
      num(pp[4], `${key}[${i}][4]`);
      num(pp[5], `${key}[${i}][5]`);
    });
  }
  int(o.nextNo, 'nextNo');
  const st = obj(o.stats, 'stats');
  int(st.kernelRuns, 'stats.kernelRuns');
  int(st.overlapRuns, 'stats.overlapRuns');
  int(st.unionRuns, 'stats.unionRuns');
  return json as TaskListJSON;
}

function bad(where: string, expected: string, found: unknown): InputError {
  const f = typeof found === 'string' ? found : JSON.stringify(found) ?? String(found);
  return new InputError(`task list: ${where} should be ${expected}, found ${f.length > 60 ? `${f.slice(0, 57)}...` : f}`);
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(where, 'an object', v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
  return v as Record<string, unknown>;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw bad(where, 'an array', v === null ? 'null' : typeof v);
  return v;
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(where, 'a finite number', v);
  return v;
}

function int(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(where, 'a non-negative integer', v);
  return v;
}
