import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import geographiclib from 'geographiclib-geodesic';
import {
  CGCS2000_ELLIPSOID,
  ELLIPSOID_BY_DATUM,
  IAG_1975,
  KRASSOVSKY_1940,
  crsFromEpsg,
  gaussKrugerCrs,
  isSupportedEpsg,
  sameCrs,
  transformCoords,
} from '../../src/crs/index.js';
import { CrsError } from '../../src/errors.js';

const { Geodesic } = geographiclib;

interface Expected {
  width: 3 | 6;
  zone: number;
  cm: number;
  fe: number;
  prefixed: boolean;
}

/**
 * domain.md §3, restated independently of the registry: 4491–4501 6° prefixed zones 13–23;
 * 4502–4512 6° by CM 75E–135E; 4513–4533 3° prefixed zones 25–45; 4534–4554 3° by CM 75E–135E.
 * 3° zone n: CM 3n. 6° zone n: CM 6n − 3. False easting 500 000, with the zone in front when prefixed.
 */
function expectedCgcs2000(code: number): Expected {
  if (code >= 4491 && code <= 4501) {
    const zone = 13 + (code - 4491);
    return { width: 6, zone, cm: 6 * zone - 3, fe: zone * 1e6 + 500_000, prefixed: true };
  }
  if (code >= 4502 && code <= 4512) {
    const cm = 75 + 6 * (code - 4502);
    return { width: 6, zone: (cm + 3) / 6, cm, fe: 500_000, prefixed: false };
  }
  if (code >= 4513 && code <= 4533) {
    const zone = 25 + (code - 4513);
    return { width: 3, zone, cm: 3 * zone, fe: zone * 1e6 + 500_000, prefixed: true };
  }
  const cm = 75 + 3 * (code - 4534);
  return { width: 3, zone: cm / 3, cm, fe: 500_000, prefixed: false };
}

// EPSG's own proj4 rendering of CGCS2000 (ellps=GRS80; differs from 1/f = 298.257222101 by 1e-10).
const EPSG_4490 = '+proj=longlat +ellps=GRS80 +no_defs';
const epsgGk = (cm: number, fe: number, ellps = '+ellps=GRS80'): string =>
  `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${fe} +y_0=0 ${ellps} +units=m +no_defs`;

describe('CGCS2000 Gauss–Krüger codes 4491–4554', () => {
  const codes = Array.from({ length: 4554 - 4491 + 1 }, (_, i) => 4491 + i);

  it.each(codes)('EPSG:%i has the zone, central meridian and false easting of the domain rule', (code) => {
    const e = expectedCgcs2000(code);
    const crs = crsFromEpsg(code);
    expect(crs.epsg).toBe(code);
    expect(crs.kind).toBe('projected');
    expect(crs.datum).toBe('CGCS2000');
    expect(crs.ellipsoid.a).toBe(6378137);
    expect(1 / crs.ellipsoid.f).toBeCloseTo(298.257222101, 9);
    expect(crs.zoneWidth).toBe(e.width);
    expect(crs.zone).toBe(e.zone);
    expect(crs.centralMeridian).toBe(e.cm);
    expect(crs.falseEasting).toBe(e.fe);
    expect(crs.zonePrefixed).toBe(e.prefixed);
    expect(crs.name).toBe(
      `CGCS2000 / ${e.width === 3 ? '3-degree ' : ''}Gauss-Kruger ${e.prefixed ? `zone ${e.zone}` : `CM ${e.cm}E`}`,
    );
    // The CRS's proj4 definition projects like EPSG's published definition for that code.
    const p = [e.cm + 1.2, 31.7];
    const ours = proj4(EPSG_4490, crs.proj4).forward(p);
    const theirs = proj4(EPSG_4490, epsgGk(e.cm, e.fe)).forward(p);
    expect(Math.abs(ours[0] - theirs[0])).toBeLessThan(1e-6);
    expect(Math.abs(ours[1] - theirs[1])).toBeLessThan(1e-6);
  });

  it('spot checks against EPSG definitions seen on epsg.io', () => {
    // 4502 "CGCS2000 / Gauss-Kruger CM 75E", 4504 "… CM 87E", 4510 "… CM 123E", 4492 "… zone 14" (CM 81,
    // FE 14 500 000), 4547 "CGCS2000 / 3-degree Gauss-Kruger CM 114E", 4528 "… zone 40" (CM 120, FE 40 500 000).
    expect([4502, 4504, 4510, 4547].map((c) => crsFromEpsg(c).centralMeridian)).toEqual([75, 87, 123, 114]);
    expect(crsFromEpsg(4492)).toMatchObject({ centralMeridian: 81, falseEasting: 14_500_000 });
    expect(crsFromEpsg(4528)).toMatchObject({ centralMeridian: 120, falseEasting: 40_500_000 });
    expect(crsFromEpsg(4548)).toMatchObject({ centralMeridian: 117, falseEasting: 500_000, zoneWidth: 3 });
  });
});

