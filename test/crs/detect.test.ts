import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkBBoxFitsCrs,
  crsForGeographicLayer,
  crsFromEpsg,
  detectCrsFromCoordinates,
  gaussKrugerZoneFor,
  resolveCrs,
  type BBox,
} from '../../src/crs/index.js';
import { CrsError } from '../../src/errors.js';

const REFERENCE_PRJ = readFileSync(new URL('../../fixtures/crs/landuse.prj', import.meta.url), 'utf8');
/** Bounding box in the header of /work/shared/reference/small-1/shp/townships.shp (EPSG:4527). */
const COUNTY_BBOX: BBox = [39596275.017, 3938830.702, 39603146.177, 3944351.526];
/** The same county with the zone prefix dropped (what EPSG:4548 data look like). */
const COUNTY_BBOX_UNPREFIXED: BBox = [596275.017, 3938830.702, 603146.177, 3944351.526];
const GEOJSON_4527 = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4527' } }, features: [] };

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CrsError);
    return (e as Error).message;
  }
  throw new Error('expected a CrsError');
}

describe('gaussKrugerZoneFor', () => {
  it('the reference county at 118.1°E: 3° zone 39 (CM 117), 6° zone 20 (CM 117)', () => {
    expect(gaussKrugerZoneFor(118.1, 3)).toEqual({ zone: 39, centralMeridian: 117 });
    expect(gaussKrugerZoneFor(118.1, 6)).toEqual({ zone: 20, centralMeridian: 117 });
  });

  it('a longitude exactly on a boundary belongs to the zone east of it', () => {
    expect(gaussKrugerZoneFor(118.5, 3)).toEqual({ zone: 40, centralMeridian: 120 });
    expect(gaussKrugerZoneFor(115.5, 3)).toEqual({ zone: 39, centralMeridian: 117 });
    expect(gaussKrugerZoneFor(118.49999999999999, 3)).toEqual({ zone: 39, centralMeridian: 117 });
    expect(gaussKrugerZoneFor(114, 6)).toEqual({ zone: 20, centralMeridian: 117 });
    expect(gaussKrugerZoneFor(120, 6)).toEqual({ zone: 21, centralMeridian: 123 });
    expect(gaussKrugerZoneFor(119.99999999999999, 6)).toEqual({ zone: 20, centralMeridian: 117 });
  });

  it('every longitude of China lies in [CM − w/2, CM + w/2); 6° zones are floor(L/6) + 1', () => {
    for (let lon = 72; lon < 136; lon += 0.125) {
      const z3 = gaussKrugerZoneFor(lon, 3);
      expect(z3.centralMeridian).toBe(3 * z3.zone);
      expect(lon - z3.centralMeridian).toBeGreaterThanOrEqual(-1.5);
      expect(lon - z3.centralMeridian).toBeLessThan(1.5);
      const z6 = gaussKrugerZoneFor(lon, 6);
      expect(z6.zone).toBe(Math.floor(lon / 6) + 1);
      expect(z6.centralMeridian).toBe(6 * z6.zone - 3);
      expect(lon - z6.centralMeridian).toBeGreaterThanOrEqual(-3);
      expect(lon - z6.centralMeridian).toBeLessThan(3);
    }
  });

  it('refuses longitudes outside [0, 180) and other widths', () => {
    expect(messageOf(() => gaussKrugerZoneFor(-1, 3))).toContain('found -1');
    expect(messageOf(() => gaussKrugerZoneFor(180, 6))).toContain('[0, 180)');
    expect(messageOf(() => gaussKrugerZoneFor(Number.NaN, 3))).toContain('NaN');
    expect(messageOf(() => gaussKrugerZoneFor(117, 4 as 3))).toContain('3 or 6');
  });
});

