/**
 * The 套合 table (issue 5, domain.md §5): per patch — or per part of a patch in each township — its area on each
 * land class and on each other layer, in m² (exact) and 亩 (2 decimals, 平差 by adjust.ts), with township and
 * county summaries.
 *
 * How each column is computed (one {@link tabulate} per layer, ellipsoidal by default — planar when the layers
 * have no projected CRS):
 * - 地块总面积: the row's own area (even-odd rule for invalid patches, as everywhere in the overlay);
 * - 水田/水浇地/旱地/非耕农用地/未利用地/建设用地: land use with DLBM folded by the configured table (classes.ts);
 *   parcels of one class that overlap are counted once (tabulate unions a class);
 * - 未调查面积: the part on no land-use parcel (a gap in the survey layer), so that the five land parts add up to
 *   the total (LAND_PARTS);
 * - 基本农田, 生态红线, 已批, 备案设施农用地, 复垦区: the part on the union of the layer's features (overlapping
 *   approvals count once); 允许/有条件/限制/禁止建设区: per configured GZQLXDM code group;
 * - 已批比例 = 已批 ÷ 地块总面积, unrounded.
 *
 * Land use must tessellate for the identity to hold: a land-use code that matches no class, lying under a patch,
 * is an InputError listing every such code (its area would have no column); unknown codes elsewhere are only
 * noted. Parcels of different classes overlapping inside a patch by less than `thresholds.sliverM2` are taken
 * off the largest class (noted); a larger overlap is an InputError.
 *
 * Townships (`townshipAssignment`): features with the same township code are one township. `"split"`: a patch
 * lying in several townships by at least `thresholds.sliverM2` m² each gives one row per township, ids
 * `JCBH_1`, `JCBH_2`, … numbered in township-layer order (a part outside every township, if that large, comes
 * last with township null); the rows stay together in patch order. Smaller pieces (slivers, usually boundary
 * noise between the patch and township layers) are not split off: they are counted with the patch's largest
 * part (its majority township). `"majority"`: every patch is one row, in the township holding most of it.
 * Either way a patch on no township is a row with township null, listed in `notes`. The parts are cut with the
 * overlay kernel (each side of each boundary piece labelled by the part it belongs to, then assembled into
 * rings) and measured by the same tabulate calls as whole patches, so the parts of a patch add up to it.
 */
import { CompensatedSum } from '../area/summation.js';
import { computeBboxes, idOf } from '../geometry/build.js';
import type { Attributes, Layer } from '../geometry/types.js';
import { CrsError, InputError } from '../errors.js';
import { requireField } from '../geometry/fields.js';
import { layerIndex } from '../index/index.js';
import { assemble, type PolygonCoords } from '../overlay/assemble.js';
import type { FragmentSink } from '../overlay/classify.js';
import { OverlayKernel } from '../overlay/kernel.js';
import type { MeasureOption } from '../overlay/measure.js';
import { prepareLayer } from '../overlay/prepare.js';
import type { RepairReport } from '../overlay/repair.js';
import { type ClassBy, type PatchTabulation, tabulate } from '../overlay/tabulate.js';
import { adjustRow, adjustSummary, zeroAreas } from './adjust.js';
import { codeText, LAND_CLASSES, type LandClass, landClassifier, planningClassifier } from './classes.js';
import { type EnforcementConfigInput, parseEnforcementConfig } from './config.js';
import type { AreaKey, Areas, EnforcementConfig, OverlayPart, SummaryRow, TaoheInputs, TaoheResult, TaoheRow } from './types.js';

/**
 * A patch's id as the 套合 table names it: the id field (else the GeoJSON id) as trimmed text, "" when there is
 * none — such a patch is named by {@link missingPatchId}. Every table and check that names patches uses this.
 *
 * @example
 * patchIdText(patches, 0, 'JCBH'); // "3713022024001"
 */
export function patchIdText(patches: Layer, p: number, idField: string): string {
  const id = idOf(patches.attributes[p], patches.featureIds[p], idField);
  return id === null ? '' : String(id).trim();
}

/** The name of patch p (0-based) when it has no id: "#<feature number>". *
 * @example
 * missingPatchId(0); // "#1"
 */