describe('a point at 117°E 35°N in EPSG:4527', () => {
  it('gets x = 39 500 000 exactly and y = the meridian arc length (GeographicLib)', () => {
    const handWritten = proj4(
      '+proj=longlat +a=6378137 +rf=298.257222101 +no_defs',
      '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +a=6378137 +rf=298.257222101 +units=m +no_defs',
    ).forward([117, 35]);
    const ours = transformCoords(new Float64Array([117, 35]), crsFromEpsg(4490), crsFromEpsg(4527));
    expect(handWritten[0]).toBe(39_500_000);
    expect(ours[0]).toBe(39_500_000);
    // On the central meridian, k = 1: the northing is the geodesic distance from the equator.
    const arc = new Geodesic.Geodesic(6378137, 1 / 298.257222101).Inverse(0, 117, 35, 117).s12!;
    expect(Math.abs(ours[1] - arc)).toBeLessThan(1e-6);
    expect(ours[1]).toBe(handWritten[1]);
  });

  it('Beijing 1954 zone 39 (EPSG:2415) uses the Krassowsky ellipsoid: its meridian arc', () => {
    const ours = transformCoords(new Float64Array([117, 35]), crsFromEpsg(4214), crsFromEpsg(2415));
    const arc = new Geodesic.Geodesic(6378245, 1 / 298.3).Inverse(0, 117, 35, 117).s12!;
    expect(ours[0]).toBe(39_500_000);
    expect(Math.abs(ours[1] - arc)).toBeLessThan(1e-6);
  });
});

