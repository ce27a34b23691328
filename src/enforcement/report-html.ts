/**
 * The 卫片执法 report as one self-contained HTML file (issue 5): a county map in SVG (townships outlined and
 * labelled, patches filled by category; hover or click a patch for its 套合 rows), the township table, the
 * 违法占用耕地 ratio against the 15 % accountability line (15号令, domain.md §6) and a 清零 progress chart.
 *
 * Self-contained means: one UTF-8 file, inline CSS and one small inline script, no URL of any kind (no fonts,
 * no CDN, no images), so it opens from a USB stick on an offline machine and can be mailed as it is. The
 * file is a well-formed HTML document whose tags all close (void elements excepted), so it also survives
 * tools that expect XML-like input.
 *
 * Escaping (every id, name and note is untrusted: patch ids come from the province's files):
 * - text and attribute values: & < > " ' become character references (HTML Living Standard §13.1.2.3,
 *   §13.1.4); control characters that HTML forbids (§13.2.5 "control-character-in-input-stream") and lone
 *   surrogates (not encodable in UTF-8) become U+FFFD;
 * - the data block is JSON inside `<script type="application/json">`, with <, >, &, U+2028 and U+2029 written
 *   as \uXXXX escapes, so no `</script` or `<!--` can end or alter the script element (HTML §4.12.1.3
 *   "Restrictions for contents of script elements"); JSON.parse restores the exact strings.
 * The script builds the panel with textContent only, never innerHTML.
 */
import { AREA_TITLES, TABLE_AREA_KEYS, type Judgement, type SummaryRow, type TaoheRow } from './types.js';
import type { Layer } from '../geometry/types.js';
import { roundHalfAwayFromZero } from '../area/units.js';
import { CrsError, InputError } from '../errors.js';
import { sameCrs } from '../crs/registry.js';
import { featurePathData, formatDecimetres, labelPoint, mapFrame, niceLength, type MapFrame } from './svg-map.js';

/** One point of the 清零 progress: patches closed (整改到位, 销号) out of all patches, at a date. */
export interface ProgressPoint {
  /** As it should be printed, e.g. "2024-03-31". */
  readonly date: string;
  readonly closed: number;
  readonly total: number;
}

/** Everything the report shows; computed elsewhere (taohe.ts, judge.ts, ledger.ts), only drawn here. */
export interface ReportInput {
  /** Document and page title, e.g. "示例县 2024 年度卫片执法图斑套合报告". */
  readonly title: string;
  readonly county: { readonly name: string };
  /** The patch layer the rows were computed from (projected, metres); `TaoheRow.patchIndex` points into it. */
  readonly patches: Layer;
  readonly rows: readonly TaoheRow[];
  /**
   * One judgement per row: matched by position when `judgements[i].id === rows[i].id` for all i (so duplicated
   * patch ids stay apart), else by id (the first judgement with a row's id). Rows without one are 未判定.
   */
  readonly judgements: readonly Judgement[];
  /** Township boundaries, drawn as outlines with labels; same CRS as `patches`. */
  readonly townships?: Layer;
  /** Attributes of the township layer holding code and name (defaults XZQDM, XZQMC as in EnforcementConfig). */
  readonly townshipFields?: { readonly code?: string; readonly name?: string };
  readonly townshipRows: readonly SummaryRow[];
  readonly countyRow: SummaryRow;
  readonly ratios: {
    /** 违法占用耕地面积 ÷ 新增建设用地占用耕地面积, or null when there is no 新增建设用地占用耕地. */
    readonly illegalCultivatedShare: number | null;
    /** The accountability line (0.15, 15号令). */
    readonly line: number;
  };
  /** 清零 progress in the order to draw (oldest first). */
  readonly progress: readonly ProgressPoint[];
  /** When the numbers were produced, as printed (e.g. an ISO timestamp). */
  readonly generatedAt: string;
  /** Statements shown under 说明 (township assignment used, missing layers, slivers, …). */
  readonly notes?: readonly string[];
}

/** The categories a judgement can suggest (types.ts Category), in legend order, with their fill colours. */
export const SUGGESTED_COLOURS: Readonly<Record<string, string>> = {
  合法候选: '#43a047',
  设施农用地: '#1e88e5',
  疑似违法: '#e53935',
};
/** Field-verified categories that are not one of the suggested ones get these, in order of first appearance. */
export const VERIFIED_PALETTE: readonly string[] = ['#8e24aa', '#fb8c00', '#00897b', '#6d4c41', '#d81b60', '#3949ab', '#9e9d24', '#546e7a'];
/** Patches with no row or no judgement. */
export const UNJUDGED = '未判定';
const UNJUDGED_COLOUR = '#bdbdbd';

