import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { crsFromEpsg } from '../../src/crs/index.js';
import { CrsError, InputError } from '../../src/errors.js';
import { escapeHtml, jsonForScript, renderReport, type ReportInput } from '../../src/enforcement/report-html.js';
import { featurePathData, formatDecimetres, mapFrame } from '../../src/enforcement/svg-map.js';
import { AREA_TITLES, type AreaKey, type Areas, type Judgement, type SummaryRow, type TaoheRow } from '../../src/enforcement/types.js';

const CHROMIUM = '/usr/bin/chromium';
/**
 * The browser tests need Debian's `chromium` package, which the development machine has and a user's machine
 * usually does not (playwright-core ships no browser); without it they are skipped, not failed.
 */
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SAMPLE = new URL('../../fixtures/sample/', import.meta.url);

// ---------------------------------------------------------------------------------------------------------
// Hand-made inputs

const AREA_KEYS = Object.keys(AREA_TITLES) as AreaKey[];
function areas(values: Partial<Areas>): Areas {
  const a = Object.fromEntries(AREA_KEYS.map((k) => [k, 0])) as Areas;
  return { ...a, ...values };
}

function row(patchIndex: number, patchId: string, mu: Partial<Areas>, extra: Partial<TaoheRow> = {}): TaoheRow {
  return {
    id: patchId,
    patchId,
    patchIndex,
    part: null,
    townshipCode: '100',
    townshipName: '甲镇',
    m2: areas(Object.fromEntries(Object.entries(mu).map(([k, v]) => [k, (v as number) / 0.0015]))),
    mu: areas(mu),
    approvedShare: 0,
    balanced: true,
    attributes: {},
    ...extra,
  };
}

function judgement(id: string, suggested: Judgement['suggested'], verified: string | null = null, extra: Partial<Judgement> = {}): Judgement {
  return {
    id,
    suggested,
    verified,
    category: verified ?? suggested,
    occupiesBasicFarmland: false,
    nonConforming: false,
    touchesRedline: false,
    criminal: false,
    remediationRequired: null,
    reasons: [],
    ...extra,
  };
}

function summary(code: string | null, name: string, count: number, mu: Partial<Areas>): SummaryRow {
  return { code, name, count, m2: areas({}), mu: areas(mu) };
}

const square = (x0: number, y0: number, x1: number, y1: number): number[][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const polygon = (...rings: number[][][]): unknown => ({ type: 'Polygon', coordinates: rings });
const fc = (features: { props: Record<string, unknown>; geometry: unknown }[]): unknown => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({ type: 'Feature', properties: f.props, geometry: f.geometry })),
});

/** An id that breaks naive attribute quoting, text escaping and script embedding. */
const NASTY = `x"<&>'</script><script>alert(1)</script><!--`;