export function missingPatchId(p: number): string {
  return `#${p + 1}`;
}

/** Name of the summary row of patches in no township. */
export const NO_TOWNSHIP_NAME = '未落入乡镇';
/** Name of the county (total) row. */
export const COUNTY_ROW_NAME = '合计';

export interface TaoheOptions {
  /** Area measure for every tabulate (default: ellipsoidal with a projected CRS, else planar). */
  measure?: MeasureOption;
}

/** A row to be: a whole patch, or one township part of it. */
interface Unit {
  readonly patch: number;
  /** Township number (index into the township list), or −1 for none. */
  readonly township: number;
  /** 1-based part number for split patches, else null. */
  readonly part: number | null;
  /** The part's geometry for split patches; null: the patch's own geometry. */
  readonly polygons: PolygonCoords[] | null;
}

interface Township {
  readonly code: string;
  readonly name: string;
}

const MAX_LISTED = 20;

function list(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} … (${items.length} in all)`;
}

function fmtM2(x: number): string {
  return `${Number(x.toPrecision(6))} m²`;
}

/**
 * The 套合 table of patches against the county's layers (module comment for every column and rule).
 * `config` is a full or partial configuration (validated by {@link parseEnforcementConfig}); default: the
 * documented defaults.
 *
 * @example
 * const read = (f: string) => fromGeoJSON(JSON.parse(readFileSync(f, 'utf8'))).layer;
 * const t = computeTaohe({ patches: read('patches.geojson'), landuse: read('landuse.geojson'),
 *   farmland: read('farmland.geojson'), townships: read('townships.geojson') });
 * for (const r of t.rows) console.log(r.id, r.townshipName, r.mu.total, r.mu.cultivated, r.balanced);
 */
export function computeTaohe(
  inputs: TaoheInputs,
  config?: EnforcementConfig | EnforcementConfigInput,
  options: TaoheOptions = {},
): TaoheResult {
  const cfg = parseEnforcementConfig(config);
  const { patches, landuse } = inputs;
  checkCrsPresence(inputs);
  const notes: string[] = [];
  const sliver = cfg.thresholds.sliverM2;
  const idField = cfg.fields.patchId;
  const measure = options.measure;

  // ---- patch ids ----
  const ids: string[] = [];
  const missingIds: number[] = [];
  const seen = new Map<string, number>();
  const duplicates = new Set<string>();
  for (let p = 0; p < patches.featureCount; p++) {
    const text = patchIdText(patches, p, idField);
    if (text === '') {
      missingIds.push(p);
      ids.push(missingPatchId(p));
      continue;
    }
    if (seen.has(text)) duplicates.add(text);
    seen.set(text, p);
    ids.push(text);
  }
  if (missingIds.length > 0) {
    notes.push(`${missingIds.length} patch(es) have no ${idField}; they are named #<feature number>: ${list(missingIds.map((p) => `#${p + 1}`))}`);
  }
  if (duplicates.size > 0) notes.push(`patch ids used by more than one feature (each feature keeps its own rows): ${list([...duplicates])}`);

  // ---- townships: units (rows to be) ----
  const townships: Township[] = [];
  let units: Unit[];
  let unitLayer: Layer = patches;
  if (inputs.townships === undefined) {
    units = Array.from({ length: patches.featureCount }, (_, p) => ({ patch: p, township: -1, part: null, polygons: null }));
    notes.push('no township layer: rows carry no township');
  } else {
    const r = assignTownships(inputs.townships, patches, ids, cfg, measure, townships, notes);
    units = r.units;
    if (units.some((u) => u.polygons !== null)) unitLayer = buildUnitLayer(patches, units);
  }
  notes.push(
    cfg.townshipAssignment === 'split'
      ? `township assignment: split — a patch in several townships (≥ ${sliver} m² in each) gives one row per township (JCBH_1, JCBH_2, … in township-layer order); smaller pieces count with the patch's majority township`
      : 'township assignment: majority — each patch is one row, in the township holding most of its area',
  );

  // ---- land use ----
  const landField = cfg.fields.landClass;
  requireField(landuse, landField, 'land-use', 'fields.landClass');
  const fold = landClassifier(cfg.landClasses);
  const unknown = new Map<string, { parcels: number; first: number; numeric: boolean; patches: Set<string> }>();
  const landClassBy: ClassBy = (attrs, f) => {
    const v = attrs[landField];
    const code = codeText(v);
    const c = fold(code);
    if (c !== null) return c;
    let u = unknown.get(code);
    if (u === undefined) unknown.set(code, (u = { parcels: 0, first: f, numeric: typeof v === 'number', patches: new Set() }));
    u.parcels++;
    return `?${code}`;
  };
  const land = tabulate(unitLayer, landuse, { classBy: landClassBy, measure, patchIdField: idField });

  // ---- the other layers: one tabulate each ----
  const covered = (layer: Layer | undefined): readonly PatchTabulation[] | null =>
    layer === undefined ? null : tabulate(unitLayer, layer, { measure, patchIdField: idField }).patches;
  const farmland = covered(inputs.farmland);
  const redline = covered(inputs.redline);
  const approvals = covered(inputs.approvals);
  const filings = covered(inputs.filings);
  const reclamation = covered(inputs.reclamation);
  let planning: readonly PatchTabulation[] | null = null;
  if (inputs.planning !== undefined) {
    const zoneField = cfg.fields.planningZone;
    requireField(inputs.planning, zoneField, 'planning', 'fields.planningZone');
    const zone = planningClassifier(cfg.planningCodes);
    const other = new Map<string, number>();
    planning = tabulate(unitLayer, inputs.planning, {
      measure,
      patchIdField: idField,
      classBy: (attrs) => {
        const code = codeText(attrs[zoneField]);
        const z = zone(code);
        if (z === null) other.set(code, (other.get(code) ?? 0) + 1);
        return z;
      },
    }).patches;
    if (other.size > 0) {
      notes.push(
        `planning ${zoneField} codes in none of the four zones (not counted in any 管制区 column): ` +
          [...other].map(([c, n]) => `"${c}" (${n} feature${n > 1 ? 's' : ''})`).join(', '),
      );
    }
  }
  const missing = (['farmland', 'redline', 'planning', 'approvals', 'filings', 'reclamation'] as const).filter((k) => inputs[k] === undefined);
  if (missing.length > 0) notes.push(`layers not given (their columns are 0): ${missing.join(', ')}`);

  // ---- rows ----
  const rows: TaoheRow[] = [];
  const overlapNotes: string[] = [];
  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    const t = land.patches[u];
    const patchId = ids[unit.patch];
    const m2 = zeroAreas();
    m2.total = t.areaM2;
    const tol = 1e-7 + 1e-10 * Math.abs(t.areaM2);
    let classSum = 0;
    for (const part of t.parts) {
      if (part.class.startsWith('?')) {
        unknown.get(part.class.slice(1))?.patches.add(patchId);
        continue;
      }
      m2[part.class as LandClass] += part.areaM2;
      classSum += part.areaM2;
    }
    let unsurveyed = t.uncoveredM2;
    if (unsurveyed < 0 && unsurveyed > -tol) unsurveyed = 0;
    m2.unsurveyed = unsurveyed;
    const excess = classSum - t.coveredM2;
    if (excess > tol) {
      if (excess >= sliver) {
        throw new InputError(
          `land-use layer "${landuse.name}": parcels of different classes overlap by ${fmtM2(excess)} inside patch ${patchId}; ` +
            'the land-use layer must not overlap itself (fix its topology), or the land parts would exceed the patch area',
        );
      }
      let largest: LandClass = LAND_CLASSES[0];
      for (const c of LAND_CLASSES) if (m2[c] > m2[largest]) largest = c;
      m2[largest] -= excess;
      overlapNotes.push(`${patchId} (${fmtM2(excess)}, taken off ${largest})`);
    }
    m2.cultivated = m2.paddy + m2.irrigated + m2.dry;
    const put = (k: OverlayPart, tab: readonly PatchTabulation[] | null): void => {
      if (tab !== null) m2[k] = tab[u].coveredM2;
    };
    put('basicFarmland', farmland);
    put('redline', redline);
    put('approved', approvals);
    put('filing', filings);
    put('reclamation', reclamation);
    if (planning !== null) for (const part of planning[u].parts) m2[part.class as OverlayPart] += part.areaM2;
    const { mu, balanced } = adjustRow(m2);
    const tw = unit.township >= 0 ? townships[unit.township] : null;
    rows.push({
      id: unit.part === null ? patchId : `${patchId}_${unit.part}`,
      patchId,
      patchIndex: unit.patch,
      part: unit.part,
      townshipCode: tw === null ? null : tw.code,
      townshipName: tw === null ? null : tw.name,
      m2,
      mu,
      approvedShare: m2.total > 0 ? m2.approved / m2.total : 0,
      balanced,
      attributes: patches.attributes[unit.patch],
    });
  }
  const under = [...unknown].filter(([, u]) => u.patches.size > 0);
  if (under.length > 0) {
    const numeric = under.some(([, u]) => u.numeric);
    throw new InputError(
      `land-use layer "${landuse.name}": ${under.length} ${landField} code(s) match no class of the configured land-class table and lie under patches, ` +
        'so their area would have no column: ' +
        under
          .map(([c, u]) => `${c === '' ? '(empty)' : `"${c}"`} (${u.parcels} parcel${u.parcels > 1 ? 's' : ''}, first feature ${u.first}; under ${list([...u.patches])})`)
          .join('; ') +
        '. Add each code to a list of landClasses in the configuration (e.g. {"landClasses": {"otherAgri": [...]}}, which replaces that list) or correct the layer' +
        (numeric ? `; ${landField} is numeric here, so leading zeros are lost ("0101" read as 101): store it as text` : ''),
    );
  }
  const elsewhere = [...unknown].filter(([, u]) => u.patches.size === 0);
  if (elsewhere.length > 0) {
    notes.push(
      `land-use ${landField} codes matching no class (under no patch, so no row is affected): ` +
        elsewhere.map(([c, u]) => `${c === '' ? '(empty)' : `"${c}"`} (${u.parcels})`).join(', '),
    );
  }
  if (overlapNotes.length > 0) {
    notes.push(`land-use parcels of different classes overlap by less than ${sliver} m² inside: ${list(overlapNotes)}`);
  }
  const unbalanced = rows.filter((r) => !r.balanced).map((r) => r.id);
  if (unbalanced.length > 0) notes.push(`rows failing 平差 (please report): ${list(unbalanced)}`);

  // ---- summaries ----
  const groupRows: number[][] = townships.map(() => []);
  const none: number[] = [];
  rows.forEach((r, i) => {
    const u = units[i];
    (u.township >= 0 ? groupRows[u.township] : none).push(i);
  });
  const groups = [...groupRows];
  const heads: { code: string | null; name: string }[] = townships.map((t) => ({ code: t.code, name: t.name }));
  if (none.length > 0) {
    groups.push(none);
    heads.push({ code: null, name: NO_TOWNSHIP_NAME });
  }
  const groupM2 = groups.map((members) => sumAreas(members.map((i) => rows[i].m2)));
  const adjusted = adjustSummary(groupM2);
  const summary: SummaryRow[] = groups.map((members, g) => ({
    code: heads[g].code,
    name: heads[g].name,
    count: members.length,
    m2: groupM2[g],
    mu: adjusted.groups[g],
  }));
  notes.push(
    'township and county rows are rounded from their exact sums (not summed from rounded patch rows): each balances, townships add up to the county in every column, each figure within 0.01 亩 of its exact value',
  );

  // ---- repairs: the patches' own, then each layer's ----
  const repairs: RepairReport[] = [...prepareLayer(patches, { idField }).repairs];
  for (const layer of [landuse, inputs.farmland, inputs.redline, inputs.planning, inputs.approvals, inputs.filings, inputs.reclamation, inputs.townships]) {
    if (layer !== undefined && layer !== patches) repairs.push(...prepareLayer(layer).repairs);
  }
  notes.unshift(`areas: ${land.measure}`);

  return {
    rows,
    townships: summary,
    county: { code: null, name: COUNTY_ROW_NAME, count: rows.length, m2: adjusted.countyM2, mu: adjusted.county },
    config: cfg,
    measure: land.measure,
    notes,
    repairs,
  };
}