describe('detectCrsFromCoordinates', () => {
  it('the reference county (8-digit eastings, prefix 39) → EPSG:4527', () => {
    expect(detectCrsFromCoordinates(COUNTY_BBOX)?.epsg).toBe(4527);
  });

  it('every prefix 25–45 → 3° CGCS2000 zone, 13–23 → 6° zone, anything else → null', () => {
    for (let zone = 10; zone <= 99; zone++) {
      const x0 = zone * 1e6 + 400_000;
      const crs = detectCrsFromCoordinates([x0, 3_000_000, x0 + 200_000, 3_100_000]);
      if (zone >= 25 && zone <= 45) {
        expect(crs).toMatchObject({ epsg: 4513 + zone - 25, zone, zoneWidth: 3, centralMeridian: 3 * zone });
      } else if (zone >= 13 && zone <= 23) {
        expect(crs).toMatchObject({ epsg: 4491 + zone - 13, zone, zoneWidth: 6, centralMeridian: 6 * zone - 3 });
      } else {
        expect(crs).toBeNull();
      }
    }
  });

  it('the 3° and 6° prefix ranges cannot overlap: 6° zones of China are 13–23, 3° zones 25–45', () => {
    const sixDegree = new Set<number>();
    const threeDegree = new Set<number>();
    for (let lon = 73.5; lon < 136.5; lon += 0.25) {
      sixDegree.add(gaussKrugerZoneFor(lon, 6).zone);
      threeDegree.add(gaussKrugerZoneFor(lon, 3).zone);
    }
    expect(Math.min(...sixDegree)).toBe(13);
    expect(Math.max(...sixDegree)).toBe(23);
    expect(Math.min(...threeDegree)).toBe(25);
    expect(Math.max(...threeDegree)).toBe(45);
  });

  it('lon/lat inside China → EPSG:4490; outside → null', () => {
    expect(detectCrsFromCoordinates([118.0, 35.5, 118.2, 35.7])?.epsg).toBe(4490);
    expect(detectCrsFromCoordinates([2.2, 48.8, 2.4, 48.9])).toBeNull();
  });

  it('undecidable: 6-digit eastings, prefixes that differ, swapped axes, no coordinates', () => {
    expect(detectCrsFromCoordinates(COUNTY_BBOX_UNPREFIXED)).toBeNull();
    expect(detectCrsFromCoordinates([38_900_000, 3_900_000, 39_100_000, 3_950_000])).toBeNull();
    expect(detectCrsFromCoordinates([3938830.702, 39596275.017, 3944351.526, 39603146.177])).toBeNull();
    expect(detectCrsFromCoordinates([Infinity, Infinity, -Infinity, -Infinity])).toBeNull();
    expect(detectCrsFromCoordinates([Number.NaN, 0, 1, 1])).toBeNull();
  });
});

describe('crsForGeographicLayer', () => {
  it('the 3° prefixed CGCS2000 zone of the bbox centre', () => {
    expect(crsForGeographicLayer([118.0, 35.5, 118.2, 35.7]).epsg).toBe(4527);
    expect(crsForGeographicLayer([118.4, 35.5, 118.6, 35.7]).epsg).toBe(4528); // centre 118.5: zone 40
    expect(crsForGeographicLayer([75.0, 39.0, 75.2, 39.2]).epsg).toBe(4513);
    expect(crsForGeographicLayer([134.9, 48.0, 135.1, 48.1]).epsg).toBe(4533);
    expect(crsForGeographicLayer([118.0, 35.5, 118.2, 35.7], { datum: 'Beijing1954' }).epsg).toBe(2415);
  });
  it('a zone outside the EPSG range is a custom prefixed CRS', () => {
    expect(crsForGeographicLayer([10.0, 50.0, 10.2, 50.1])).toMatchObject({ epsg: null, zone: 3, centralMeridian: 9, falseEasting: 3_500_000 });
  });
  it('refuses projected coordinates', () => {
    expect(messageOf(() => crsForGeographicLayer(COUNTY_BBOX))).toContain('longitude/latitude');
  });
});

describe('checkBBoxFitsCrs', () => {
  it('accepts coordinates that fit', () => {
    expect(() => checkBBoxFitsCrs(COUNTY_BBOX, crsFromEpsg(4527))).not.toThrow();
    expect(() => checkBBoxFitsCrs(COUNTY_BBOX_UNPREFIXED, crsFromEpsg(4548))).not.toThrow();
    expect(() => checkBBoxFitsCrs([118, 35, 119, 36], crsFromEpsg(4490))).not.toThrow();
    expect(() => checkBBoxFitsCrs([Infinity, Infinity, -Infinity, -Infinity], crsFromEpsg(4527))).not.toThrow();
  });
  it('6-digit eastings declared as a prefixed zone: suggests the unprefixed code', () => {
    const m = messageOf(() => checkBBoxFitsCrs(COUNTY_BBOX_UNPREFIXED, crsFromEpsg(4527), { file: 'dltb.shp' }));
    expect(m).toMatch(/^dltb\.shp: /);
    expect(m).toContain('x 596275.017 … 603146.177');
    expect(m).toContain('EPSG:4527');
    expect(m).toContain('--crs EPSG:4548');
  });
  it('8-digit eastings declared unprefixed: suggests the prefixed code', () => {
    expect(messageOf(() => checkBBoxFitsCrs(COUNTY_BBOX, crsFromEpsg(4548)))).toContain('--crs EPSG:4527');
  });
  it('metres declared as lon/lat, and a neighbouring zone', () => {
    expect(messageOf(() => checkBBoxFitsCrs(COUNTY_BBOX, crsFromEpsg(4490)))).toContain('±180');
    expect(messageOf(() => checkBBoxFitsCrs(COUNTY_BBOX, crsFromEpsg(4528)))).toContain('EPSG:4527');
  });
});