describe('Beijing 1954 and Xian 1980 families', () => {
  // First code of each family, from the EPSG dataset (epsg.io pages for 2401, 2327, 2349, 2379, 21453 …).
  const families = [
    { datum: 'Beijing1954', width: 3, prefixed: true, first: 2401, last: 2421 },
    { datum: 'Beijing1954', width: 3, prefixed: false, first: 2422, last: 2442 },
    { datum: 'Beijing1954', width: 6, prefixed: true, first: 21413, last: 21423 },
    { datum: 'Beijing1954', width: 6, prefixed: false, first: 21453, last: 21463 },
    { datum: 'Xian1980', width: 3, prefixed: true, first: 2349, last: 2369 },
    { datum: 'Xian1980', width: 3, prefixed: false, first: 2370, last: 2390 },
    { datum: 'Xian1980', width: 6, prefixed: true, first: 2327, last: 2337 },
    { datum: 'Xian1980', width: 6, prefixed: false, first: 2338, last: 2348 },
  ] as const;
  const ellps = { Beijing1954: '+ellps=krass', Xian1980: '+a=6378140 +b=6356755.288157528' } as const;
  const ll = { Beijing1954: '+proj=longlat +ellps=krass +no_defs', Xian1980: '+proj=longlat +a=6378140 +b=6356755.288157528 +no_defs' } as const;

  for (const f of families) {
    it(`${f.datum} ${f.width}° ${f.prefixed ? 'prefixed' : 'by CM'}: EPSG ${f.first}–${f.last}`, () => {
      for (let code = f.first; code <= f.last; code++) {
        const i = code - f.first;
        const zone = (f.width === 3 ? 25 : 13) + i;
        const cm = f.width === 3 ? 3 * zone : 6 * zone - 3;
        const fe = f.prefixed ? zone * 1e6 + 500_000 : 500_000;
        const crs = crsFromEpsg(code);
        expect(crs).toMatchObject({ epsg: code, datum: f.datum, zoneWidth: f.width, centralMeridian: cm, falseEasting: fe });
        const p = [cm - 0.8, 40.1];
        const ours = proj4(ll[f.datum], crs.proj4).forward(p);
        const theirs = proj4(ll[f.datum], epsgGk(cm, fe, ellps[f.datum])).forward(p);
        expect(Math.abs(ours[0] - theirs[0])).toBeLessThan(1e-6);
        expect(Math.abs(ours[1] - theirs[1])).toBeLessThan(1e-6);
      }
    });
  }

  it('anchors from EPSG remarks', () => {
    // 2416 "Beijing 1954 / 3-degree GK zone 40" ↔ truncated form 2437 (CM 120E); 2410 zone 34 ↔ 2431 (CM 102E);
    // 21420 "Beijing 1954 / GK zone 20" (CM 117); 2334 "Xian 1980 / GK zone 20" ↔ 2345 (CM 117E); 2358 Xian 3° zone 34.
    expect(crsFromEpsg(2416)).toMatchObject({ centralMeridian: 120, falseEasting: 40_500_000 });
    expect(crsFromEpsg(2437)).toMatchObject({ centralMeridian: 120, falseEasting: 500_000 });
    expect(crsFromEpsg(2431)).toMatchObject({ centralMeridian: 102, falseEasting: 500_000 });
    expect(crsFromEpsg(2410)).toMatchObject({ centralMeridian: 102, falseEasting: 34_500_000 });
    expect(crsFromEpsg(21420)).toMatchObject({ centralMeridian: 117, falseEasting: 20_500_000 });
    expect(crsFromEpsg(2334)).toMatchObject({ centralMeridian: 117, falseEasting: 20_500_000 });
    expect(crsFromEpsg(2345)).toMatchObject({ centralMeridian: 117, falseEasting: 500_000, zoneWidth: 6 });
    expect(crsFromEpsg(2358)).toMatchObject({ centralMeridian: 102, falseEasting: 34_500_000 });
    expect(crsFromEpsg(2379)).toMatchObject({ centralMeridian: 102, falseEasting: 500_000, zoneWidth: 3 });
    expect(crsFromEpsg(2401).ellipsoid).toMatchObject({ a: 6378245 });
    expect(1 / crsFromEpsg(2401).ellipsoid.f).toBeCloseTo(298.3, 10);
    expect(crsFromEpsg(2349).ellipsoid).toMatchObject({ a: 6378140 });
    expect(1 / crsFromEpsg(2349).ellipsoid.f).toBeCloseTo(298.257, 10);
  });

  it('geographic CRSs', () => {
    expect(crsFromEpsg(4490)).toMatchObject({ kind: 'geographic', datum: 'CGCS2000' });
    expect(crsFromEpsg(4214)).toMatchObject({ kind: 'geographic', datum: 'Beijing1954' });
    expect(crsFromEpsg(4610)).toMatchObject({ kind: 'geographic', datum: 'Xian1980' });
    expect(crsFromEpsg(4326)).toMatchObject({ kind: 'geographic', datum: 'CGCS2000', epsg: 4326 });
  });
});

describe('unsupported codes', () => {
  it.each([32650, 4555, 4489, 2400, 21464, 0, 4527.5])('EPSG:%s throws a CrsError listing the supported ranges', (code) => {
    expect(isSupportedEpsg(code)).toBe(false);
    expect(() => crsFromEpsg(code)).toThrow(CrsError);
    try {
      crsFromEpsg(code);
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toContain(`EPSG:${code}`);
      for (const range of ['4491–4501', '4502–4512', '4513–4533', '4534–4554', '2401–2421', '21413–21423', '2327–2337', '2349–2369']) {
        expect(m).toContain(range);
      }
    }
  });
});