const AREA_KEYS = TABLE_AREA_KEYS;

/**
 * Renders the report: one complete HTML document (UTF-8), no external references.
 *
 * Patches are drawn in layer order, one `<path data-id="patch id" data-index="feature index">` per non-empty
 * feature, with a `<title>`; empty features are listed under 说明. A patch's colour is its rows' category; when
 * the parts of a split patch differ, a field-verified category wins, then 疑似违法, 设施农用地, 合法候选. The
 * `<svg id="map">` carries `data-origin-x` / `data-origin-y`: the projected coordinates of its user-space
 * origin (user unit = 1 m, y down), so path data can be turned back into map coordinates.
 *
 * @throws InputError when a row points outside the patch layer, a layer is geographic (degrees, not metres),
 *   the line is not in (0, 1], or a progress point is not 0 ≤ closed ≤ total (integers); CrsError when patches
 *   and townships are in different CRSs.
 * @example
 * const html = renderReport({
 *   title: '示例县卫片执法报告', county: { name: '示例县' }, patches, rows, judgements, townships,
 *   townshipRows: result.townships, countyRow: result.county,
 *   ratios: { illegalCultivatedShare: 0.12, line: 0.15 },
 *   progress: [{ date: '2024-03-31', closed: 40, total: 120 }], generatedAt: new Date().toISOString(),
 * });
 * await writeFile('report.html', html, 'utf8');
 */
export function renderReport(input: ReportInput): string {
  validate(input);
  const judged = matchJudgements(input.rows, input.judgements);
  const patches = patchEntries(input, judged);
  const categories = categoryTable(input.rows, judged, patches);
  const frame = mapFrame([input.patches, input.townships]);
  const emptyPatches = patches.filter((p) => !p.drawn);

  const notes = [...(input.notes ?? [])];
  if (emptyPatches.length > 0) {
    const ids = emptyPatches.slice(0, 20).map((p) => p.id).join('、');
    notes.push(`${emptyPatches.length} 个图斑没有几何，未在图上显示：${ids}${emptyPatches.length > 20 ? ' 等' : ''}`);
  }

  const data = {
    titles: AREA_KEYS.map((k) => AREA_TITLES[k]),
    patches: patches.map((p) => ({ id: p.id, category: p.category, mixed: p.mixed, rows: p.rows })),
    rows: input.rows.map((row, i) => rowData(row, judged[i])),
  };

  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    `<meta name="generator" content="tuban">\n<title>${esc(input.title)}</title>\n<style>${CSS}${categoryCss(categories)}</style>\n</head>\n<body>\n`,
    `<header><h1>${esc(input.title)}</h1><p class="meta">${esc(input.county.name)} · 图斑 ${patches.length} 个 · 套合 ${input.rows.length} 行 · 生成时间 ${esc(input.generatedAt)}</p></header>\n<main>\n`,
  );
  parts.push(mapSection(input, frame, patches, categories));
  parts.push(ratioSection(input.ratios));
  parts.push(progressSection(input.progress));
  parts.push(townshipSection(input.townshipRows, input.countyRow));
  if (notes.length > 0) parts.push(`<section id="notes"><h2>说明</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>\n`);
  parts.push('</main>\n');
  parts.push(`<script type="application/json" id="tuban-data">${jsonForScript(data)}</script>\n`);
  parts.push(`<script>${SCRIPT}</script>\n</body>\n</html>\n`);
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------------------
// Input checks and the patch/category model

function validate(input: ReportInput): void {
  const { patches, townships } = input;
  for (const layer of [patches, townships]) {
    if (layer?.crs?.kind === 'geographic') {
      throw new InputError(
        `layer "${layer.name}" is in ${layer.crs.name} (degrees); the report map needs projected coordinates in metres — reproject it to its Gauss–Krüger zone first`,
      );
    }
  }
  if (townships?.crs && patches.crs && !sameCrs(townships.crs, patches.crs)) {
    throw new CrsError(
      `patches are in ${patches.crs.name} but townships are in ${townships.crs.name}; reproject the townships to the patches' CRS before drawing them on one map`,
    );
  }
  input.rows.forEach((row, i) => {
    if (!Number.isInteger(row.patchIndex) || row.patchIndex < 0 || row.patchIndex >= patches.featureCount) {
      throw new InputError(
        `row ${i} (图斑 ${row.id}) points to patch ${row.patchIndex}, but the patch layer "${patches.name}" has features 0…${patches.featureCount - 1}`,
      );
    }
  });
  const line = input.ratios.line;
  if (!(line > 0 && line <= 1)) throw new InputError(`ratios.line must be a share in (0, 1] (0.15 for 15 %), got ${String(line)}`);
  const share = input.ratios.illegalCultivatedShare;
  if (share !== null && !(share >= 0 && Number.isFinite(share))) {
    throw new InputError(`ratios.illegalCultivatedShare must be a share ≥ 0 or null, got ${String(share)}`);
  }
  input.progress.forEach((p, i) => {
    if (!Number.isInteger(p.closed) || !Number.isInteger(p.total) || p.closed < 0 || p.closed > p.total) {
      throw new InputError(`progress[${i}] (${p.date}) must have integers 0 ≤ closed ≤ total, got closed ${p.closed}, total ${p.total}`);
    }
  });
}

