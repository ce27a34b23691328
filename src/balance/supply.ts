/**
 * The supply side of 耕地占补平衡 (issue 6, domain.md §7): the indicator pool (补充耕地指标库) — supplement
 * projects of the county (复垦/开发/整理) verified against the newest land use, and indicators bought from outside
 * the county, entered as ledger rows.
 *
 * A project's figures:
 * - claimed: 新增耕地 (XZGDMJ) and 新增水田 (XZSTMJ), converted from `supplementUnit` (default m²) to 亩, and
 *   粮食产能 = claimed 亩 × the standard yield of the claimed 项目后等别 (QHDB).
 * - verified: the cultivated land now inside the project, by class and grade (one overlay of all projects with
 *   the newest land use, pieces.ts). With `verification: "capped"` (default) verified 耕地 = min(claimed, cultivated
 *   now inside) and verified 水田 = min(claimed 水田, 水田 now inside, verified 耕地): a project polygon usually
 *   holds the project's old cultivated land as well as the new, and one land-use layer cannot tell new from old,
 *   so overlay can confirm a claim up to what is cultivated now, and a shortfall (a claim larger than all the
 *   cultivated land inside) is what it catches. With `"cultivated"`, verified = all cultivated / paddy land now
 *   inside (for polygons drawn around the new land only, e.g. 拆旧复垦 plots).
 *   Verified 粮食产能 = verified 亩 × the area-weighted standard yield of the cultivated land now inside, each piece
 *   at the yield of its own grade (GDDB of the newest land use), a piece without a grade at the project's QHDB:
 *   the newest survey's grade is what the land is now; which of the pieces are the new ones is unknown, so the
 *   verified area takes their mean.
 * - credited: by `credit` — `"verified"` (default), `"claimed"`, or `"smaller"` (per indicator the smaller of the two).
 * - frozen: the freeze field (default DJZT) holds one of `frozenValues`, or the id is in `frozenIds`.
 * Every shortfall, fallback and freeze is stated in the row's note.
 *
 * Purchased indicators (易地/购买 from outside the county) come from a CSV ledger (readPurchasedLedger): they are
 * credited as given, with claimed and verified null.
 */
import { toMu } from '../area/units.js';
import { InputError } from '../errors.js';
import type { Layer } from '../geometry/types.js';
import { type AreaUnit, type BalanceConfig, type BalanceConfigInput, parseBalanceConfig } from './config.js';
import { requireField } from '../geometry/fields.js';
import { cultivatedPieces, type PiecesOptions } from './pieces.js';
import type { Indicators, Supply, YieldTable } from './types.js';
import { columnIndex, decodeTable, parseCsvText, readTableBytes, requireColumn } from '../io/csv-read.js';
import { amountValue, dateValue, gradeValue, textValue } from './values.js';
import { yieldBounds } from './yield.js';

export type SupplyOptions = PiecesOptions;

