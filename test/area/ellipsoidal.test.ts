/**
 * Ellipsoidal area against independent references (test/area/reference.ts — proj4js for the projection,
 * GeographicLib or the closed-form authalic latitude for the area; nothing from src/).
 *
 * What the references can resolve: GeographicLib's polygon area has an absolute error floor of ~1e-5 m² per
 * polygon (measured: splitting the geodesic edges of a 100 m² square at 35°N exactly along the geodesics
 * changes its area by up to 1.7e-5 m²; probably the per-edge ellipsoidal correction, a difference of two O(1)
 * series scaled by ~1e11 m²), so with edges densified to 1 m it is a 1e-8 reference only from ~1 km² up
 * (measured ≤ 2.7e-9 at 1 km² over several seeds). Below that
 * the reference is the closed-form authalic integral over edges cut to 0.1 m (hpRingArea), which agrees with
 * GeographicLib where both apply.
 *
 * Measured worst relative differences (seed 2024; 10 polygons per class below 1 km², 6 above; seed 77 slivers):
 *   exact vs high-precision reference: 5.1e-11 (100 m²), 2.2e-11 (1000 m²), ≤ 7.5e-12 (10⁴ m² – 1 km²),
 *                                      4.3e-9 on slivers (0.3–1.6 m wide, 450–1000 m long: rounding of the
 *                                      points, ~0.6 nm × perimeter; see src/area/ellipsoidal.ts)
 *   exact vs GeographicLib:            1.1e-9 (1 km², GeographicLib's floor), 1.2e-10 (10 km²), 7.4e-11 (100 km²)
 *   high-precision ref vs GeographicLib at 1 km²: 1.1e-9
 *   national (rule as written) vs the same references: up to 3.3e-7 (1000 m² class), 3.6e-7 on slivers,
 *                                      and 1.1e-5 on small farmland polygons of the reference county
 *   national vs an independent implementation of the literal rule: ≤ 1.0e-10
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EllipsoidalAreaAccumulator,
  ellipsoidArea,
  ellipsoidRingArea,
  featureEllipsoidArea,
  layerEllipsoidArea,
} from '../../src/area/ellipsoidal.js';
import { roundHalfAwayFromZero } from '../../src/area/units.js';
import { CrsError, InputError } from '../../src/errors.js';
import { CGCS2000, GEOGRAPHIC_CRS, gkCrs, LONLAT_PROJ4, makeLayer, prng, readGeoJsonFeatures, tmercProj4 } from './helpers.js';
import type { TestPolygon } from './polygons.js';
import { randomPolygon, referenceArea } from './polygons.js';
import proj4 from 'proj4';
import { authalicQ, geographicLibRingArea, hpRingArea, literalRuleRingArea } from './reference.js';

const DEG = Math.PI / 180;

function layerOf(p: TestPolygon) {
  return makeLayer([[p.rings]], gkCrs(p.zoneWidth, p.zone, p.prefixed));
}

function rel(x: number, ref: number): number {
  return Math.abs(x - ref) / Math.abs(ref);
}

describe('random polygons, 18–53°N, 3° and 6° zones, prefixed or not, 5–60 vertices, some with holes', () => {
  const rng = prng(2024);
  const classes = [1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
  const cases = classes.flatMap((area) =>
    Array.from({ length: area >= 1e6 ? 6 : 10 }, () => ({ area, p: randomPolygon(rng, area) })),
  );

  it.each(cases.filter((c) => c.area <= 1e6))('≤ 1e-8 from the high-precision reference: $area m², $p.label', ({ p }) => {
    const ref = referenceArea(p, hpRingArea);
    const layer = layerOf(p);
    expect(rel(ellipsoidArea(layer)[0]!, ref)).toBeLessThanOrEqual(1e-8);
    // The rule as written stays within its method error (≲ 1e-5; see the sliver test for the worst case).
    expect(rel(ellipsoidArea(layer, { method: 'national' })[0]!, ref)).toBeLessThanOrEqual(2e-5);
  });

  it.each(cases.filter((c) => c.area >= 1e6))('≤ 1e-8 from GeographicLib: $area m², $p.label', ({ p }) => {
    const ref = referenceArea(p, geographicLibRingArea);
    expect(rel(ellipsoidArea(layerOf(p))[0]!, ref)).toBeLessThanOrEqual(1e-8);
  });

  it.each(cases.filter((c) => c.area <= 1e7))('method national = independent literal rule to 1e-9: $area m²', ({ p }) => {
    const ref = referenceArea(p, literalRuleRingArea);
    expect(rel(ellipsoidArea(layerOf(p), { method: 'national' })[0]!, ref)).toBeLessThanOrEqual(1e-9);
  });
});

describe('slivers (1:200 to 1:2000, random orientation)', () => {
  const rng = prng(77);
  const cases = Array.from({ length: 12 }, (_, i) => {
    const base = randomPolygon(rng, 100, { holes: false });
    const [cx, cy] = base.rings[0]![0]!;
    const len = 50 + rng() * 950;
    const width = len / (200 + rng() * 1800);
    const t = rng() * Math.PI;
    const [ux, uy] = [Math.cos(t), Math.sin(t)];
    const corners: [number, number][] = [
      [0, 0],
      [len, 0],
      [len, width],
      [i % 2 === 0 ? 0 : len / 2, width], // triangles and quadrilaterals
    ].map(([s, w]) => [Math.round((cx + s * ux - w * uy) * 1000) / 1000, Math.round((cy + s * uy + w * ux) * 1000) / 1000]);
    const ring = i % 2 === 0 ? corners : [corners[0]!, corners[1]!, corners[2]!];
    return { p: { ...base, rings: [ring], label: `${len.toFixed(0)} m × ${width.toFixed(2)} m at ${base.lat.toFixed(1)}N` } };
  });
  it.each(cases)('$p.label', ({ p }) => {
    const ref = referenceArea(p, hpRingArea);
    expect(rel(ellipsoidArea(layerOf(p))[0]!, ref)).toBeLessThanOrEqual(1e-8);
  });
});

describe('the national rule as written has a method error; the curvature correction removes it', () => {
  it('10 m right triangle at 20°N, 3° from the CM: rule off by > 1e-7, exact within 1e-10', () => {
    // Analysis (module comment of src/area/ellipsoidal.ts): a straight Gauss–Krüger edge is curved in the
    // equal-area (L, Q) plane by ≈ tan B/R; the rule integrates the chord, losing ≈ s³·tan B/(6R) per edge
    // that does not cancel for a triangle: ≈ 1e-5 m² of 50 m² here.
    const cm = 117;
    const fe = 500_000;
    const [x, y] = proj4(LONLAT_PROJ4, tmercProj4(cm, fe)).forward([cm + 3, 20]);
    const ring: [number, number][] = [
      [x!, y!],
      [x! + 10, y!],
      [x!, y! + 10],
    ];
    const ref = hpRingArea(ring, cm, fe, 0.01);
    const layer = makeLayer([[[ring]]], gkCrs(6, 20, false));
    expect(rel(ellipsoidArea(layer, { method: 'national' })[0]!, ref)).toBeGreaterThan(1e-7);
    expect(rel(ellipsoidArea(layer)[0]!, ref)).toBeLessThan(1e-10);
  });
});

describe('closed form: 1° × 1° quadrangles bounded by meridians and parallels', () => {
  // Exact area: (a²/2)·ΔL·[q(B₂) − q(B₁)] with Snyder's authalic q (reference.ts). The polygon is the
  // geographic boundary sampled every ~10 m and projected with proj4, so its GK edges are chords of the
  // curved images of the parallels and meridians. Each chord cuts off κs³/12 (κ ≈ tan B/N ≤ 2.1e-7 /m for a
  // parallel, ≤ x/R² ≈ 3e-9 /m for a meridian, s = 10 m): ≤ 0.1 m² per parallel over ~9 000 chords, of
  // opposite sign on the north and south edges, i.e. ≤ 2e-11 of the ~1e10 m² area. So the exact method must
  // match the closed form to 1e-10. The national method treats each chord as a straight line in (L, Q), where
  // the sampled points of a parallel are collinear, so it reproduces the closed form of the geographic
  // quadrangle itself (to its e⁸ series truncation, ~1e-11) — this pins the A…E coefficients (with e′² in
  // place of e², as in the notice's misprinted pseudo-code, the area is off by 16–31 ppm).
  const cases = [
    { lon0: 117, lat0: 35, cm: 117, fe: 39_500_000, zone: 39, width: 3 as const, prefixed: true },
    { lon0: 119, lat0: 18, cm: 117, fe: 500_000, zone: 20, width: 6 as const, prefixed: false },
    { lon0: 112, lat0: 52, cm: 111, fe: 19_500_000, zone: 19, width: 6 as const, prefixed: true },
  ];
  it.each(cases)('$lon0–$lon0+1 °E, $lat0–$lat0+1 °N', ({ lon0, lat0, cm, fe, zone, width, prefixed }) => {
    const fwd = proj4(LONLAT_PROJ4, tmercProj4(cm, fe));
    const pts: [number, number][] = [];
    const side = (from: [number, number], to: [number, number], n: number) => {
      for (let i = 0; i < n; i++) {
        const lon = from[0] + ((to[0] - from[0]) * i) / n;
        const lat = from[1] + ((to[1] - from[1]) * i) / n;
        const [x, y] = fwd.forward([lon, lat]);
        pts.push([x!, y!]);
      }
    };
    const along = Math.ceil((111_000 * Math.cos(lat0 * DEG)) / 10);
    const up = 11_100;
    side([lon0, lat0], [lon0 + 1, lat0], along);
    side([lon0 + 1, lat0], [lon0 + 1, lat0 + 1], up);
    side([lon0 + 1, lat0 + 1], [lon0, lat0 + 1], along);
    side([lon0, lat0 + 1], [lon0, lat0], up);
    const { a } = CGCS2000;
    const exact = ((a * a) / 2) * DEG * (authalicQ((lat0 + 1) * DEG) - authalicQ(lat0 * DEG));
    const layer = makeLayer([[[pts]]], gkCrs(width, zone, prefixed));
    expect(rel(ellipsoidArea(layer)[0]!, exact)).toBeLessThan(1e-10);
    expect(rel(ellipsoidArea(layer, { method: 'national' })[0]!, exact)).toBeLessThan(1e-10);
  });
});

describe('EllipsoidalAreaAccumulator (edge-by-edge, for the overlay)', () => {
  const rng = prng(5);
  const p = randomPolygon(rng, 2e5, { holes: false });
  const ring = p.rings[0]!;
  const params = { ellipsoid: CGCS2000, falseEasting: p.fe };
  const whole = ellipsoidRingArea(Float64Array.from(ring.flat()), 0, ring.length, params);

  it('gives the same area for edges fed in any order, split into fragments (exact method)', () => {
    const edges: [number, number, number, number][] = [];
    ring.forEach(([x1, y1], i) => {
      const [x2, y2] = ring[(i + 1) % ring.length]!;
      // Split each edge at a random interior point: fragments are densified on their own lengths.
      const t = rng();
      const mx = x1 + t * (x2 - x1);
      const my = y1 + t * (y2 - y1);
      edges.push([x1, y1, mx, my], [mx, my, x2, y2]);
    });
    for (let i = edges.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [edges[i], edges[j]] = [edges[j]!, edges[i]!];
    }
    const acc = new EllipsoidalAreaAccumulator(params);
    for (const [x1, y1, x2, y2] of edges) acc.addEdge(x1, y1, x2, y2);
    expect(rel(acc.signedArea(), whole)).toBeLessThan(1e-12);
    expect(whole).toBeGreaterThan(0); // counter-clockwise ring → positive
  });

  it('two pieces sharing a cut add up to the whole, and a reversed edge cancels exactly', () => {
    // Cut the ring by the chord between vertex 0 and vertex k into two rings.
    const k = Math.floor(ring.length / 2);
    const left = ring.slice(0, k + 1);
    const right = [...ring.slice(k), ring[0]!];
    const acc = new EllipsoidalAreaAccumulator(params);
    const sumOf = (r: [number, number][]) => {
      acc.reset();
      acc.addRing(Float64Array.from(r.flat()), 0, r.length);
      return acc.signedArea();
    };
    const parts = sumOf(left) + sumOf(right);
    expect(rel(parts, whole)).toBeLessThan(1e-12);
    for (const method of ['exact', 'national'] as const) {
      const e = new EllipsoidalAreaAccumulator({ ...params, method });
      const [x1, y1] = ring[0]!;
      const [x2, y2] = ring[k]!;
      e.addEdge(x1, y1, x2, y2);
      e.addEdge(x2, y2, x1, y1);
      expect(e.signedArea()).toBe(0);
    }
  });
});

describe('EllipsoidalAreaAccumulator.edgeTerms (strips shared by several regions)', () => {
  it('a region summing b²·(t₀ + (L₀ − R)·ΣΔQ) with its own R equals addEdge over the same edges', () => {
    const rng = prng(11);
    for (let trial = 0; trial < 20; trial++) {
      const p = randomPolygon(rng, 10 ** (2 + 5 * rng()), { holes: false });
      const ring = p.rings[0]!;
      const params = { ellipsoid: CGCS2000, falseEasting: p.fe };
      const direct = new EllipsoidalAreaAccumulator(params);
      const shared = new EllipsoidalAreaAccumulator(params);
      const t = new Float64Array(3);
      let sum = 0;
      let ref = NaN;
      ring.forEach(([x1, y1], i) => {
        const [x2, y2] = ring[(i + 1) % ring.length]!;
        direct.addEdge(x1, y1, x2, y2);
        shared.edgeTerms(x1, y1, x2, y2, t, 0);
        if (ref !== ref) ref = t[2]!;
        sum += t[0]! + (t[2]! - ref) * t[1]!;
      });
      const whole = ellipsoidRingArea(Float64Array.from(ring.flat()), 0, ring.length, params);
      expect(rel(direct.signedArea(), whole)).toBeLessThan(1e-12);
      expect(rel(shared.b2m2 * sum, whole)).toBeLessThan(1e-12);
    }
  });
});

describe('layer API', () => {
  const rng = prng(9);
  const p1 = randomPolygon(rng, 5e4, { zoneWidth: 3 });
  const p2 = { ...p1, rings: p1.rings.map((r) => r.map(([x, y]) => [x + 700, y - 300] as [number, number])) };
  const crs = gkCrs(p1.zoneWidth, p1.zone, p1.prefixed);

  it('sums polygons of a multipolygon, subtracts holes whatever their stored orientation, keeps empty features', () => {
    const layer = makeLayer([[p1.rings, p2.rings], [], [p1.rings]], crs);
    const areas = ellipsoidArea(layer);
    const ref1 = referenceArea(p1, hpRingArea);
    const ref2 = referenceArea(p2, hpRingArea);
    expect(areas).toHaveLength(3);
    expect(rel(areas[0]!, ref1 + ref2)).toBeLessThan(1e-8);
    expect(areas[1]).toBe(0);
    expect(rel(areas[2]!, ref1)).toBeLessThan(1e-8);
    expect(featureEllipsoidArea(layer, 2)).toBe(areas[2]);
    expect(rel(layerEllipsoidArea(layer), 2 * ref1 + ref2)).toBeLessThan(1e-8);
    // Reversing every stored ring (as a CW-exterior Shapefile would be) does not change the area.
    const flipped = { ...layer, coords: Float64Array.from(layer.coords) };
    for (let r = 0; r + 1 < layer.ringOffsets.length; r++) {
      const s = layer.ringOffsets[r]!;
      const e = layer.ringOffsets[r + 1]!;
      for (let i = 0; i < e - s; i++) {
        flipped.coords[2 * (s + i)] = layer.coords[2 * (e - 1 - i)]!;
        flipped.coords[2 * (s + i) + 1] = layer.coords[2 * (e - 1 - i) + 1]!;
      }
    }
    const back = ellipsoidArea(flipped);
    for (let f = 0; f < 3; f++) expect(rel(back[f]! + 1e-300, areas[f]! + 1e-300)).toBeLessThan(1e-12);
  });

  it('refuses a layer without CRS, a geographic layer, and bad arguments, with messages that say what to do', () => {
    const none = makeLayer([[p1.rings]], null);
    expect(() => ellipsoidArea(none)).toThrow(CrsError);
    expect(() => ellipsoidArea(none)).toThrow(/no coordinate reference system.*declare/);
    // …unless ellipsoid and false easting are given explicitly.
    expect(rel(ellipsoidArea(none, { ellipsoid: CGCS2000, falseEasting: p1.fe })[0]!, referenceArea(p1, hpRingArea))).toBeLessThan(1e-8);
    const geo = makeLayer([[[[[117, 35], [117.01, 35], [117, 35.01]]]]], GEOGRAPHIC_CRS);
    expect(() => ellipsoidArea(geo)).toThrow(CrsError);
    expect(() => ellipsoidArea(geo)).toThrow(/longitude\/latitude.*project it/);
    const layer = makeLayer([[p1.rings]], crs);
    expect(() => featureEllipsoidArea(layer, 1)).toThrow(InputError);
    expect(() => ellipsoidArea(layer, { method: 'spherical' as never })).toThrow(/'national' or 'exact'/);
  });

  it('uses the false easting: the same ring in the unprefixed CRS of the zone has the same area', () => {
    const prefixed = gkCrs(3, p1.zone, true);
    const plain = gkCrs(3, p1.zone, false);
    const shift = prefixed.falseEasting! - p1.fe;
    const a = ellipsoidArea(makeLayer([[p1.rings.map((r) => r.map(([x, y]) => [x + shift, y] as [number, number]))]], prefixed))[0]!;
    const b = ellipsoidArea(makeLayer([[p1.rings.map((r) => r.map(([x, y]) => [x + shift - prefixed.falseEasting! + plain.falseEasting!, y] as [number, number]))]], plain))[0]!;
    expect(rel(a, b)).toBeLessThan(1e-12);
  });
});

// The reference county small-1 (computed by a separate program with GEOS and GeographicLib). Its expected
// areas are GeographicLib areas of the densified polygons; tolerance from its README: 1e-7 relative + 0.001 m².
// Read from the repository's copy in fixtures/, else from the shared folder beside the repository; skipped
// only where neither exists.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const small1 =
  [path.join(repoRoot, 'fixtures/reference/small-1'), path.resolve(repoRoot, '../shared/reference/small-1')].find((d) =>
    existsSync(path.join(d, 'expected/areas.csv')),
  ) ?? '';
const haveSmall1 = small1 !== '';

describe('reference county small-1', () => {
  const layers: [string, string][] = [
    ['townships', 'XZQDM'],
    ['landuse', 'BSM'],
    ['farmland', 'JBNTTBBH'],
    ['planning', 'BSM'],
    ['reclamation', 'XMBH'],
    ['approvals', 'BSM'],
    ['patches', 'JCBH'],
  ];
  const expected = new Map<string, { area: number; repair: string }>();
  if (haveSmall1) {
    for (const line of readFileSync(path.join(small1, 'expected/areas.csv'), 'utf8').trim().split(/\r?\n/).slice(1)) {
      const c = line.split(',');
      expected.set(`${c[0]}/${c[1]}`, { area: Number(c[2]), repair: (c[6] ?? '').trim() });
    }
  }

  it.skipIf(!haveSmall1).each(layers)('%s: every valid feature within 1e-7 relative + 0.001 m²', (name, idField) => {
    const { features, ids } = readGeoJsonFeatures(path.join(small1, `${name}.geojson`), idField);
    const areas = ellipsoidArea(makeLayer(features, gkCrs(3, 39, true)));
    let checked = 0;
    ids.forEach((id, i) => {
      const row = expected.get(`${name}/${id}`);
      expect(row, `${name} ${id} in areas.csv`).toBeDefined();
      // Invalid features (bow-ties) were measured after GEOS MakeValid; their raw rings have no defined area.
      if (row!.repair !== '') return;
      expect(Math.abs(areas[i]! - row!.area)).toBeLessThanOrEqual(1e-7 * row!.area + 0.001);
      checked++;
    });
    expect(checked).toBeGreaterThan(0);
  });

  it.skipIf(!haveSmall1)('landuse: TBMJ (m², 2 dp) is our area rounded, up to the reference tolerance; the literal rule is not', () => {
    const doc = JSON.parse(readFileSync(path.join(small1, 'landuse.geojson'), 'utf8')) as {
      features: { properties: { TBMJ: number } }[];
    };
    const { features } = readGeoJsonFeatures(path.join(small1, 'landuse.geojson'), 'BSM');
    const layer = makeLayer(features, gkCrs(3, 39, true));
    const exact = ellipsoidArea(layer);
    const national = ellipsoidArea(layer, { method: 'national' });
    let worstNational = 0;
    doc.features.forEach((f, i) => {
      expect(Math.abs(roundHalfAwayFromZero(exact[i]!, 2) - f.properties.TBMJ)).toBeLessThanOrEqual(0.01 + 1e-9);
      expect(Math.abs(exact[i]! - f.properties.TBMJ)).toBeLessThanOrEqual(0.005 + 0.001);
      worstNational = Math.max(worstNational, Math.abs(national[i]! - f.properties.TBMJ));
    });
    // Measured: the literal rule is up to 0.0089 m² off the unrounded reference on this layer.
    expect(worstNational).toBeGreaterThan(0.006);
  });
});