describe('sameCrs compares parameters', () => {
  it('identical parameters under different codes and names are the same CRS', () => {
    expect(sameCrs(crsFromEpsg(4509), crsFromEpsg(4548))).toBe(true); // 6° CM 117E vs 3° CM 117E
    expect(sameCrs(crsFromEpsg(4326), crsFromEpsg(4490))).toBe(true);
    expect(sameCrs({ ...crsFromEpsg(4527), name: 'renamed', epsg: null }, crsFromEpsg(4527))).toBe(true);
  });
  it('different false easting, central meridian, datum or kind are different CRSs', () => {
    expect(sameCrs(crsFromEpsg(4527), crsFromEpsg(4548))).toBe(false);
    expect(sameCrs(crsFromEpsg(4527), crsFromEpsg(4528))).toBe(false);
    expect(sameCrs(crsFromEpsg(4527), crsFromEpsg(2415))).toBe(false);
    expect(sameCrs(crsFromEpsg(4490), crsFromEpsg(4214))).toBe(false);
    expect(sameCrs(crsFromEpsg(4490), crsFromEpsg(4527))).toBe(false);
  });
});

describe('gaussKrugerCrs', () => {
  it('returns the registered CRS when the parameters match one', () => {
    expect(gaussKrugerCrs({ centralMeridian: 117, falseEasting: 39_500_000 }).epsg).toBe(4527);
    expect(gaussKrugerCrs({ centralMeridian: 117 }).epsg).toBe(4548);
    expect(gaussKrugerCrs({ centralMeridian: 117, zoneWidth: 6 }).epsg).toBe(4509);
    expect(gaussKrugerCrs({ centralMeridian: 117, falseEasting: 39_500_000, datum: 'Xian1980' }).epsg).toBe(2363);
    // float noise from a unit conversion still matches
    expect(gaussKrugerCrs({ centralMeridian: 116.99999999999999, falseEasting: 39_500_000 }).epsg).toBe(4527);
  });
  it('represents a custom central meridian with epsg null', () => {
    const crs = gaussKrugerCrs({ centralMeridian: 117.5, name: 'county local' });
    expect(crs).toMatchObject({ epsg: null, name: 'county local', centralMeridian: 117.5, falseEasting: 500_000, zonePrefixed: false });
    const x = proj4(EPSG_4490, crs.proj4).forward([117.5, 36])[0];
    expect(x).toBe(500_000);
    // 117°20′ is kept as given, not snapped
    expect(gaussKrugerCrs({ centralMeridian: 117 + 1 / 3 }).centralMeridian).toBe(117 + 1 / 3);
  });
  it('refuses nonsense parameters', () => {
    expect(() => gaussKrugerCrs({ centralMeridian: 200 })).toThrow(/central meridian .*found 200/);
    expect(() => gaussKrugerCrs({ centralMeridian: 117, falseEasting: Number.NaN })).toThrow(/false easting/);
  });
});

describe('ellipsoids', () => {
  it('carry the defining constants (CGCS2000; EPSG 7024 Krassowsky 1940; EPSG 7049 IAG 1975)', () => {
    expect(CGCS2000_ELLIPSOID).toMatchObject({ a: 6378137, f: 1 / 298.257222101 });
    expect(KRASSOVSKY_1940).toMatchObject({ a: 6378245, f: 1 / 298.3 });
    expect(IAG_1975).toMatchObject({ a: 6378140, f: 1 / 298.257 });
    expect(ELLIPSOID_BY_DATUM).toEqual({ CGCS2000: CGCS2000_ELLIPSOID, Beijing1954: KRASSOVSKY_1940, Xian1980: IAG_1975 });
    // domain.md §4: e² = (a² − b²)/a² = 0.00669438002290 for CGCS2000
    const { f } = CGCS2000_ELLIPSOID;
    expect(f * (2 - f)).toBeCloseTo(0.0066943800229, 13);
  });
});