/**
 * Every layer has a CRS, or none has. tabulate() takes one layer's CRS for both when the other has none, so a
 * mixture would measure some columns on the ellipsoid and others on the plane — within one row. (CRS
 * disagreement between layers that have one is refused by tabulate itself.)
 */
function checkCrsPresence(inputs: TaoheInputs): void {
  const given = (Object.entries(inputs) as [string, Layer | undefined][]).filter((e): e is [string, Layer] => e[1] !== undefined);
  const without = given.filter(([, l]) => l.crs === null).map(([k, l]) => `${k} ("${l.name}")`);
  const withCrs = given.filter(([, l]) => l.crs !== null);
  if (without.length > 0 && withCrs.length > 0) {
    throw new CrsError(
      `expected every layer of the 套合 to have a coordinate system, or none (planar work), found ${without.join(', ')} without one ` +
        `while ${withCrs.map(([k, l]) => `${k} is in ${l.crs!.name}`).join(', ')}; give the missing layers their CRS when reading them`,
    );
  }
}

/** Sums of areas (compensated). */
function sumAreas(list: readonly Areas[]): Areas {
  const out = zeroAreas();
  for (const k of Object.keys(out) as AreaKey[]) {
    const s = new CompensatedSum();
    for (const a of list) s.add(a[k]);
    out[k] = s.value;
  }
  return out;
}

