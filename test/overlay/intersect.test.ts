/**
 * intersect(): pieces as features. Checked against the reference county (areas per patch and class from GEOS),
 * against jsts (validity of the assembled polygons, their area) and on hand-built shapes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGeoJSON } from '../../src/geometry/layer.js';
import { intersect, type IntersectionPiece } from '../../src/overlay/intersect.js';
import { tabulate } from '../../src/overlay/tabulate.js';
import { layerOf, rect, type Poly } from './helpers.js';
import { jstsPolygon, jstsValid } from './jsts.js';

const dir = new URL('../../fixtures/reference/small-1/', import.meta.url);
const load = (name: string) => fromGeoJSON(JSON.parse(readFileSync(new URL(`${name}.geojson`, dir), 'utf8')), { name }).layer;

function jstsOf(piece: IntersectionPiece) {
  const polys = piece.geometry.type === 'Polygon' ? [piece.geometry.coordinates] : piece.geometry.coordinates;
  return jstsPolygon(polys.map((p) => p.map((ring) => ring.slice(0, -1) as [number, number][])));
}

describe('intersect on the reference county', () => {
  const patches = load('patches');
  const landuse = load('landuse');
  const rows = readFileSync(new URL('expected/overlaps.csv', dir), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','))
    .filter((r) => r[1] === 'landuse');

  it('pieces by class: one per reference row, same planar area, valid polygons whose area is the reported one', () => {
    const r = intersect(patches, landuse, { classBy: 'DLBM', by: 'class', measure: 'planar' });
    expect(r.features.length).toBe(rows.length);
    const got = new Map(r.features.map((f) => [`${f.properties.patchIndex}|${f.properties.class}`, f]));
    for (const row of rows) {
      const f = got.get(`${row[6]}|${row[2]}`);
      expect(f, row.join(',')).toBeDefined();
      const e = Number(row[5]);
      expect(Math.abs(f!.properties.areaM2 - e)).toBeLessThanOrEqual(0.01 + 1e-7 * e);
    }
    let worst = 0;
    for (const f of r.features) {
      const g = jstsOf(f);
      expect(jstsValid(g), `piece ${f.properties.patchIndex} ${f.properties.class}`).toBe(true);
      worst = Math.max(worst, Math.abs(g.getArea() - f.properties.areaM2) / f.properties.areaM2);
    }
    expect(worst).toBeLessThan(1e-9); // measured 1.7e-11
  });

  it('pieces by feature carry both ids and add up to the class areas of tabulate', () => {
    const r = intersect(patches, landuse, { classBy: 'DLBM', measure: 'planar', patchIdField: 'JCBH', layerIdField: 'BSM' });
    const t = tabulate(patches, landuse, { classBy: 'DLBM', measure: 'planar' });
    const sums = new Map<string, number>();
    for (const f of r.features) {
      const p = f.properties;
      expect(p.featureIndex).not.toBeNull();
      expect(p.featureId).toBe(landuse.attributes[p.featureIndex!].BSM);
      expect(p.patchId).toBe(patches.attributes[p.patchIndex].JCBH);
      expect(p.class).toBe(landuse.attributes[p.featureIndex!].DLBM);
      const k = `${p.patchIndex}|${p.class}`;
      sums.set(k, (sums.get(k) ?? 0) + p.areaM2);
    }
    for (const p of t.patches) {
      for (const c of p.parts) {
        // Land use tessellates, so per-feature pieces of a class add up to the class area.
        expect(Math.abs((sums.get(`${p.patchIndex}|${c.class}`) ?? 0) - c.areaM2)).toBeLessThan(1e-9 * p.areaM2 + 1e-9);
      }
    }
  });
});

describe('intersect on hand-built shapes', () => {
  const one = (patch: Poly[], feats: Poly[][]) =>
    intersect(layerOf([{ polys: patch }], 'p'), layerOf(feats.map((polys) => ({ polys })), 'f'), { measure: 'planar' });

  it('a parcel with a hole gives a piece with a hole (clockwise), exterior counter-clockwise', () => {
    const r = one([[rect(0, 0, 10, 10)]], [[[rect(-5, -5, 15, 15), rect(2, 2, 4, 4)]]]);
    expect(r.features.length).toBe(1);
    const g = r.features[0].geometry;
    expect(g.type).toBe('Polygon');
    const rings = g.coordinates as number[][][];
    expect(rings.length).toBe(2);
    const area = (ring: number[][]) => ring.slice(0, -1).reduce((s, p, i, a) => s + (p[0] * a[(i + 1) % a.length][1] - a[(i + 1) % a.length][0] * p[1]) / 2, 0);
    expect(area(rings[0])).toBeCloseTo(100, 12);
    expect(area(rings[1])).toBeCloseTo(-4, 12);
    expect(r.features[0].properties.areaM2).toBeCloseTo(96, 12);
  });

  it('a bow-tie patch gives two triangles; squares meeting at a corner stay two polygons', () => {
    const bow: Poly = [
      [
        [0, 0],
        [10, 10],
        [10, 0],
        [0, 10],
      ],
    ];
    let r = one([bow], [[[rect(-1, -1, 11, 11)]]]);
    expect(r.features[0].geometry.type).toBe('MultiPolygon');
    expect(r.features[0].geometry.coordinates.length).toBe(2);
    expect(jstsValid(jstsOf(r.features[0]))).toBe(true);
    expect(jstsOf(r.features[0]).getArea()).toBeCloseTo(50, 12);
    r = one([[rect(0, 0, 10, 10)]], [[[rect(0, 0, 5, 5)], [rect(5, 5, 10, 10)]]]);
    expect(r.features[0].geometry.type).toBe('MultiPolygon');
    expect(jstsValid(jstsOf(r.features[0]))).toBe(true);
    expect(r.features[0].properties.areaM2).toBeCloseTo(50, 12);
  });
});