const MAX_LISTED = 20;
const list = (items: readonly string[]): string =>
  items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} … (${items.length} in all)`;
const muText = (mu: number): string => `${Number(mu.toFixed(4))} 亩`;

/** An area in `unit` → 亩 (exact decimal conversion for m² and 公顷: 1 公顷 = 15 亩). */
function unitToMu(v: number, unit: AreaUnit): number {
  if (unit === 'mu') return v;
  if (unit === 'ha') return toMu(Number(`${v}e4`));
  return toMu(v);
}

/**
 * Supply rows of the county's supplement projects, one per project feature in layer order (module comment).
 *
 * @example
 * const supply = verifySupply(reclamation, landuse2025, readYieldTable('yield.csv'), { credit: 'smaller' });
 * for (const s of supply) console.log(s.id, s.claimed?.area_mu, s.verified?.area_mu, s.credited.area_mu, s.note);
 */
export function verifySupply(
  projects: Layer,
  newestLanduse: Layer,
  yieldTable: YieldTable,
  config?: BalanceConfig | BalanceConfigInput,
  options: SupplyOptions = {},
): Supply[] {
  const cfg = parseBalanceConfig(config);
  const f = cfg.fields;
  requireField(projects, f.supplementArea, 'supplement project', 'fields.supplementArea');
  const { polygons } = cultivatedPieces(projects, newestLanduse, f.grade, options);
  const worst = yieldBounds(yieldTable).worst;
  const frozenIds = new Set(cfg.frozenIds);
  const frozenValues = new Set(cfg.frozenValues.map((v) => v.toUpperCase()));
  const problems: string[] = [];
  const out: Supply[] = [];
  for (let i = 0; i < projects.featureCount; i++) {
    const attrs = projects.attributes[i];
    const notes: string[] = [];
    const id = textValue(attrs[f.supplementId]) ?? `#${i + 1}`;
    if (textValue(attrs[f.supplementId]) === null) notes.push(`no id in ${f.supplementId}: named by its feature number`);
    const where = { featureIndex: i };
    const layerText = `supplement project layer "${projects.name}"`;
    const areaRaw = amountValue(attrs[f.supplementArea], `${layerText} ${f.supplementArea} (id ${id})`, where);
    if (areaRaw === null) {
      throw new InputError(`${layerText} ${f.supplementArea} (id ${id}): expected the claimed 新增耕地, found an empty value`, where);
    }
    const paddyRaw = amountValue(attrs[f.supplementPaddy], `${layerText} ${f.supplementPaddy} (id ${id})`, where);
    if (paddyRaw === null) notes.push(`no ${f.supplementPaddy}: no 新增水田 claimed`);
    const claimedArea = unitToMu(areaRaw, cfg.supplementUnit);
    const claimedPaddy = paddyRaw === null ? 0 : unitToMu(paddyRaw, cfg.supplementUnit);
    if (claimedPaddy > claimedArea) notes.push(`claimed 新增水田 ${muText(claimedPaddy)} exceeds claimed 新增耕地 ${muText(claimedArea)}`);

    // Claimed capacity at the claimed grade.
    const qhdb = gradeValue(attrs[f.supplementGrade], `${layerText} ${f.supplementGrade} (id ${id})`, where);
    let claimedYield: number | null = null;
    if (qhdb === null) {
      if (cfg.missingGrade === 'error') problems.push(`${id}: no ${f.supplementGrade}`);
      else {
        claimedYield = worst;
        notes.push(`no ${f.supplementGrade}: claimed 粮食产能 at the worst yield of the table, ${worst} kg/亩`);
      }
    } else {
      claimedYield = yieldTable.kgPerMu.get(qhdb) ?? null;
      if (claimedYield === null) problems.push(`${id}: ${f.supplementGrade} ${qhdb} is not in the table`);
    }
    const claimed: Indicators = { area_mu: claimedArea, paddy_mu: claimedPaddy, capacity_kg: claimedArea * (claimedYield ?? 0) };

    // Verified: cultivated land now inside.
    const p = polygons[i];
    let cultivated = 0;
    let paddyInside = 0;
    let capacityInside = 0;
    let ungradedMu = 0;
    for (const piece of p.pieces) {
      const mu = toMu(piece.areaM2);
      cultivated += mu;
      if (piece.landClass === 'paddy') paddyInside += mu;
      let y: number | null;
      if (piece.grade === null) {
        ungradedMu += mu;
        y = qhdb !== null ? claimedYield : cfg.missingGrade === 'conservative' ? worst : null;
        if (y === null && qhdb === null) problems.push(`${id}: ${muText(mu)} of ${piece.landClass} inside without ${f.grade}, and no ${f.supplementGrade}`);
      } else {
        y = yieldTable.kgPerMu.get(piece.grade) ?? null;
        if (y === null) problems.push(`${id}: land-use ${f.grade} ${piece.grade} inside is not in the table`);
      }
      capacityInside += mu * (y ?? 0);
    }
    if (ungradedMu > 0) {
      notes.push(`${muText(ungradedMu)} of the cultivated land inside has no ${f.grade}: taken at ${qhdb !== null ? `${f.supplementGrade} ${qhdb}` : 'the worst yield of the table'}`);
    }
    let verifiedArea: number;
    let verifiedPaddy: number;
    if (cfg.verification === 'capped') {
      verifiedArea = Math.min(claimedArea, cultivated);
      verifiedPaddy = Math.min(claimedPaddy, paddyInside, verifiedArea);
    } else {
      verifiedArea = cultivated;
      verifiedPaddy = paddyInside;
    }
    const verified: Indicators = {
      area_mu: verifiedArea,
      paddy_mu: verifiedPaddy,
      capacity_kg: cultivated > 0 ? (capacityInside * verifiedArea) / cultivated : 0,
    };
    if (cfg.verification === 'capped') {
      if (cultivated < claimedArea) notes.push(`only ${muText(cultivated)} of the claimed ${muText(claimedArea)} 新增耕地 is cultivated now inside the project`);
      if (paddyInside < claimedPaddy) notes.push(`only ${muText(paddyInside)} of the claimed ${muText(claimedPaddy)} 新增水田 is paddy now inside the project`);
    }
    if (p.unknownCodes.length > 0) {
      notes.push(`land-use codes in no class lie inside (not counted as 耕地): ${p.unknownCodes.map((u) => (u.code === '' ? '(empty)' : `"${u.code}"`)).join(', ')}`);
    }
    if (p.overlapM2 > 0) notes.push(`cultivated land-use parcels overlap each other inside by ${Number(p.overlapM2.toPrecision(6))} m² (counted twice)`);

    const credited: Indicators =
      cfg.credit === 'verified'
        ? verified
        : cfg.credit === 'claimed'
          ? claimed
          : {
              area_mu: Math.min(claimed.area_mu, verified.area_mu),
              paddy_mu: Math.min(claimed.paddy_mu, verified.paddy_mu),
              capacity_kg: Math.min(claimed.capacity_kg, verified.capacity_kg),
            };

    const mark = textValue(attrs[f.frozen]);
    let frozen = false;
    if (mark !== null && frozenValues.has(mark.toUpperCase())) {
      frozen = true;
      notes.push(`frozen (${f.frozen} ${JSON.stringify(mark)})`);
    } else if (frozenIds.has(id)) {
      frozen = true;
      notes.push('frozen (configuration frozenIds)');
    }
    const acceptedOn = dateValue(attrs[f.acceptedOn], `${layerText} ${f.acceptedOn} (id ${id})`, where);
    if (acceptedOn === null) notes.push(`no ${f.acceptedOn} 验收日期`);

    out.push({
      id,
      kind: 'project',
      projectType: textValue(attrs[f.supplementType]),
      name: textValue(attrs[f.supplementName]),
      acceptedOn,
      claimed,
      verified,
      credited,
      frozen,
      note: notes.length > 0 ? notes.join('; ') : null,
    });
  }
  if (problems.length > 0) {
    throw new InputError(
      `${problems.length} supplement project(s) whose 粮食产能 cannot be computed with the yield table ${yieldTable.source} ` +
        `(${yieldTable.scale} ${[...yieldTable.kgPerMu.keys()].join(', ')}): ${list(problems)}` +
        (cfg.missingGrade === 'error' ? '; give the grades, or set "missingGrade": "conservative"' : ''),
    );
  }
  return out;
}