/** Township list (features grouped by code) and the units per patch; fills `townships` and `notes`. */
function assignTownships(
  layer: Layer,
  patches: Layer,
  ids: readonly string[],
  cfg: EnforcementConfig,
  measure: MeasureOption | undefined,
  townships: Township[],
  notes: string[],
): { units: Unit[] } {
  const codeField = cfg.fields.townshipCode;
  const nameField = cfg.fields.townshipName;
  requireField(layer, codeField, 'township', 'fields.townshipCode');
  const numberOf = new Map<string, number>();
  const townshipOf = new Int32Array(layer.featureCount);
  for (let f = 0; f < layer.featureCount; f++) {
    const code = codeText(layer.attributes[f][codeField]);
    if (code === '') {
      throw new InputError(`township layer "${layer.name}": expected a township code in field "${codeField}", found ${JSON.stringify(layer.attributes[f][codeField] ?? null)}`, {
        featureIndex: f,
      });
    }
    let t = numberOf.get(code);
    if (t === undefined) {
      t = townships.length;
      numberOf.set(code, t);
      townships.push({ code, name: codeText(layer.attributes[f][nameField]) });
    } else if (townships[t].name === '') {
      townships[t] = { code, name: codeText(layer.attributes[f][nameField]) };
    }
    townshipOf[f] = t;
  }
  const tab = tabulate(patches, layer, { classBy: (_a, f) => String(townshipOf[f]), measure, patchIdField: cfg.fields.patchId });
  const sliver = cfg.thresholds.sliverM2;
  const split = cfg.townshipAssignment === 'split';
  const units: Unit[] = [];
  const outside: string[] = [];
  const partlyOutside: string[] = [];
  const splitNotes: string[] = [];
  const sliverNotes: string[] = [];
  const overlapNotes: string[] = [];
  const empty: string[] = [];
  const majorityNotes: string[] = [];
  const label = (t: number): string => (t < 0 ? '(no township)' : townships[t].name || townships[t].code);
  let kernel: OverlayKernel | null = null;
  for (let p = 0; p < patches.featureCount; p++) {
    const t = tab.patches[p];
    // Regions: townships in layer order, then the part outside every township (−1).
    const regions: { t: number; area: number }[] = t.parts.map((c) => ({ t: Number(c.class), area: c.areaM2 })).sort((a, b) => a.t - b.t);
    const inside = regions.reduce((s, r) => s + r.area, 0);
    const tol = 1e-7 + 1e-10 * Math.abs(t.areaM2);
    if (inside - t.coveredM2 > tol) {
      overlapNotes.push(`${ids[p]} (${fmtM2(inside - t.coveredM2)})`);
    }
    if (t.uncoveredM2 > tol) regions.push({ t: -1, area: t.uncoveredM2 });
    if (!(t.areaM2 > 0) || regions.length === 0) {
      empty.push(ids[p]);
      units.push({ patch: p, township: -1, part: null, polygons: null });
      continue;
    }
    let major = regions[0];
    for (const r of regions) if (r.area > major.area) major = r;
    const significant = regions.filter((r) => r.area >= sliver);
    if (!split || significant.length <= 1) {
      const chosen = split && significant.length === 1 ? significant[0] : major;
      units.push({ patch: p, township: chosen.t, part: null, polygons: null });
      if (chosen.t < 0) outside.push(ids[p]);
      if (!split && regions.length > 1) {
        const total = regions.reduce((s, r) => s + r.area, 0);
        const shares = regions.map((r) => `${label(r.t)} ${((100 * r.area) / total).toFixed(1)} %`).join(', ');
        (regions.some((r) => r.t < 0) ? partlyOutside : majorityNotes).push(`${ids[p]} → ${label(chosen.t)} (${shares})`);
      }
      if (split) {
        for (const r of regions) if (r !== chosen) sliverNotes.push(`${ids[p]}: ${fmtM2(r.area)} in ${label(r.t)} counted with ${label(chosen.t)}`);
      }
      continue;
    }
    // Split: one part per significant region (townships in layer order, outside last); slivers join the majority.
    const partOf = new Map<number, number>();
    significant.forEach((r, i) => partOf.set(r.t, i));
    for (const r of regions) if (!partOf.has(r.t)) sliverNotes.push(`${ids[p]}: ${fmtM2(r.area)} in ${label(r.t)} counted with ${label(major.t)}`);
    kernel ??= new OverlayKernel();
    const polys = cutParts(kernel, patches, p, layer, townshipOf, partOf, partOf.get(major.t)!, significant.length);
    significant.forEach((r, i) => {
      if (polys[i].length === 0) throw new Error(`cutting patch ${ids[p]} by township gave no geometry for ${label(r.t)}; please report`);
      units.push({ patch: p, township: r.t, part: i + 1, polygons: polys[i] });
      if (r.t < 0) outside.push(`${ids[p]}_${i + 1}`);
    });
    splitNotes.push(`${ids[p]} (${significant.map((r) => label(r.t)).join(' / ')})`);
  }
  if (split && splitNotes.length > 0) notes.push(`${splitNotes.length} patch(es) straddle townships and are split: ${list(splitNotes)}`);
  if (outside.length > 0) notes.push(`rows in no township (township null): ${list(outside)}`);
  if (majorityNotes.length > 0) notes.push(`patches in several townships, each counted whole in its majority township: ${list(majorityNotes)}`);
  if (partlyOutside.length > 0) notes.push(`patches partly outside every township, counted whole by majority: ${list(partlyOutside)}`);
  if (sliverNotes.length > 0) notes.push(`slivers below ${sliver} m² not split off: ${list(sliverNotes)}`);
  if (overlapNotes.length > 0) {
    notes.push(`township features overlap inside patches (the overlap goes to the first township in layer order): ${list(overlapNotes)}`);
  }
  if (empty.length > 0) notes.push(`patches with no area (empty geometry), township null: ${list(empty)}`);
  return { units };
}

