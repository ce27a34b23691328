import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { crsFromEpsg, gaussKrugerCrs, transformCoords } from '../../src/crs/index.js';
import { CrsError, InputError } from '../../src/errors.js';

// EPSG's published proj4 renderings, written out by hand (independent of the registry).
const EPSG_4490 = '+proj=longlat +ellps=GRS80 +no_defs';
const EPSG_4527 = '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const EPSG_4528 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';

/** A grid of lon/lat points covering zone 39 (115.5–118.5°E) from 18°N to 53°N. */
function zone39Grid(): Float64Array {
  const pts: number[] = [];
  for (let lon = 115.5; lon <= 118.5; lon += 0.25) {
    for (let lat = 18; lat <= 53; lat += 2.5) pts.push(lon, lat);
  }
  return new Float64Array(pts);
}

describe('geographic ↔ Gauss–Krüger', () => {
  it('agrees with proj4 driven by the hand-written EPSG:4527 definition', () => {
    const ll = zone39Grid();
    const ours = transformCoords(ll, crsFromEpsg(4490), crsFromEpsg(4527));
    const direct = proj4(EPSG_4490, EPSG_4527);
    let worst = 0;
    for (let i = 0; i < ll.length; i += 2) {
      const [x, y] = direct.forward([ll[i], ll[i + 1]]);
      worst = Math.max(worst, Math.abs(ours[i] - x), Math.abs(ours[i + 1] - y));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('round trip lon/lat → GK → lon/lat within 1e-9 degrees', () => {
    const ll = zone39Grid();
    const gk = transformCoords(ll, crsFromEpsg(4490), crsFromEpsg(4527));
    const back = transformCoords(gk, crsFromEpsg(4527), crsFromEpsg(4490));
    let worst = 0;
    for (let i = 0; i < ll.length; i++) worst = Math.max(worst, Math.abs(back[i] - ll[i]));
    expect(worst).toBeLessThan(1e-9);
    // a 6° zone too, out to its edges
    const ll6: number[] = [];
    for (let lon = 114; lon <= 120; lon += 0.5) for (let lat = 20; lat <= 50; lat += 5) ll6.push(lon, lat);
    const six = new Float64Array(ll6);
    const back6 = transformCoords(transformCoords(six, crsFromEpsg(4490), crsFromEpsg(4498)), crsFromEpsg(4498), crsFromEpsg(4490));
    for (let i = 0; i < six.length; i++) expect(Math.abs(back6[i] - six[i])).toBeLessThan(1e-9);
  });

  it('returns a new array and leaves the input alone', () => {
    const ll = new Float64Array([117, 35]);
    const out = transformCoords(ll, crsFromEpsg(4490), crsFromEpsg(4527));
    expect(out).not.toBe(ll);
    expect(Array.from(ll)).toEqual([117, 35]);
    const same = transformCoords(ll, crsFromEpsg(4490), crsFromEpsg(4326));
    expect(same).not.toBe(ll);
    expect(Array.from(same)).toEqual([117, 35]);
  });
});

describe('between projected CRSs', () => {
  // Vertices like the reference county's (EPSG:4527), from /work/shared/reference/small-1/landuse.geojson.
  const county = new Float64Array([39598466.011, 3941199.552, 39598461.14, 3941202.685, 39596275.017, 3938830.702, 39603146.177, 3944351.526]);

  it('zone 39 prefixed (4527) → CM 117E unprefixed (4548): x differs by exactly 39 000 000, y unchanged', () => {
    const out = transformCoords(county, crsFromEpsg(4527), crsFromEpsg(4548));
    for (let i = 0; i < county.length; i += 2) {
      expect(county[i] - out[i]).toBe(39_000_000);
      expect(out[i + 1]).toBe(county[i + 1]);
    }
    const back = transformCoords(out, crsFromEpsg(4548), crsFromEpsg(4527));
    expect(Array.from(back)).toEqual(Array.from(county));
  });

  it('zone 39 prefixed (4527) → 6° zone 20 prefixed (4498): same meridian, x differs by 19 000 000', () => {
    const out = transformCoords(county, crsFromEpsg(4527), crsFromEpsg(4498));
    expect(out[0]).toBeCloseTo(county[0] - 19_000_000, 9);
  });

  it('adjacent zones 39 → 40 agree with proj4 run directly', () => {
    const pts: number[] = [];
    // points near the 118.5°E boundary, projected in zone 39
    const toZone39 = proj4(EPSG_4490, EPSG_4527);
    for (let lat = 25; lat <= 45; lat += 5) for (const lon of [118.2, 118.5, 118.8]) pts.push(...toZone39.forward([lon, lat]));
    const z39 = new Float64Array(pts);
    const ours = transformCoords(z39, crsFromEpsg(4527), crsFromEpsg(4528));
    const direct = proj4(EPSG_4527, EPSG_4528);
    let worst = 0;
    for (let i = 0; i < z39.length; i += 2) {
      const [x, y] = direct.forward([z39[i], z39[i + 1]]);
      worst = Math.max(worst, Math.abs(ours[i] - x), Math.abs(ours[i + 1] - y));
      expect(Math.floor(ours[i] / 1e6)).toBe(40);
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('to a custom central meridian, agreeing with proj4', () => {
    const custom = gaussKrugerCrs({ centralMeridian: 117.5 });
    const ours = transformCoords(county, crsFromEpsg(4527), custom);
    const direct = proj4(EPSG_4527, '+proj=tmerc +lat_0=0 +lon_0=117.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m');
    for (let i = 0; i < county.length; i += 2) {
      const [x, y] = direct.forward([county[i], county[i + 1]]);
      expect(Math.abs(ours[i] - x)).toBeLessThan(1e-6);
      expect(Math.abs(ours[i + 1] - y)).toBeLessThan(1e-6);
    }
  });
});

describe('datums', () => {
  function messageOf(f: () => unknown): string {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CrsError);
      return (e as Error).message;
    }
    throw new Error('expected a CrsError');
  }
  const pt = new Float64Array([39_600_000, 3_941_000]);

  it('CGCS2000 ↔ Beijing 1954 without a shift is refused, saying how to supply one', () => {
    const m = messageOf(() => transformCoords(pt, crsFromEpsg(4527), crsFromEpsg(2415)));
    expect(m).toContain('datum shift between CGCS2000 and Beijing 1954 is not known');
    expect(m).toContain('+towgs84');
    expect(m).toContain('towgs84: { Beijing1954:');
    expect(messageOf(() => transformCoords(new Float64Array([117, 35]), crsFromEpsg(4490), crsFromEpsg(4610)))).toContain('Xian 1980');
  });

  it('Beijing 1954 ↔ Xian 1980 needs both shifts', () => {
    const m = messageOf(() =>
      transformCoords(pt, crsFromEpsg(2415), crsFromEpsg(2363), { towgs84: { Beijing1954: '15.8,-154.4,-82.3' } }),
    );
    expect(m).toContain('Xian1980');
  });

  it('with a user-supplied shift, agrees with proj4 given the same +towgs84', () => {
    const shift = '15.8,-154.4,-82.3';
    const beijing = new Float64Array([39_600_000, 3_941_000, 39_450_000, 4_100_000]);
    const ours = transformCoords(beijing, crsFromEpsg(2415), crsFromEpsg(4527), { towgs84: { Beijing1954: `+towgs84=${shift}` } });
    const direct = proj4(
      `+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=krass +towgs84=${shift} +units=m`,
      `${EPSG_4527} +towgs84=0,0,0`,
    );
    for (let i = 0; i < beijing.length; i += 2) {
      const [x, y] = direct.forward([beijing[i], beijing[i + 1]]);
      expect(Math.abs(ours[i] - x)).toBeLessThan(1e-6);
      expect(Math.abs(ours[i + 1] - y)).toBeLessThan(1e-6);
      // and the shift really moved the point (tens of metres), it was not ignored
      expect(Math.hypot(ours[i] - beijing[i], ours[i + 1] - beijing[i + 1])).toBeGreaterThan(10);
    }
    // array form and 7 parameters are accepted
    expect(() => transformCoords(beijing, crsFromEpsg(2415), crsFromEpsg(4527), { towgs84: { Beijing1954: [1, 2, 3, 0.1, 0.2, 0.3, 1.5] } })).not.toThrow();
  });

  it('a malformed shift is refused', () => {
    expect(messageOf(() => transformCoords(pt, crsFromEpsg(2415), crsFromEpsg(4527), { towgs84: { Beijing1954: '1,2' } }))).toContain('3 or 7 numbers');
    expect(messageOf(() => transformCoords(pt, crsFromEpsg(2415), crsFromEpsg(4527), { towgs84: { Beijing1954: '1,x,3' } }))).toContain('"1,x,3"');
  });

  it('same datum needs no shift: Beijing 1954 zone 39 → Beijing 1954 lon/lat', () => {
    const out = transformCoords(new Float64Array([39_500_000, 3_874_000]), crsFromEpsg(2415), crsFromEpsg(4214));
    expect(out[0]).toBeCloseTo(117, 12);
  });
});

describe('bad input', () => {
  it('odd length is an InputError', () => {
    expect(() => transformCoords(new Float64Array(3), crsFromEpsg(4490), crsFromEpsg(4527))).toThrow(InputError);
  });
  it('a point that cannot be transformed is named', () => {
    expect(() => transformCoords(new Float64Array([117, 35, Number.NaN, 35]), crsFromEpsg(4490), crsFromEpsg(4527))).toThrow(
      /Point 1 \(NaN, 35\) cannot be transformed/,
    );
  });
});