function matchJudgements(rows: readonly TaoheRow[], judgements: readonly Judgement[]): (Judgement | undefined)[] {
  if (judgements.length === rows.length && rows.every((r, i) => judgements[i].id === r.id)) return [...judgements];
  const byId = new Map<string, Judgement>();
  for (const j of judgements) if (!byId.has(j.id)) byId.set(j.id, j);
  return rows.map((r) => byId.get(r.id));
}

interface PatchEntry {
  readonly index: number;
  /** The rows' patch id, else the GeoJSON id, else "要素 <index>". */
  id: string;
  readonly rows: number[];
  category: string;
  /** Whether the rows (township parts) of the patch have different categories. */
  mixed: boolean;
  readonly drawn: boolean;
}

function patchEntries(input: ReportInput, judged: readonly (Judgement | undefined)[]): PatchEntry[] {
  const layer = input.patches;
  const entries: PatchEntry[] = [];
  for (let f = 0; f < layer.featureCount; f++) {
    const fid = layer.featureIds[f];
    entries.push({
      index: f,
      id: fid === null || fid === undefined ? `要素 ${f}` : String(fid),
      rows: [],
      category: UNJUDGED,
      mixed: false,
      drawn: layer.featureOffsets[f + 1] > layer.featureOffsets[f],
    });
  }
  input.rows.forEach((row, i) => entries[row.patchIndex].rows.push(i));
  for (const e of entries) {
    if (e.rows.length === 0) continue;
    const first = input.rows[e.rows[0]];
    e.id = first.patchId;
    const cats = e.rows.map((i) => ({ category: judged[i]?.category ?? UNJUDGED, verified: judged[i]?.verified ?? null }));
    e.mixed = cats.some((c) => c.category !== cats[0].category);
    e.category = e.mixed ? pickCategory(cats) : cats[0].category;
  }
  return entries;
}

/** The category a patch with differently judged parts is drawn in: field checks first, then the most severe. */
function pickCategory(cats: readonly { category: string; verified: string | null }[]): string {
  const verified = cats.find((c) => c.verified !== null);
  if (verified) return verified.category;
  for (const c of ['疑似违法', '设施农用地', '合法候选']) if (cats.some((x) => x.category === c)) return c;
  return cats[0].category;
}

interface CategoryInfo {
  readonly name: string;
  readonly colour: string;
  readonly verified: boolean;
  /** Patches drawn in it. */
  count: number;
}

/** Legend order: the suggested categories, then verified ones in order of first appearance, then 未判定. */
function categoryTable(rows: readonly TaoheRow[], judged: readonly (Judgement | undefined)[], patches: readonly PatchEntry[]): CategoryInfo[] {
  const table: CategoryInfo[] = Object.entries(SUGGESTED_COLOURS).map(([name, colour]) => ({ name, colour, verified: false, count: 0 }));
  const known = new Set(table.map((c) => c.name));
  let next = 0;
  const add = (name: string): void => {
    if (known.has(name)) return;
    known.add(name);
    table.push({ name, colour: VERIFIED_PALETTE[next++ % VERIFIED_PALETTE.length], verified: true, count: 0 });
  };
  rows.forEach((_, i) => {
    const j = judged[i];
    if (j) add(j.category);
  });
  for (const p of patches) if (p.category !== UNJUDGED) add(p.category);
  if (patches.some((p) => p.category === UNJUDGED)) table.push({ name: UNJUDGED, colour: UNJUDGED_COLOUR, verified: false, count: 0 });
  const byName = new Map(table.map((c) => [c.name, c]));
  for (const p of patches) if (p.drawn) byName.get(p.category)!.count++;
  return table;
}

function categoryCss(categories: readonly CategoryInfo[]): string {
  return categories.map((c, i) => `.c${i}{fill:${c.colour};background:${c.colour}}`).join('');
}