function smallInput(): ReportInput {
  const townships = fromGeoJSON(
    fc([
      { props: { XZQDM: '100', XZQMC: '甲镇' }, geometry: polygon(square(0, 0, 100, 100)) },
      { props: { XZQDM: '200', XZQMC: '乙乡' }, geometry: polygon(square(100, 0, 200, 100)) },
    ]),
    { requireCrs: false, name: 'townships' },
  ).layer;
  const patches = fromGeoJSON(
    fc([
      { props: { JCBH: 'P1' }, geometry: polygon(square(10, 10, 40, 40)) },
      { props: { JCBH: NASTY }, geometry: polygon(square(120, 20, 150, 50)) },
      { props: { JCBH: 'P3' }, geometry: polygon(square(90, 60, 110, 90)) },
      { props: { JCBH: 'P4' }, geometry: null },
      // A patch with a hole; the hole is given clockwise, the exterior counter-clockwise.
      { props: { JCBH: 'P5' }, geometry: polygon(square(150, 60, 190, 95), [[160, 70], [160, 85], [180, 85], [180, 70], [160, 70]]) },
      // Off-grid vertices: rounded to 0.1 m.
      { props: { JCBH: 'P6' }, geometry: polygon([[60.04, 70.06], [70.17, 70.06], [65, 80.01], [60.04, 70.06]]) },
    ]),
    { requireCrs: false, name: 'patches', idField: 'JCBH' },
  ).layer;
  const town2 = { townshipCode: '200', townshipName: '乙乡' };
  const rows: TaoheRow[] = [
    row(0, 'P1', { total: 1.35, cultivated: 1.35, paddy: 1.35, basicFarmland: 0.5 }),
    row(1, NASTY, { total: 1.35, construction: 1.35 }, { ...town2, approvedShare: 0.8 }),
    row(2, 'P3', { total: 0.3, cultivated: 0.3, dry: 0.3 }, { id: 'P3_1', part: 1 }),
    row(2, 'P3', { total: 0.3, construction: 0.3 }, { id: 'P3_2', part: 2, ...town2 }),
    row(3, 'P4', {}),
    row(4, 'P5', { total: 1.65, otherAgri: 1.65, filing: 1.6 }, town2),
    row(5, 'P6', { total: 2.675, construction: 2.675 }),
  ];
  const judgements: Judgement[] = [
    judgement('P1', '疑似违法', null, { occupiesBasicFarmland: true, remediationRequired: '拆除复耕', reasons: ['占用永久基本农田 0.50 亩'] }),
    judgement(NASTY, '合法候选'),
    judgement('P3_1', '合法候选'),
    judgement('P3_2', '疑似违法'),
    judgement('P4', '疑似违法'),
    judgement('P5', '设施农用地'),
    judgement('P6', '疑似违法', '违法用地'),
  ];
  return {
    title: '测试县 2024 年度卫片执法报告',
    county: { name: '测试县' },
    patches,
    rows,
    judgements,
    townships,
    townshipRows: [summary('100', '甲镇', 4, { total: 4.63, cultivated: 1.65 }), summary('200', '乙乡', 3, { total: 3.3, construction: 1.65 })],
    countyRow: summary(null, '合计', 7, { total: 7.93, cultivated: 1.65 }),
    ratios: { illegalCultivatedShare: 0.15, line: 0.15 },
    progress: [
      { date: '2024-01-31', closed: 0, total: 6 },
      { date: '2024-02-29', closed: 3, total: 6 },
      { date: '2024-03-31', closed: 5, total: 6 },
    ],
    generatedAt: '2024-04-01T08:00:00Z',
    notes: ['图斑按乡镇切分'],
  };
}

// ---------------------------------------------------------------------------------------------------------
// A tiny well-formedness check (independent of the renderer): every tag closes in order (HTML void elements
// excepted, `/>` allowed as in SVG), attribute values are double-quoted with no raw `<`, every `&` starts a
// character reference, script and style contents are skipped as raw text.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const ENTITY = /^&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/;