/**
 * Labels each side of each boundary piece of a patch with the part it lies in: −1 outside the patch; else the
 * first township (layer order) covering it that is a part of its own; else — a sliver township, or no
 * township — the part for "outside" when that is a part of its own, else the majority part.
 */
class PartSink implements FragmentSink {
  partOfGroup = new Int32Array(0);
  nGroups = 0;
  majority = 0;
  outsidePart = 0;
  xy: number[] = [];
  owner: number[] = [];
  private label(p: number, cnt: Int32Array): number {
    if (p === 0) return -1;
    let inAny = false;
    for (let g = 0; g < this.nGroups; g++) {
      if (cnt[g] > 0) {
        const part = this.partOfGroup[g];
        if (part >= 0) return part;
        inAny = true;
      }
    }
    return inAny ? this.majority : this.outsidePart;
  }
  fragment(xy: Float64Array, pL: number, pR: number, cntL: Int32Array, cntR: Int32Array): void {
    const l = this.label(pL, cntL);
    const r = this.label(pR, cntR);
    if (l === r) return;
    if (l >= 0) {
      this.xy.push(xy[0], xy[1], xy[2], xy[3]);
      this.owner.push(l);
    }
    if (r >= 0) {
      this.xy.push(xy[2], xy[3], xy[0], xy[1]);
      this.owner.push(r);
    }
  }
}