function rowData(row: TaoheRow, j: Judgement | undefined): Record<string, unknown> {
  const flags: string[] = [];
  if (j?.occupiesBasicFarmland) flags.push('占用永久基本农田');
  if (j?.nonConforming) flags.push('不符合规划（限制/禁止建设区）');
  if (j?.touchesRedline) flags.push('涉及生态保护红线');
  if (j?.criminal) flags.push('达到刑事立案标准（3 个工作日内移送）');
  return {
    id: row.id,
    part: row.part,
    township: row.townshipName ?? row.townshipCode ?? '',
    townshipCode: row.townshipCode ?? '',
    category: j?.category ?? UNJUDGED,
    suggested: j?.suggested ?? '',
    verified: j?.verified ?? '',
    flags,
    remediation: j?.remediationRequired ?? '',
    reasons: j?.reasons ?? [],
    // Numbers, not strings, to keep the file small: the script prints them with toFixed(2), which gives back
    // the 2-decimal value exactly (ECMA-262 Number.prototype.toFixed picks the n with n/100 nearest to x).
    mu: AREA_KEYS.map((k) => (Number.isFinite(row.mu[k]) ? roundHalfAwayFromZero(row.mu[k], 2) : null)),
    approvedShare: formatPercent(row.approvedShare, 1),
    balanced: row.balanced,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sections

function mapSection(input: ReportInput, frame: MapFrame | null, patches: readonly PatchEntry[], categories: readonly CategoryInfo[]): string {
  const out: string[] = ['<section id="map-section"><h2>图斑分布图</h2>\n<div class="map-wrap">\n'];
  if (frame === null) {
    out.push('<p class="empty">没有可绘制的图斑或乡镇界线。</p>');
  } else {
    const size = Math.max(frame.width, frame.height);
    const pad = size * 0.07;
    const font = size / 55;
    const vb = [-pad, -pad, frame.width + 2 * pad, frame.height + 2 * pad].map((v) => formatDecimetres(Math.round(v * 10))).join(' ');
    out.push(
      `<svg id="map" viewBox="${vb}" role="img" aria-label="${esc(`${input.county.name}图斑分布图`)}" data-origin-x="${esc(String(frame.originX))}" data-origin-y="${esc(String(frame.originY))}" data-unit="m">\n`,
    );
    out.push(`<rect class="sea" x="${fmt1(-pad)}" y="${fmt1(-pad)}" width="${fmt1(frame.width + 2 * pad)}" height="${fmt1(frame.height + 2 * pad)}"/>\n`);
    const catIndex = new Map(categories.map((c, i) => [c.name, i]));
    const town = input.townships;
    const labels: string[] = [];
    if (town) {
      const codeField = input.townshipFields?.code ?? 'XZQDM';
      const nameField = input.townshipFields?.name ?? 'XZQMC';
      const summary = new Map(input.townshipRows.filter((r) => r.code !== null).map((r) => [r.code as string, r]));
      out.push('<g class="townships">');
      for (let f = 0; f < town.featureCount; f++) {
        if (town.featureOffsets[f + 1] === town.featureOffsets[f]) continue;
        const attrs = town.attributes[f] ?? {};
        const code = attrs[codeField] === null || attrs[codeField] === undefined ? null : String(attrs[codeField]);
        const row = code === null ? undefined : summary.get(code);
        const rawName = attrs[nameField];
        const name = rawName !== null && rawName !== undefined && String(rawName) !== '' ? String(rawName) : (row?.name ?? code ?? `乡镇 ${f}`);
        const tip = row ? `${name}：图斑 ${row.count} 个，${AREA_TITLES.total} ${formatMu(row.mu.total)} 亩` : name;
        out.push(`<path d="${featurePathData(town, f, frame)}" data-code="${esc(code ?? '')}"><title>${esc(tip)}</title></path>`);
        const lp = labelPoint(town, f);
        if (lp) {
          labels.push(
            `<text x="${fmt1(lp[0] - frame.originX)}" y="${fmt1(frame.originY - lp[1])}" font-size="${fmt1(font)}" stroke-width="${fmt1(font * 0.18)}">${esc(name)}</text>`,
          );
        }
      }
      out.push('</g>\n');
    }
    out.push('<g class="patches">');
    for (const p of patches) {
      if (!p.drawn) continue;
      const ci = catIndex.get(p.category) ?? 0;
      const tip = `${p.id} · ${p.category}${p.mixed ? '（各部分类别不同）' : ''}`;
      out.push(
        `<path class="c${ci}" d="${featurePathData(input.patches, p.index, frame)}" data-id="${esc(p.id)}" data-index="${p.index}" tabindex="0"><title>${esc(tip)}</title></path>\n`,
      );
    }
    out.push('</g>\n');
    if (labels.length > 0) out.push(`<g class="labels">${labels.join('')}</g>\n`);
    out.push(scaleBar(frame, pad, font), northArrow(frame, pad, font), '</svg>\n');
  }
  out.push(
    '<aside id="panel" aria-live="polite"><p class="hint">将鼠标移到图斑上查看其套合数据（亩），点击可固定，再次点击或按 Esc 取消。</p></aside>\n</div>\n',
  );
  out.push('<ul class="legend">');
  for (const [i, c] of categories.entries()) {
    out.push(`<li><span class="swatch c${i}"></span>${esc(c.name)}${c.verified ? '（核查）' : ''} <span class="n">${c.count}</span></li>`);
  }
  out.push('</ul>\n</section>\n');
  return out.join('');
}

function scaleBar(frame: MapFrame, pad: number, font: number): string {
  const len = niceLength(frame.width / 4);
  const y = frame.height + pad * 0.7;
  const label = len >= 1000 ? `${len / 1000} 千米` : `${len} 米`;
  return (
    `<g class="scale"><path d="M0 ${fmt1(y - font * 0.4)}V${fmt1(y)}H${fmt1(len)}V${fmt1(y - font * 0.4)}"/>` +
    `<text x="${fmt1(len / 2)}" y="${fmt1(y - font * 0.6)}" font-size="${fmt1(font)}">${label}</text></g>\n`
  );
}

function northArrow(frame: MapFrame, pad: number, font: number): string {
  const x = frame.width + pad * 0.5;
  const top = -pad * 0.6;
  const h = font * 2.2;
  return (
    `<g class="north"><path d="M${fmt1(x)} ${fmt1(top)}L${fmt1(x + font * 0.6)} ${fmt1(top + h)}L${fmt1(x)} ${fmt1(top + h * 0.75)}L${fmt1(x - font * 0.6)} ${fmt1(top + h)}z"/>` +
    `<text x="${fmt1(x)}" y="${fmt1(top + h + font * 1.1)}" font-size="${fmt1(font)}">北</text></g>\n`
  );
}

function ratioSection(ratios: ReportInput['ratios']): string {
  const title = '违法占用耕地面积占新增建设用地占用耕地面积的比例';
  const lineText = `${trimPercent(ratios.line)}%`;
  const out: string[] = [`<section id="ratio"><h2>${title}</h2>\n`];
  const share = ratios.illegalCultivatedShare;
  if (share === null) {
    out.push(`<p>本期没有新增建设用地占用耕地，比例不适用（问责线 ${lineText}）。</p></section>\n`);
    return out.join('');
  }
  const over = share >= ratios.line;
  const max = Math.max(ratios.line * 2, Math.ceil((share * 1.05) / 0.05) * 0.05);
  const W = 640;
  const x0 = 10;
  const bw = W - 20;
  const px = (v: number): string => fmt1(x0 + (Math.min(v, max) / max) * bw);
  out.push(
    `<p class="ratio-text ${over ? 'over' : 'under'}">${formatPercent(share, 2)}，${over ? '达到或超过' : '低于'}问责线 ${lineText}（监察部 国土资源部令第15号）。</p>\n`,
    `<svg class="ratio-bar" viewBox="0 0 ${W} 56" role="img" aria-label="${esc(`${title} ${formatPercent(share, 2)}，问责线 ${lineText}`)}">`,
    `<rect class="track" x="${x0}" y="14" width="${bw}" height="20"/>`,
    `<rect class="bar ${over ? 'over' : 'under'}" x="${x0}" y="14" width="${fmt1((Math.min(share, max) / max) * bw)}" height="20"><title>${formatPercent(share, 2)}</title></rect>`,
    `<line class="limit" x1="${px(ratios.line)}" y1="6" x2="${px(ratios.line)}" y2="42"/>`,
    `<text x="${px(ratios.line)}" y="54" text-anchor="middle">${lineText}</text>`,
    `<text x="${x0}" y="54">0%</text><text x="${x0 + bw}" y="54" text-anchor="end">${trimPercent(max)}%</text>`,
    '</svg></section>\n',
  );
  return out.join('');
}

function progressSection(progress: readonly ProgressPoint[]): string {
  const out: string[] = ['<section id="progress"><h2>清零进度</h2>\n'];
  if (progress.length === 0) {
    out.push('<p>暂无整改进度数据。</p></section>\n');
    return out.join('');
  }
  const last = progress[progress.length - 1];
  const share = last.total > 0 ? last.closed / last.total : 1;
  out.push(
    `<p>截至 ${esc(last.date)}：已清零 ${last.closed} / ${last.total} 个图斑（${formatPercent(share, 1)}）${last.closed === last.total ? '，已全部清零' : `，尚余 ${last.total - last.closed} 个`}。</p>\n`,
  );
  const W = 720;
  const H = 260;
  const left = 48;
  const right = 12;
  const top = 16;
  const bottom = 44;
  const maxTotal = Math.max(1, ...progress.map((p) => p.total));
  const yMax = niceCeil(maxTotal);
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const step = plotW / progress.length;
  const bw = Math.max(1, step * 0.6);
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const labelEvery = Math.max(1, Math.ceil(progress.length / 12));
  out.push(`<svg class="progress-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="清零进度图">`);
  for (const t of [0, yMax / 2, yMax]) {
    out.push(`<line class="grid" x1="${left}" y1="${fmt1(y(t))}" x2="${W - right}" y2="${fmt1(y(t))}"/><text x="${left - 6}" y="${fmt1(y(t) + 4)}" text-anchor="end">${fmtNumber(t)}</text>`);
  }
  const points: string[] = [];
  progress.forEach((p, i) => {
    const cx = left + step * (i + 0.5);
    const pct = formatPercent(p.total > 0 ? p.closed / p.total : 1, 1);
    out.push(
      `<g><title>${esc(`${p.date}：已清零 ${p.closed} / ${p.total}（${pct}）`)}</title>`,
      `<rect class="total" x="${fmt1(cx - bw / 2)}" y="${fmt1(y(p.total))}" width="${fmt1(bw)}" height="${fmt1(y(0) - y(p.total))}"/>`,
      `<rect class="closed" x="${fmt1(cx - bw / 2)}" y="${fmt1(y(p.closed))}" width="${fmt1(bw)}" height="${fmt1(y(0) - y(p.closed))}"/></g>`,
    );
    points.push(`${fmt1(cx)},${fmt1(y(p.closed))}`);
    if (i % labelEvery === 0 || i === progress.length - 1) {
      out.push(`<text x="${fmt1(cx)}" y="${H - bottom + 16}" text-anchor="middle">${esc(p.date)}</text>`);
    }
  });
  if (progress.length > 1) out.push(`<polyline class="trend" points="${points.join(' ')}"/>`);
  out.push(
    `<rect class="closed" x="${left}" y="${H - 16}" width="10" height="10"/><text x="${left + 14}" y="${H - 7}">已清零</text>`,
    `<rect class="total" x="${left + 80}" y="${H - 16}" width="10" height="10"/><text x="${left + 94}" y="${H - 7}">图斑总数</text>`,
    '</svg>\n',
  );
  out.push('<details><summary>进度数据</summary><table class="data"><thead><tr><th>日期</th><th>已清零</th><th>图斑总数</th><th>清零率</th></tr></thead><tbody>');
  for (const p of progress) {
    out.push(`<tr><td>${esc(p.date)}</td><td>${p.closed}</td><td>${p.total}</td><td>${formatPercent(p.total > 0 ? p.closed / p.total : 1, 1)}</td></tr>`);
  }
  out.push('</tbody></table></details></section>\n');
  return out.join('');
}

function townshipSection(rows: readonly SummaryRow[], county: SummaryRow): string {
  const out: string[] = ['<section id="township-table"><h2>乡镇汇总（亩）</h2>\n<div class="scroll"><table class="data">'];
  out.push(`<thead><tr><th>乡镇代码</th><th>乡镇名称</th><th>图斑数</th>${AREA_KEYS.map((k) => `<th>${AREA_TITLES[k]}</th>`).join('')}</tr></thead>\n<tbody>`);
  const line = (r: SummaryRow): string =>
    `<td>${esc(r.code ?? '')}</td><td>${esc(r.name)}</td><td>${r.count}</td>${AREA_KEYS.map((k) => `<td>${formatMu(r.mu[k])}</td>`).join('')}`;
  for (const r of rows) out.push(`<tr>${line(r)}</tr>\n`);
  out.push(`</tbody>\n<tfoot><tr class="total">${line(county)}</tr></tfoot></table></div></section>\n`);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------
// Formatting and escaping

/** 亩 to 2 decimals, half away from zero (domain.md §4). */
function formatMu(mu: number): string {
  return Number.isFinite(mu) ? roundHalfAwayFromZero(mu, 2).toFixed(2) : '—';
}

function formatPercent(share: number, decimals: number): string {
  return Number.isFinite(share) ? `${roundHalfAwayFromZero(share * 100, decimals).toFixed(decimals)}%` : '—';
}

/** A share as a percentage without trailing zeros: 0.15 → "15", 0.125 → "12.5". */
function trimPercent(share: number): string {
  return String(roundHalfAwayFromZero(share * 100, 2));
}

function fmtNumber(v: number): string {
  return String(roundHalfAwayFromZero(v, 1));
}

/** A coordinate in metres to the 0.1 m grid of the path data. */
function fmt1(v: number): string {
  return formatDecimetres(Math.round(v * 10));
}

/** The smallest 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ at or above v (an axis maximum with a round half). */
function niceCeil(v: number): number {
  const pow = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * pow >= v) return m * pow;
  return 10 * pow;
}

/** Characters HTML forbids in input (§13.2.5) except TAB, LF, CR; and lone UTF-16 surrogates. */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text safe in HTML text and in a double- or single-quoted attribute value.
 *
 * @example
 * escapeHtml('a"<&>'); // 'a&quot;&lt;&amp;&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(UNSAFE, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
const esc = escapeHtml;

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&`, U+2028, U+2029 as \u escapes, so
 * that no `</script`, `<!--` or `-->` appears (HTML §4.12.1.3); JSON.parse gives back the same value.
 *
 * @example
 * jsonForScript({ id: '</script>' }); // '{"id":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Inline CSS and script (no external resources; system CJK fonts only)

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#212121;background:#fafafa}
header{padding:16px 24px;background:#263238;color:#fff}
header h1{margin:0;font-size:22px}
header .meta{margin:4px 0 0;color:#cfd8dc}
main{padding:8px 24px 32px}
section{margin:16px 0;padding:12px 16px;background:#fff;border:1px solid #e0e0e0;border-radius:6px}
h2{margin:0 0 10px;font-size:17px}
.map-wrap{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:16px;align-items:start}
#map{width:100%;height:auto;max-height:78vh;display:block}
#map .sea{fill:#f5f5f0}
#map .townships path{fill:#fffdf5;stroke:#8d8d8d;stroke-width:1.2;vector-effect:non-scaling-stroke}
#map .patches{fill-rule:evenodd}
#map .patches path{stroke:#37474f;stroke-width:.6;fill-opacity:.88;vector-effect:non-scaling-stroke;cursor:pointer}
#map .patches path:hover,#map .patches path:focus{stroke:#000;stroke-width:2.2;fill-opacity:1;outline:none}
#map .patches path.pinned{stroke:#ffeb3b;stroke-width:3;fill-opacity:1}
#map .labels text{fill:#455a64;stroke:#fffdf5;paint-order:stroke;text-anchor:middle;dominant-baseline:middle;pointer-events:none}
#map .scale path{fill:none;stroke:#333;stroke-width:1.5;vector-effect:non-scaling-stroke}
#map .scale text,#map .north text{fill:#333;text-anchor:middle}
#map .north path{fill:#333}
#panel{border:1px solid #e0e0e0;border-radius:6px;padding:10px 12px;min-height:200px;max-height:78vh;overflow:auto;background:#fcfcfc}
#panel h3{margin:0 0 4px;font-size:16px;word-break:break-all}
#panel .hint{color:#757575}
#panel table{border-collapse:collapse;width:100%;font-size:13px}
#panel th,#panel td{border-bottom:1px solid #eee;padding:2px 4px;text-align:right}
#panel th:first-child,#panel td:first-child{text-align:left;font-weight:normal;color:#555}
#panel ul{margin:4px 0;padding-left:18px}
#panel .flag{color:#c62828}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;margin:10px 0 0;padding:0}
.legend .swatch{display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:-2px;border:1px solid #37474f}
.legend .n{color:#757575}
.ratio-text.over{color:#c62828;font-weight:bold}
.ratio-text.under{color:#2e7d32}
.ratio-bar{width:100%;max-width:640px;display:block}
.ratio-bar .track{fill:#eceff1}
.ratio-bar .bar.over{fill:#e53935}
.ratio-bar .bar.under{fill:#43a047}
.ratio-bar .limit{stroke:#212121;stroke-width:2;stroke-dasharray:4 3}
.ratio-bar text,.progress-chart text{font-size:12px;fill:#424242}
.progress-chart{width:100%;max-width:720px;display:block}
.progress-chart .grid{stroke:#e0e0e0}
.progress-chart rect.total{fill:#cfd8dc}
.progress-chart rect.closed{fill:#43a047}
.progress-chart .trend{fill:none;stroke:#1b5e20;stroke-width:1.5}
.scroll{overflow-x:auto}
table.data{border-collapse:collapse;font-size:13px;white-space:nowrap}
table.data th,table.data td{border:1px solid #e0e0e0;padding:3px 6px;text-align:right}
table.data th{background:#eceff1;text-align:center}
table.data td:nth-child(-n+2){text-align:left}
table.data tfoot td{font-weight:bold;background:#f5f5f5}
#notes ul{margin:0;padding-left:20px}
@media print{.map-wrap{grid-template-columns:1fr}#panel{display:none}}
@media (max-width:900px){.map-wrap{grid-template-columns:1fr}}
`;

/**
 * The panel: hover shows a patch, click pins it (and brings it to the front), click again or Esc unpins.
 * Keyboard: patches are focusable (tabindex), focus shows, Enter pins. Built with textContent only.
 */
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tuban-data').textContent);
  var map = document.getElementById('map');
  var panel = document.getElementById('panel');
  if (!map) return;
  var pinned = null;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function show(index) {
    var p = data.patches[index];
    panel.textContent = '';
    panel.setAttribute('data-id', p.id);
    panel.appendChild(el('h3', p.id));
    panel.appendChild(el('p', '类别：' + p.category + (p.mixed ? '（各部分类别不同）' : '')));
    if (p.rows.length === 0) { panel.appendChild(el('p', '该图斑没有套合数据。', 'hint')); return; }
    var rows = p.rows.map(function (i) { return data.rows[i]; });
    rows.forEach(function (r) {
      var box = el('div');
      var head = (rows.length > 1 ? r.id + '：' : '') + (r.township ? r.township + (r.townshipCode ? '（' + r.townshipCode + '）' : '') : '未落入乡镇');
      box.appendChild(el('p', head));
      var facts = '建议：' + (r.suggested || '—') + (r.verified ? '；核查：' + r.verified : '');
      box.appendChild(el('p', facts));
      if (r.flags.length) { var ul = el('ul'); r.flags.forEach(function (f) { ul.appendChild(el('li', f, 'flag')); }); box.appendChild(ul); }
      if (r.remediation) box.appendChild(el('p', '应整改方式：' + r.remediation));
      if (r.reasons.length) { var ur = el('ul'); r.reasons.forEach(function (t) { ur.appendChild(el('li', t)); }); box.appendChild(ur); }
      panel.appendChild(box);
    });
    var table = el('table');
    var tr = el('tr');
    tr.appendChild(el('th', '项目（亩）'));
    rows.forEach(function (r) { tr.appendChild(el('th', rows.length > 1 ? (r.part !== null ? '第' + r.part + '部分' : r.id) : '面积')); });
    var thead = el('thead'); thead.appendChild(tr); table.appendChild(thead);
    var tbody = el('tbody');
    data.titles.forEach(function (t, k) {
      var row = el('tr'); row.appendChild(el('td', t));
      rows.forEach(function (r) { row.appendChild(el('td', r.mu[k] === null ? '—' : r.mu[k].toFixed(2))); });
      tbody.appendChild(row);
    });
    var share = el('tr'); share.appendChild(el('td', '已批比例'));
    rows.forEach(function (r) { share.appendChild(el('td', r.approvedShare)); });
    tbody.appendChild(share);
    var bal = el('tr'); bal.appendChild(el('td', '平差通过'));
    rows.forEach(function (r) { bal.appendChild(el('td', r.balanced ? '是' : '否')); });
    tbody.appendChild(bal);
    table.appendChild(tbody);
    panel.appendChild(table);
  }
  function patchOf(t) { return t && t.closest ? t.closest('path[data-index]') : null; }
  function pin(p) {
    if (pinned) pinned.classList.remove('pinned');
    if (!p || p === pinned) { pinned = null; return; }
    pinned = p;
    p.classList.add('pinned');
    p.parentNode.appendChild(p);
    show(Number(p.getAttribute('data-index')));
  }
  map.addEventListener('mouseover', function (e) { var p = patchOf(e.target); if (p && !pinned) show(Number(p.getAttribute('data-index'))); });
  map.addEventListener('focusin', function (e) { var p = patchOf(e.target); if (p && !pinned) show(Number(p.getAttribute('data-index'))); });
  map.addEventListener('click', function (e) { pin(patchOf(e.target)); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') pin(null);
    else if (e.key === 'Enter') { var p = patchOf(document.activeElement); if (p) pin(p); }
  });
})();
`;