describe('resolveCrs', () => {
  it('precedence: option, then GeoJSON crs, then .prj, then coordinates', () => {
    const all = { option: 'EPSG:4527', geojson: GEOJSON_4527, prj: REFERENCE_PRJ, bbox: COUNTY_BBOX };
    expect(resolveCrs(all)).toMatchObject({ from: 'option', warnings: [] });
    expect(resolveCrs({ ...all, option: undefined })).toMatchObject({ from: 'geojson', warnings: [] });
    expect(resolveCrs({ prj: REFERENCE_PRJ, bbox: COUNTY_BBOX })).toMatchObject({ from: 'prj', warnings: [] });
    const guessed = resolveCrs({ bbox: COUNTY_BBOX }, { file: 'patches.geojson' });
    expect(guessed.from).toBe('coordinates');
    expect(guessed.crs.epsg).toBe(4527);
    expect(guessed.warnings).toHaveLength(1);
    expect(guessed.warnings[0]).toContain('patches.geojson: no CRS declared');
  });

  it('accepts the option as text, number or Crs', () => {
    expect(resolveCrs({ option: 4548 }).crs.epsg).toBe(4548);
    expect(resolveCrs({ option: crsFromEpsg(4548) }).crs.epsg).toBe(4548);
    expect(resolveCrs({ option: 'CGCS2000 / 3-degree Gauss-Kruger CM 117E' }).crs.epsg).toBe(4548);
  });

  it('an explicit option overrides a different file declaration, with a warning', () => {
    const r = resolveCrs({ option: 'EPSG:4548', prj: REFERENCE_PRJ, bbox: COUNTY_BBOX_UNPREFIXED }, { file: 'dltb.shp' });
    expect(r.crs.epsg).toBe(4548);
    expect(r.from).toBe('option');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('dltb.shp');
    expect(r.warnings[0]).toContain('EPSG:4527');
    expect(r.warnings[0]).toContain('EPSG:4548');
  });

  it('an option equal in parameters to the declaration gives no warning', () => {
    expect(resolveCrs({ option: 'EPSG:4509', prj: REFERENCE_PRJ.replace('39500000.0', '500000.0').replace('CGCS2000_3_Degree_GK_Zone_39', 'x') }).warnings).toEqual([]);
  });

  it('an unreadable declaration: warning under an option, error without', () => {
    const bad = 'PROJCS["broken"';
    const r = resolveCrs({ option: 'EPSG:4527', prj: bad }, { file: 'a.shp' });
    expect(r.warnings[0]).toContain('could not be read');
    const m = messageOf(() => resolveCrs({ prj: bad }, { file: 'a.shp' }));
    expect(m).toMatch(/^a\.shp: Malformed WKT/);
  });

  it('GeoJSON member and .prj disagreeing: the GeoJSON member wins, with a warning', () => {
    const r = resolveCrs({ geojson: GEOJSON_4527, prj: REFERENCE_PRJ.replace('39500000.0', '40500000.0').replace('117.0', '120.0') });
    expect(r.crs.epsg).toBe(4527);
    expect(r.warnings[0]).toContain('EPSG:4528');
  });

  it('a declaration that the coordinates cannot be in is refused, even from an option', () => {
    expect(messageOf(() => resolveCrs({ prj: REFERENCE_PRJ, bbox: COUNTY_BBOX_UNPREFIXED }, { file: 'dltb.shp' }))).toContain('--crs EPSG:4548');
    expect(messageOf(() => resolveCrs({ option: 4548, bbox: COUNTY_BBOX }))).toContain('--crs EPSG:4527');
  });

  it('undecidable: says what was found and how to declare the CRS', () => {
    const m = messageOf(() => resolveCrs({ geojson: { type: 'FeatureCollection', features: [] }, bbox: COUNTY_BBOX_UNPREFIXED }, { file: 'dltb.geojson' }));
    expect(m).toMatch(/^dltb\.geojson: cannot tell the coordinate reference system/);
    expect(m).toContain('x 596275.017 … 603146.177, y 3938830.702 … 3944351.526');
    expect(m).toContain('6-digit eastings');
    expect(m).toContain('--crs EPSG:4527');
    expect(m).toContain('.prj');
    expect(m).toContain('"crs" member');
    expect(messageOf(() => resolveCrs({}))).toContain('no coordinates were given');
    expect(messageOf(() => resolveCrs({ bbox: [2.2, 48.8, 2.4, 48.9] }))).toContain('outside China');
    expect(messageOf(() => resolveCrs({ bbox: [3938830.702, 39596275.017, 3944351.526, 39603146.177] }))).toContain('swapped');
  });
});

describe('suggestions keep the declared datum', () => {
  it('Beijing 1954 zone 40 declared for zone-39 coordinates suggests Beijing 1954 zone 39', () => {
    const m = messageOf(() => checkBBoxFitsCrs(COUNTY_BBOX, crsFromEpsg(2416)));
    expect(m).toContain('--crs EPSG:2415');
    expect(m).toContain('Beijing 1954 / 3-degree Gauss-Kruger zone 39');
  });
});