/** Header names recognised for each column of the purchased-indicator ledger (trimmed, case-insensitive). */
export const PURCHASED_COLUMNS = {
  id: ['id', '编号', '指标编号', '项目编号'],
  name: ['名称', '项目名称', 'name'],
  source: ['来源', '指标来源', 'source'],
  area: ['耕地数量_亩', '耕地数量', '新增耕地_亩'],
  paddy: ['水田_亩', '水田规模_亩', '水田规模'],
  capacity: ['产能_公斤', '粮食产能_公斤', '粮食产能'],
  date: ['入库日期', '日期'],
  frozen: ['冻结', '是否冻结'],
} as const;

const NOT_FROZEN = new Set(['', '否', '0', 'N', 'NO', 'FALSE', '未冻结']);
const HEADER = 'id,名称,来源,耕地数量_亩,水田_亩,产能_公斤,入库日期,冻结';

/**
 * Reads the ledger of indicators bought from outside the county (CSV, UTF-8 or GBK): columns id, 名称, 来源,
 * 耕地数量_亩, 水田_亩, 产能_公斤, 入库日期, 冻结 (id and the three indicators required; other names in
 * {@link PURCHASED_COLUMNS}). Each row becomes a Supply of kind `'purchased'` credited as given. Indicators are
 * numbers ≥ 0 (write 0 for none); 冻结 is empty/否/0/N/false, or one of the configured frozenValues (or the id
 * is in frozenIds); 入库日期 Y-M-D. A duplicated id is an error naming both lines.
 *
 * @example
 * const bought = readPurchasedLedger('购买指标.csv');
 * bought[0].credited; // { area_mu: 50, paddy_mu: 10, capacity_kg: 40000 }
 */