/** The geometry of each part of patch p (parts: township number → part index; −1 = outside every township). */
function cutParts(
  kernel: OverlayKernel,
  patches: Layer,
  p: number,
  townshipLayer: Layer,
  townshipOf: Int32Array,
  partOf: ReadonlyMap<number, number>,
  majority: number,
  nParts: number,
): PolygonCoords[][] {
  const prepP = prepareLayer(patches);
  const prepT = prepareLayer(townshipLayer);
  const b = patches.bboxes;
  const cands = layerIndex(townshipLayer)
    .search(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3])
    .sort((x, y) => x - y);
  const sink = new PartSink();
  sink.nGroups = cands.length;
  sink.partOfGroup = Int32Array.from(cands, (f) => partOf.get(townshipOf[f]) ?? -1);
  sink.majority = majority;
  sink.outsidePart = partOf.get(-1) ?? majority;
  kernel.setPatch(patches, p, prepP.fact(p));
  cands.forEach((f, g) => {
    kernel.addCandidate(townshipLayer, f, prepT.fact(f));
    kernel.addGroup(g);
  });
  kernel.run(null, cands.length, sink);
  const xy = Float64Array.from(sink.xy);
  const byPart: number[][] = Array.from({ length: nParts }, () => []);
  sink.owner.forEach((part, k) => byPart[part].push(k));
  return byPart.map((pieces) => (pieces.length === 0 ? [] : assemble(xy, pieces)));
}