function wellFormedErrors(html: string): string[] {
  const errors: string[] = [];
  if (!html.startsWith('<!DOCTYPE html>')) errors.push('no <!DOCTYPE html> at the start');
  const stack: string[] = [];
  let i = html.indexOf('>') + 1;
  const checkAmp = (text: string, at: number): void => {
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      if (!ENTITY.test(text.slice(k, k + 12))) errors.push(`bare & at ${at + k}`);
    }
  };
  const open = /<([a-zA-Z][\w-]*)((?:\s+[a-zA-Z_:][\w:.-]*(?:="[^"<]*")?)*)\s*(\/?)>/y;
  const close = /<\/([a-zA-Z][\w-]*)\s*>/y;
  while (i < html.length && errors.length < 10) {
    const lt = html.indexOf('<', i);
    const end = lt < 0 ? html.length : lt;
    const text = html.slice(i, end);
    checkAmp(text, i);
    if (text.includes('>')) errors.push(`raw > in text at ${i}`);
    if (lt < 0) break;
    close.lastIndex = lt;
    open.lastIndex = lt;
    const c = close.exec(html);
    if (c) {
      const top = stack.pop();
      if (top !== c[1]) errors.push(`</${c[1]}> at ${lt} closes <${top ?? 'nothing'}>`);
      i = close.lastIndex;
      continue;
    }
    const o = open.exec(html);
    if (!o) {
      errors.push(`malformed tag at ${lt}: ${html.slice(lt, lt + 40)}`);
      break;
    }
    checkAmp(o[2], lt);
    i = open.lastIndex;
    const name = o[1];
    if (name === 'script' || name === 'style') {
      const stop = html.indexOf(`</${name}>`, i);
      if (stop < 0) {
        errors.push(`<${name}> never closed`);
        break;
      }
      i = stop + name.length + 3;
      continue;
    }
    if (o[3] !== '/' && !VOID.has(name)) stack.push(name);
  }
  if (stack.length > 0) errors.push(`unclosed: ${stack.join(' ')}`);
  return errors;
}

/** Attribute value of the first element matching `tag … attr="value"` before `name="…"`. */
function dataBlock(html: string): { patches: { id: string; rows: number[]; category: string }[]; rows: { id: string; mu: (number | null)[] }[] } {
  const start = '<script type="application/json" id="tuban-data">';
  const a = html.indexOf(start) + start.length;
  return JSON.parse(html.slice(a, html.indexOf('</script>', a)));
}

/** Decodes our path data (M x y, l dx dy …, z) into absolute rings in map coordinates. */
function decodePath(d: string, originX: number, originY: number): [number, number][][] {
  const rings: [number, number][][] = [];
  const tokens = d.match(/[Mlz]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  let cmd = '';
  let x = 0;
  let y = 0;
  let ring: [number, number][] = [];
  for (let k = 0; k < tokens.length; ) {
    const t = tokens[k];
    if (t === 'M' || t === 'l' || t === 'z') {
      cmd = t;
      k++;
      if (t === 'z') rings.push(ring);
      continue;
    }
    const a = Number(tokens[k]);
    const b = Number(tokens[k + 1]);
    k += 2;
    if (cmd === 'M') {
      x = a;
      y = b;
      ring = [[originX + x, originY - y]];
    } else {
      x += a;
      y += b;
      ring.push([originX + x, originY - y]);
    }
  }
  return rings;
}

// ---------------------------------------------------------------------------------------------------------
// Sample county with hand-made rows

interface GeoFeature {
  properties: Record<string, string | number | null>;
  geometry: { type: string; coordinates: unknown } | null;
}
const rawPatches = JSON.parse(readFileSync(new URL('patches.geojson', SAMPLE), 'utf8')) as { features: GeoFeature[] };
const rawTownships = JSON.parse(readFileSync(new URL('townships.geojson', SAMPLE), 'utf8')) as { features: GeoFeature[] };
const manifest = JSON.parse(readFileSync(new URL('manifest.json', SAMPLE), 'utf8')) as { hardCases: { patches: { straddlingTownships: string[] } } };

/** The exterior and hole rings of a raw GeoJSON geometry, closing vertex dropped. */
function rawRings(g: GeoFeature['geometry']): [number, number][][] {
  if (!g) return [];
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as [number, number][][][];
  return polys.flat().map((r) => {
    const last = r[r.length - 1];
    return last[0] === r[0][0] && last[1] === r[0][1] ? r.slice(0, -1) : r;
  });
}

function sampleInput(): ReportInput {
  const patches = fromGeoJSON(rawPatches, { idField: 'JCBH' }).layer;
  const townships = fromGeoJSON(rawTownships).layer;
  const names = new Map(rawTownships.features.map((f) => [String(f.properties.XZQDM), String(f.properties.XZQMC)]));
  const codes = [...names.keys()];
  const straddling = new Set(manifest.hardCases.patches.straddlingTownships);
  const rows: TaoheRow[] = [];
  const judgements: Judgement[] = [];
  rawPatches.features.forEach((f, i) => {
    const id = String(f.properties.JCBH);
    const code = String(f.properties.XZQDM);
    const total = Math.round(Number(f.properties.JCMJ) * 0.0015 * 100) / 100;
    const cat: Judgement['suggested'] = f.properties.TBLX === '设施农用地' ? '设施农用地' : i % 3 === 0 ? '合法候选' : '疑似违法';
    const verified = i % 25 === 7 ? '违法用地' : null;
    if (straddling.has(id)) {
      const other = codes[(codes.indexOf(code) + 1) % codes.length];
      for (const [part, c] of [[1, code], [2, other]] as const) {
        const r = row(i, id, { total: total / 2, construction: total / 2 }, { id: `${id}_${part}`, part, townshipCode: c, townshipName: names.get(c) ?? null });
        rows.push(r);
        judgements.push(judgement(r.id, cat, verified));
      }
    } else {
      rows.push(row(i, id, { total, construction: total }, { townshipCode: code, townshipName: names.get(code) ?? null }));
      judgements.push(judgement(id, cat, verified));
    }
  });
  const townshipRows = codes.map((c) => {
    const mine = rows.filter((r) => r.townshipCode === c);
    return summary(c, names.get(c)!, mine.length, { total: mine.reduce((s, r) => s + r.mu.total, 0) });
  });
  return {
    title: '示例县 2023 年度卫片执法图斑套合报告',
    county: { name: '示例县' },
    patches,
    rows,
    judgements,
    townships,
    townshipRows,
    countyRow: summary(null, '合计', rows.length, { total: rows.reduce((s, r) => s + r.mu.total, 0) }),
    ratios: { illegalCultivatedShare: 0.0873, line: 0.15 },
    progress: Array.from({ length: 12 }, (_, m) => ({ date: `2023-${String(m + 1).padStart(2, '0')}`, closed: Math.min(300, m * 28), total: 300 })),
    generatedAt: '2024-01-05 10:00',
  };
}

// ---------------------------------------------------------------------------------------------------------

describe('SVG path data', () => {
  it('writes decimetres compactly', () => {
    expect([0, 5, -5, 10, 123, -120, 1234567].map(formatDecimetres)).toEqual(['0', '.5', '-.5', '1', '12.3', '-12', '123456.7']);
  });

  it('projects rings into the viewBox with y flipped, 0.1 m rounding and relative commands (hand-computed)', () => {
    const input = smallInput();
    const frame = mapFrame([input.patches, input.townships])!;
    // Townships span x 0…200, y 0…100: origin at the top-left corner (0, 100).
    expect(frame).toEqual({ originX: 0, originY: 100, width: 200, height: 100 });
    // P1 (10,10)-(40,40), counter-clockwise from (10,10): screen (10,90) (40,90) (40,60) (10,60).
    expect(featurePathData(input.patches, 0, frame)).toBe('M10 90l30 0 0-30-30 0z');
    // P6 (60.04,70.06) (70.17,70.06) (65,80.01) → decimetres (600,299) (702,299) (650,200).
    expect(featurePathData(input.patches, 5, frame)).toBe('M60 29.9l10.2 0-5.2-9.9z');
    // P5: exterior then the hole (stored clockwise, starting where it was given).
    expect(featurePathData(input.patches, 4, frame)).toBe('M150 40l40 0 0-35-40 0zM160 30l0-15 20 0 0 15z');
    expect(featurePathData(input.patches, 3, frame)).toBe('');
  });
});

describe('renderReport (HTML text)', () => {
  const input = smallInput();
  const html = renderReport(input);

  it('is one well-formed UTF-8 HTML document with Chinese titles', () => {
    // The checker itself catches what it should.
    expect(wellFormedErrors('<!DOCTYPE html><p><b></p>')).not.toEqual([]);
    expect(wellFormedErrors('<!DOCTYPE html><p a="x">A & B</p>')).toEqual(['bare & at 26']);
    expect(wellFormedErrors('<!DOCTYPE html><p a="<">x</p>')).not.toEqual([]);
    expect(wellFormedErrors(html)).toEqual([]);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>测试县 2024 年度卫片执法报告</title>');
    for (const key of AREA_KEYS) expect(html).toContain(`<th>${AREA_TITLES[key]}</th>`);
  });

  it('references nothing outside the file', () => {
    expect(html).not.toMatch(/https?:|\/\/[a-z]|\b(?:src|href|xlink:href)=|url\(|@import/i);
    // A URL given as note text appears as text only.
    const withUrl = renderReport({ ...input, notes: ['规则见 https://example.com/a?b=1&c=2'] });
    expect(withUrl.match(/https?:/g)).toHaveLength(1);
    expect(withUrl).toContain('<li>规则见 https://example.com/a?b=1&amp;c=2</li>');
  });

  it('draws one path per non-empty patch, with data-id and title', () => {
    const paths = [...html.matchAll(/<path class="c\d+" d="([^"]*)" data-id="([^"]*)" data-index="(\d+)"[^>]*><title>([^<]*)<\/title><\/path>/g)];
    expect(paths.map((m) => m[3])).toEqual(['0', '1', '2', '4', '5']); // P4 (index 3) has no geometry
    expect(paths.map((m) => m[2])).toEqual(['P1', escapeHtml(NASTY), 'P3', 'P5', 'P6']);
    expect(paths[0][4]).toBe('P1 · 疑似违法');
    expect(paths[2][4]).toBe('P3 · 疑似违法（各部分类别不同）'); // split patch: 合法候选 + 疑似违法
    expect(paths[4][4]).toBe('P6 · 违法用地'); // field-verified wins
    expect(html).toContain('1 个图斑没有几何，未在图上显示：P4');
  });

  it('escapes ids in attributes, text and the JSON block', () => {
    expect(html).toContain('data-id="x&quot;&lt;&amp;&gt;&#39;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--"');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // only the two real script elements end
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    const data = dataBlock(html);
    expect(data.patches[1].id).toBe(NASTY);
    expect(data.rows[1].id).toBe(NASTY);
    expect(escapeHtml('a\u0001b\uD800c"\'')).toBe('a\uFFFDb\uFFFDc&quot;&#39;');
    expect(jsonForScript({ s: '</script>\u2028&' })).toBe('{"s":"\\u003c/script\\u003e\\u2028\\u0026"}');
    expect(JSON.parse(jsonForScript({ s: '</script>\u2028&' }))).toEqual({ s: '</script>\u2028&' });
  });

  it('puts every row into the data block with all columns in 亩, rounded to 2 decimals', () => {
    const data = dataBlock(html);
    expect(data.rows).toHaveLength(7);
    expect(data.patches[2].rows).toEqual([2, 3]);
    expect(data.rows[0].mu[AREA_KEYS.indexOf('basicFarmland')]).toBe(0.5);
    expect(data.rows[6].mu[AREA_KEYS.indexOf('total')]).toBe(2.68); // 2.675 half away from zero
    expect(data.rows[0].mu).toHaveLength(18);
  });

  it('has the township table with the county row', () => {
    const table = html.slice(html.indexOf('<section id="township-table">'));
    expect(table).toContain('<tr><td>100</td><td>甲镇</td><td>4</td><td>4.63</td><td>1.65</td>');
    expect(table).toContain('<tfoot><tr class="total"><td></td><td>合计</td><td>7</td><td>7.93</td>');
  });

  it('marks the ratio red at the line (≥) and not below it', () => {
    expect(html).toContain('<p class="ratio-text over">15.00%，达到或超过问责线 15%');
    const below = renderReport({ ...input, ratios: { illegalCultivatedShare: 0.1499, line: 0.15 } });
    expect(below).toContain('<p class="ratio-text under">14.99%，低于问责线 15%');
    const none = renderReport({ ...input, ratios: { illegalCultivatedShare: null, line: 0.15 } });
    expect(none).toContain('比例不适用');
  });

  it('charts the 清零 progress', () => {
    expect(html).toContain('截至 2024-03-31：已清零 5 / 6 个图斑（83.3%），尚余 1 个。');
    expect(html.match(/<rect class="closed"/g)).toHaveLength(3 + 1); // one per date and the legend
    expect(html).toContain('<td>2024-02-29</td><td>3</td><td>6</td><td>50.0%</td>');
    // y axis 0…6 (the largest total is already round), ticks at 0, 3, 6.
    expect(html.match(/text-anchor="end">(\d+)<\/text>/g)?.map((m) => m.replace(/\D/g, ''))).toEqual(['0', '3', '6']);
  });

  it('refuses inconsistent input with messages that say what was found', () => {
    const bad = { ...input, rows: [...input.rows, row(9, 'PX', {})] };
    expect(() => renderReport(bad)).toThrow(InputError);
    expect(() => renderReport(bad)).toThrow(/图斑 PX.*points to patch 9.*features 0…5/);
    expect(() => renderReport({ ...input, progress: [{ date: 'd', closed: 7, total: 6 }] })).toThrow(/closed 7, total 6/);
    expect(() => renderReport({ ...input, ratios: { illegalCultivatedShare: 0.1, line: 15 } })).toThrow(/\(0, 1\]/);
    const p4527: Layer = { ...input.patches, crs: crsFromEpsg(4527) };
    const t4528: Layer = { ...input.townships!, crs: crsFromEpsg(4528) };
    expect(() => renderReport({ ...input, patches: p4527, townships: t4528 })).toThrow(CrsError);
  });
});

describe('renderReport on the sample county', () => {
  const input = sampleInput();
  const html = renderReport(input);

  it('draws every patch, and its path data gives back the file coordinates to ±0.05 m', () => {
    expect(wellFormedErrors(html)).toEqual([]);
    expect(html).not.toMatch(/https?:|\b(?:src|href)=|url\(/i);
    const nonEmpty = rawPatches.features.filter((f) => rawRings(f.geometry).length > 0);
    const paths = [...html.matchAll(/<path class="c\d+" d="([^"]*)" data-id="([^"]*)" data-index="(\d+)"/g)];
    expect(paths).toHaveLength(nonEmpty.length);
    expect(paths.length).toBe(300);
    expect(paths.map((m) => m[2])).toEqual(rawPatches.features.map((f) => String(f.properties.JCBH)));
    // The map origin is the top-left corner of both files' coordinates.
    const all = [...rawPatches.features, ...rawTownships.features].flatMap((f) => rawRings(f.geometry).flat());
    const originX = Math.min(...all.map((p) => p[0]));
    const originY = Math.max(...all.map((p) => p[1]));
    expect(html).toContain(`data-origin-x="${originX}" data-origin-y="${originY}"`);
    let worst = 0;
    for (const m of paths) {
      const decoded = decodePath(m[1], originX, originY);
      const raw = rawRings(rawPatches.features[Number(m[3])].geometry);
      expect(decoded.length).toBe(raw.length);
      const rawPts = raw.flat();
      const decPts = decoded.flat();
      // Both directions: every drawn vertex is a file vertex, every file vertex is drawn (dedup aside).
      for (const [a, b] of [[decPts, rawPts], [rawPts, decPts]]) {
        for (const p of a) {
          let best = Infinity;
          for (const q of b) best = Math.min(best, Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1])));
          worst = Math.max(worst, best);
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(0.05 + 1e-6);
    // Townships: one outline and one label each.
    expect(html.match(/<path d="[^"]*" data-code="/g)).toHaveLength(rawTownships.features.length);
    for (const f of rawTownships.features) expect(html).toContain(`>${f.properties.XZQMC}</text>`);
    console.log(`sample report: ${html.length} characters, ${Buffer.byteLength(html)} bytes, worst vertex error ${worst.toFixed(4)} m`);
  });
});

// ---------------------------------------------------------------------------------------------------------
// In the browser

describe.skipIf(!HAS_CHROMIUM)('in headless Chromium (skipped without /usr/bin/chromium: Debian package `chromium`, absent on most machines)', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    dir = mkdtempSync(join(tmpdir(), 'tuban-report-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Loads the page; collects console errors, uncaught exceptions and any network request. */
  async function open(html: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    page.setDefaultTimeout(5_000);
    await page.setContent(html, { waitUntil: 'load' });
    return { page, problems, requests };
  }

  type Box = { x: number; y: number; w: number; h: number };
  /** Bounding boxes of the map and of every patch path, read in the page (a string, so no DOM types here). */
  async function boxes(page: Page): Promise<{ svg: Box; paths: (Box & { id: string })[] }> {
    return page.evaluate(`(() => {
      const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; };
      return {
        svg: box(document.getElementById('map')),
        paths: [...document.querySelectorAll('#map path[data-id]')].map((p) => ({ id: p.getAttribute('data-id'), ...box(p) })),
      };
    })()`);
  }

  function expectInside(svg: Box, paths: (Box & { id: string })[]): void {
    for (const p of paths) {
      expect(p.w > 0 && p.h > 0, `${p.id} has a bounding box`).toBe(true);
      expect(p.x >= svg.x && p.y >= svg.y && p.x + p.w <= svg.x + svg.w && p.y + p.h <= svg.y + svg.h, `${p.id} lies in the map`).toBe(true);
    }
  }

  const fill = (page: Page, selector: string): Promise<string> =>
    page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fill`);
  const panelId = (page: Page): Promise<string | null> => page.locator('#panel h3').textContent();

  it('renders the small report: patches, colours, hover and click panel, escaping', async () => {
    const { page, problems, requests } = await open(renderReport(smallInput()));
    const { svg, paths } = await boxes(page);
    expect(paths.map((p) => p.id)).toEqual(['P1', NASTY, 'P3', 'P5', 'P6']);
    expectInside(svg, paths);
    // P1 is 30 m wide, the map 200 m + 2 × 7 % padding: its share of the map's width is 30 / 228.
    expect(paths[0].w / svg.w).toBeCloseTo(30 / 228, 2);
    expect(await fill(page, 'path[data-index="0"]')).toBe('rgb(229, 57, 53)'); // 疑似违法 #e53935
    expect(await fill(page, 'path[data-index="4"]')).toBe('rgb(30, 136, 229)'); // 设施农用地 #1e88e5
    expect(await fill(page, 'path[data-index="5"]')).toBe('rgb(142, 36, 170)'); // verified 违法用地, palette[0]
    expect(await fill(page, '.ratio-bar .bar')).toBe('rgb(229, 57, 53)'); // 15 % ≥ 15 %: red

    await page.hover('path[data-index="0"]');
    expect(await panelId(page)).toBe('P1');
    const text = await page.locator('#panel').textContent();
    expect(text).toContain('占用永久基本农田');
    expect(text).toContain('基本农田面积0.50');
    expect(text).toContain('应整改方式：拆除复耕');
    for (const key of AREA_KEYS) expect(text).toContain(AREA_TITLES[key]);
    expect(text).toContain('地块总面积1.35');

    // Progress bars: closed ÷ total heights are 0, 3/6 and 5/6 (bars drawn to 0.1 px on a 200 px plot).
    const bars = (await page.evaluate(`[...document.querySelectorAll('.progress-chart g')].map((g) =>
      [g.querySelector('rect.total').getBBox().height, g.querySelector('rect.closed').getBBox().height])`)) as [number, number][];
    expect(bars.map(([t, c]) => c / t)).toEqual([expect.closeTo(0, 3), expect.closeTo(0.5, 3), expect.closeTo(5 / 6, 3)]);

    // The centre of P5 is its hole (even-odd fill): the pointer there reaches the township, not the patch.
    const p5 = paths[3];
    await page.mouse.move(p5.x + p5.w / 2, p5.y + p5.h / 2);
    expect(await panelId(page)).toBe('P1');
    await page.mouse.move(p5.x + 2, p5.y + p5.h / 2);
    expect(await panelId(page)).toBe('P5');

    await page.click('path[data-index="1"]'); // pin the nasty id
    expect(await panelId(page)).toBe(NASTY);
    expect(await page.locator('#panel').getAttribute('data-id')).toBe(NASTY);
    await page.hover('path[data-index="2"]'); // pinned: hovering elsewhere keeps the panel
    expect(await panelId(page)).toBe(NASTY);
    await page.keyboard.press('Escape');
    await page.hover('path[data-index="5"]');
    expect(await panelId(page)).toBe('P6');
    expect(await page.locator('#panel').textContent()).toContain('核查：违法用地');
    await page.hover('path[data-index="2"]');
    expect(await panelId(page)).toBe('P3');
    expect(await page.locator('#panel').textContent()).toContain('第2部分');
    expect(await page.evaluate('document.title')).toBe('测试县 2024 年度卫片执法报告');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('renders the sample county: every patch visible in the map, panel on click, screenshot', async () => {
    const input = sampleInput();
    const { page, problems, requests } = await open(renderReport(input));
    const { svg, paths } = await boxes(page);
    expect(paths).toHaveLength(rawPatches.features.length);
    expectInside(svg, paths);
    expect(await page.locator('#map .townships path').count()).toBe(rawTownships.features.length);
    expect(await fill(page, '.ratio-bar .bar')).toBe('rgb(67, 160, 71)'); // 8.73 % < 15 %: green
    // Patches may overlap (重合图斑), so a click at a patch's centre could hit another: dispatch on the element.
    for (const index of [0, 150, 299]) {
      await page.locator(`path[data-index="${index}"]`).dispatchEvent('click');
      expect(await panelId(page)).toBe(String(rawPatches.features[index].properties.JCBH));
    }
    const split = input.rows.find((r) => r.part === 2)!;
    await page.keyboard.press('Escape');
    await page.locator(`path[data-index="${split.patchIndex}"]`).dispatchEvent('mouseover');
    expect(await panelId(page)).toBe(split.patchId);
    expect(await page.locator('#panel').textContent()).toContain('第2部分');
    const file = join(dir, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // PNG signature
    const width = png.readUInt32BE(16); // IHDR: width, height (PNG spec §11.2.2)
    const height = png.readUInt32BE(20);
    expect(width).toBe(1280);
    expect(height).toBeGreaterThanOrEqual(900);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    console.log(`screenshot ${width}×${height}, ${statSync(file).size} bytes`);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