export function readPurchasedLedger(path: string, config?: BalanceConfig | BalanceConfigInput): Supply[] {
  return parsePurchasedLedger(readTableBytes(path), path, config);
}

/**
 * {@link readPurchasedLedger} on bytes or text; `source` names the ledger in messages.
 *
 * @example
 * parsePurchasedLedger('id,耕地数量_亩,水田_亩,产能_公斤\nGM1,50,10,40000\n', 'ledger.csv')[0].kind; // 'purchased'
 */
export function parsePurchasedLedger(input: string | Uint8Array, source: string, config?: BalanceConfig | BalanceConfigInput): Supply[] {
  const cfg = parseBalanceConfig(config);
  const file = source;
  const csv = parseCsvText(decodeTable(input, { file }).text, file, { expectedHeader: HEADER });
  const col = (names: readonly string[], required: boolean, title: string): number =>
    required ? requireColumn(csv.header, names, title, file) : columnIndex(csv.header, names);
  const C = PURCHASED_COLUMNS;
  const idCol = col(C.id, true, 'id');
  const areaCol = col(C.area, true, '耕地数量_亩');
  const paddyCol = col(C.paddy, true, '水田_亩');
  const capCol = col(C.capacity, true, '产能_公斤');
  const nameCol = col(C.name, false, '名称');
  const sourceCol = col(C.source, false, '来源');
  const dateCol = col(C.date, false, '入库日期');
  const frozenCol = col(C.frozen, false, '冻结');
  const frozenValues = new Set(cfg.frozenValues.map((v) => v.toUpperCase()));
  const frozenIds = new Set(cfg.frozenIds);
  const lines = new Map<string, number>();
  const out: Supply[] = [];
  for (const rec of csv.records) {
    const cell = (k: number): string => (k >= 0 ? (rec.cells[k] ?? '').trim() : '');
    const id = cell(idCol);
    if (id === '') throw new InputError(`line ${rec.line}: expected an id, found an empty cell`, { file });
    const earlier = lines.get(id);
    if (earlier !== undefined) throw new InputError(`id ${id} appears twice, on lines ${earlier} and ${rec.line}`, { file });
    lines.set(id, rec.line);
    const num = (k: number, title: string): number => {
      const t = cell(k);
      const n = /^[+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : NaN;
      if (!Number.isFinite(n)) {
        throw new InputError(`line ${rec.line} (id ${id}) ${title}: expected a number ≥ 0 (write 0 for none), found ${JSON.stringify(t)}`, { file });
      }
      return n;
    };
    const credited: Indicators = { area_mu: num(areaCol, '耕地数量_亩'), paddy_mu: num(paddyCol, '水田_亩'), capacity_kg: num(capCol, '产能_公斤') };
    const mark = cell(frozenCol);
    let frozen: boolean;
    if (frozenValues.has(mark.toUpperCase())) frozen = true;
    else if (NOT_FROZEN.has(mark.toUpperCase())) frozen = false;
    else {
      throw new InputError(
        `line ${rec.line} (id ${id}) 冻结: expected empty, 否, 0 or one of ${cfg.frozenValues.join(', ')}, found ${JSON.stringify(mark)}`,
        { file },
      );
    }
    const notes: string[] = [];
    if (cell(sourceCol) !== '') notes.push(`来源 ${cell(sourceCol)}`);
    if (!frozen && frozenIds.has(id)) {
      frozen = true;
      notes.push('frozen (configuration frozenIds)');
    } else if (frozen) notes.push(`frozen (冻结 ${JSON.stringify(mark)})`);
    if (credited.paddy_mu > credited.area_mu) notes.push(`水田 ${muText(credited.paddy_mu)} exceeds 耕地数量 ${muText(credited.area_mu)}`);
    const dateText = cell(dateCol);
    out.push({
      id,
      kind: 'purchased',
      projectType: null,
      name: cell(nameCol) || null,
      acceptedOn: dateText === '' ? null : dateValue(dateText, `line ${rec.line} (id ${id}) 入库日期`, { file }),
      claimed: null,
      verified: null,
      credited,
      frozen,
      note: notes.length > 0 ? notes.join('; ') : null,
    });
  }
  return out;
}