/** A layer with one feature per unit: the patch's own geometry, or the part's rings. */
function buildUnitLayer(patches: Layer, units: readonly Unit[]): Layer {
  const coords: number[] = [];
  const ringOffsets: number[] = [0];
  const polygonOffsets: number[] = [0];
  const featureOffsets: number[] = [0];
  const attributes: Attributes[] = [];
  const featureIds: (string | number | null)[] = [];
  const { coords: pc, ringOffsets: pr, polygonOffsets: pp, featureOffsets: pf } = patches;
  for (const u of units) {
    if (u.polygons === null) {
      for (let poly = pf[u.patch]; poly < pf[u.patch + 1]; poly++) {
        for (let r = pp[poly]; r < pp[poly + 1]; r++) {
          for (let v = pr[r]; v < pr[r + 1]; v++) coords.push(pc[2 * v], pc[2 * v + 1]);
          ringOffsets.push(coords.length / 2);
        }
        polygonOffsets.push(ringOffsets.length - 1);
      }
    } else {
      for (const poly of u.polygons) {
        for (const ring of poly) {
          // GeoJSON rings are closed; layers keep them open.
          for (let i = 0; i + 1 < ring.length; i++) coords.push(ring[i][0], ring[i][1]);
          ringOffsets.push(coords.length / 2);
        }
        polygonOffsets.push(ringOffsets.length - 1);
      }
    }
    featureOffsets.push(polygonOffsets.length - 1);
    attributes.push(patches.attributes[u.patch]);
    featureIds.push(patches.featureIds[u.patch]);
  }
  const c = Float64Array.from(coords);
  const ro = Uint32Array.from(ringOffsets);
  const po = Uint32Array.from(polygonOffsets);
  const fo = Uint32Array.from(featureOffsets);
  return {
    name: patches.name,
    crs: patches.crs,
    coords: c,
    ringOffsets: ro,
    polygonOffsets: po,
    featureOffsets: fo,
    bboxes: computeBboxes(c, ro, po, fo),
    attributes,
    featureIds,
    featureCount: units.length,
  };
}
