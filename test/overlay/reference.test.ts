/**
 * Overlay areas against the independently computed reference county (fixtures/reference/small-1: GEOS 3.11
 * OverlayNG in the projected plane, GeographicLib on the ellipsoid). Tolerance per row, from the reference's
 * README: |ours − expected| ≤ 0.01 m² + 1e-7 × expected.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import type { Layer } from '../../src/geometry/types.js';
import { tabulate, tabulateLayers } from '../../src/overlay/tabulate.js';

const dir = new URL('../../fixtures/reference/small-1/', import.meta.url);
const cache = new Map<string, Layer>();
function load(name: string, idField: string): Layer {
  let l = cache.get(name);
  if (l === undefined) {
    l = fromGeoJSON(JSON.parse(readFileSync(new URL(`${name}.geojson`, dir), 'utf8')), { idField, name }).layer;
    cache.set(name, l);
  }
  return l;
}
function csv(name: string): string[][] {
  return readFileSync(new URL(`expected/${name}`, dir), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));
}

const tol = (expected: number): number => 0.01 + 1e-7 * Math.abs(expected);

// overlaps.csv: patch_id,layer,class,area_m2,area_mu,planar_m2,fid,repair
const overlaps = csv('overlaps.csv');
const areas = csv('areas.csv'); // layer,id,area_m2,area_mu,planar_m2,fid,repair

const layers: { name: string; idField: string; classBy?: string; tessellates: boolean }[] = [
  { name: 'landuse', idField: 'BSM', classBy: 'DLBM', tessellates: true },
  { name: 'farmland', idField: 'JBNTTBBH', tessellates: false },
  { name: 'planning', idField: 'BSM', classBy: 'GZQLXDM', tessellates: true },
  { name: 'reclamation', idField: 'XMBH', tessellates: false },
  { name: 'approvals', idField: 'BSM', tessellates: false },
  { name: 'townships', idField: 'XZQDM', classBy: 'XZQDM', tessellates: true },
];

interface Cmp {
  rows: number;
  worstAbs: number;
  worstRel: number;
  failures: string[];
}

function compare(
  layer: (typeof layers)[number],
  measure: 'planar' | 'ellipsoidal',
  column: number,
): Cmp & { sumCheckWorst: number } {
  const patches = load('patches', 'JCBH');
  const t = tabulate(patches, load(layer.name, layer.idField), {
    classBy: layer.classBy,
    measure,
    patchIdField: 'JCBH',
  });
  const expected = new Map<string, number>();
  for (const r of overlaps) if (r[1] === layer.name) expected.set(`${r[6]}|${r[2]}`, Number(r[column]));
  const out: Cmp & { sumCheckWorst: number } = { rows: 0, worstAbs: 0, worstRel: 0, failures: [], sumCheckWorst: 0 };
  const seen = new Set<string>();
  for (const p of t.patches) {
    let parts = 0;
    for (const c of p.parts) {
      parts += c.areaM2;
      const key = `${p.patchIndex}|${c.class}`;
      seen.add(key);
      const e = expected.get(key);
      if (e === undefined) {
        if (Math.abs(c.areaM2) > 0.01) out.failures.push(`extra ${key} ${c.areaM2}`);
        continue;
      }
      out.rows++;
      const d = Math.abs(c.areaM2 - e);
      out.worstAbs = Math.max(out.worstAbs, d);
      if (e > 1) out.worstRel = Math.max(out.worstRel, d / e);
      if (d > tol(e)) out.failures.push(`${key}: ${c.areaM2} vs ${e}`);
    }
    if (layer.tessellates && p.areaM2 > 0) {
      out.sumCheckWorst = Math.max(out.sumCheckWorst, Math.abs(parts + p.uncoveredM2 - p.areaM2) / p.areaM2);
    }
  }
  for (const [k, v] of expected) if (!seen.has(k)) out.failures.push(`missing ${k} ${v}`);
  return out;
}

describe('tabulate against the reference county (GEOS OverlayNG, planar)', () => {
  for (const layer of layers) {
    it(`patches × ${layer.name}: every overlap row within 0.01 m² + 1e-7 relative`, () => {
      const r = compare(layer, 'planar', 5);
      expect(r.failures).toEqual([]);
      expect(r.rows).toBeGreaterThan(50);
      // Measured: worst 6.7e-7 m² absolute, 1.8e-10 relative over all layers.
      expect(r.worstAbs).toBeLessThan(1e-5);
      if (layer.tessellates) expect(r.sumCheckWorst).toBeLessThan(1e-9);
    });
  }
});

describe('tabulate against the reference county (GeographicLib, ellipsoidal)', () => {
  // The reference measured the pieces with GeographicLib on densified edges, i.e. the ellipsoidal area of
  // the Gauss–Krüger polygon: src/area's curvature-corrected ('exact') strip rule computes that quantity.
  for (const layer of [layers[0], layers[1], layers[4]]) {
    it(`patches × ${layer.name}: ellipsoidal within the reference tolerance`, () => {
      const r = compare(layer, 'ellipsoidal', 3);
      expect(r.failures).toEqual([]);
      expect(r.rows).toBeGreaterThan(50);
    });
  }
});

describe('patch areas and the invalid patch', () => {
  it('patch areas equal the reference planar areas; the bow-tie patch is read even-odd like GEOS MakeValid', () => {
    const patches = load('patches', 'JCBH');
    const t = tabulate(patches, load('approvals', 'BSM'), { measure: 'planar', patchIdField: 'JCBH' });
    const expected = new Map<string, number>();
    for (const r of areas) if (r[0] === 'patches') expected.set(r[5], Number(r[4]));
    let worst = 0;
    for (const p of t.patches) {
      const e = expected.get(String(p.patchIndex))!;
      expect(Math.abs(p.areaM2 - e)).toBeLessThanOrEqual(0.001 + 1e-7 * e); // the reference's area tolerance
      worst = Math.max(worst, Math.abs(p.areaM2 - e) / e);
    }
    expect(worst).toBeLessThan(1e-9); // measured: 1.4e-10
    const invalid = areas.filter((r) => r[0] === 'patches' && r[6] !== '').map((r) => r[1]);
    expect(invalid.length).toBeGreaterThan(0);
    const repaired = t.repairs.filter((r) => r.layer === 'patches').map((r) => String(r.id));
    expect(repaired).toEqual(invalid);
    expect(t.repairs.find((r) => r.layer === 'patches')!.kind).toBe('self-intersection');
  });
});

describe('tabulateLayers against layer_x_layer.csv', () => {
  it('land use × farmland by DLBM and land use × planning by (DLBM, GZQLXDM): county totals', () => {
    const landuse = load('landuse', 'BSM');
    const byFarmland = tabulateLayers(landuse, load('farmland', 'JBNTTBBH'), { leftClassBy: 'DLBM', measure: 'planar' });
    const byPlanning = tabulateLayers(landuse, load('planning', 'BSM'), {
      leftClassBy: 'DLBM',
      rightClassBy: 'GZQLXDM',
      measure: 'planar',
    });
    const rows = csv('layer_x_layer.csv'); // table,DLBM,class,area_m2,area_mu,planar_m2,pieces
    let worst = 0;
    for (const r of rows) {
      const t = r[0] === 'landuse_x_farmland' ? byFarmland : byPlanning;
      const got = t.totals.find((x) => x.leftClass === r[1] && x.rightClass === r[2]);
      expect(got, `${r[0]} ${r[1]} ${r[2]}`).toBeDefined();
      const e = Number(r[5]);
      const d = Math.abs(got!.areaM2 - e);
      worst = Math.max(worst, d / e);
      expect(d).toBeLessThanOrEqual(tol(e));
    }
    expect(byFarmland.totals.length + byPlanning.totals.length).toBe(rows.length);
    expect(worst).toBeLessThan(1e-9);
    // Planning tessellates the county: per land-use class, the parts add up to the class area.
    for (const lc of byPlanning.leftClasses) {
      const parts = byPlanning.totals.filter((x) => x.leftClass === lc.leftClass).reduce((s, x) => s + x.areaM2, 0);
      expect(Math.abs(parts + lc.uncoveredM2 - lc.areaM2)).toBeLessThan(1e-9 * lc.areaM2);
    }
  });
});

describe('large left features (townships with ~1 200 vertices each) against land use', () => {
  it('per land-use class, the township totals equal the reference land-use areas; townships are fully covered', () => {
    const landuse = load('landuse', 'BSM');
    const townships = load('townships', 'XZQDM');
    const t = tabulateLayers(townships, landuse, {
      leftClassBy: 'XZQDM',
      rightClassBy: 'DLBM',
      perFeature: true,
      measure: 'planar',
    });
    const byClass = new Map<string, number>();
    for (const r of areas) {
      if (r[0] !== 'landuse') continue;
      const c = String(landuse.attributes[Number(r[5])].DLBM);
      byClass.set(c, (byClass.get(c) ?? 0) + Number(r[4]));
    }
    for (const [c, expected] of byClass) {
      const got = t.totals.filter((x) => x.rightClass === c).reduce((s, x) => s + x.areaM2, 0);
      expect(Math.abs(got - expected), c).toBeLessThanOrEqual(tol(expected));
    }
    expect(t.features?.length).toBe(townships.featureCount);
    for (const f of t.features!) {
      expect(Math.abs(f.uncoveredM2)).toBeLessThan(1e-9 * f.areaM2);
      const parts = f.parts.reduce((s, x) => s + x.areaM2, 0);
      expect(Math.abs(parts - f.areaM2)).toBeLessThan(1e-9 * f.areaM2);
    }
  });
});
