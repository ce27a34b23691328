import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { crsFromEpsg, crsFromGeoJSON, crsFromWkt, parseCrs, sameCrs } from '../../src/crs/index.js';
import { CrsError } from '../../src/errors.js';

/** Verbatim copy of /work/shared/reference/small-1/shp/landuse.prj (ArcGIS/GDAL ESRI-flavoured WKT 1). */
const REFERENCE_PRJ = readFileSync(new URL('../../fixtures/crs/landuse.prj', import.meta.url), 'utf8');

const GCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_BEIJING =
  'GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_XIAN =
  'GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** An ESRI-style Gauss–Krüger .prj with the given name and parameters. */
function esriGk(name: string, cm: number, fe: number, gcs = GCS_CGCS2000): string {
  const num = (v: number): string => (Number.isInteger(v) ? v.toFixed(1) : String(v)); // ESRI writes 117.0
  return (
    `PROJCS["${name}",${gcs},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${num(fe)}],` +
    `PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${num(cm)}],PARAMETER["Scale_Factor",1.0],` +
    `PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
  );
}

/** An OGC (GDAL/EPSG-style) WKT 1 with AUTHORITY clauses. */
function ogcGk(name: string, cm: number, fe: number, code: number | null, linearUnit = 'UNIT["metre",1,AUTHORITY["EPSG","9001"]]'): string {
  return (
    `PROJCS["${name}",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",` +
    `SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],` +
    `PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],` +
    `AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],` +
    `PARAMETER["central_meridian",${cm}],PARAMETER["scale_factor",1],PARAMETER["false_easting",${fe}],` +
    `PARAMETER["false_northing",0],${linearUnit}` +
    (code === null ? '' : `,AUTHORITY["EPSG","${code}"]`) +
    ']'
  );
}

/** WKT 2 (ISO 19162:2019) as PROJ writes it, multi-line. */
function wkt2Gk(name: string, baseName: string, datumName: string, ellipsoid: string, cm: number, fe: number, code: number): string {
  return `PROJCRS["${name}",
    BASEGEOGCRS["${baseName}",
        DATUM["${datumName}",
            ELLIPSOID[${ellipsoid},LENGTHUNIT["metre",1]]],
        PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],
    CONVERSION["custom",
        METHOD["Transverse Mercator",ID["EPSG",9807]],
        PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],
        PARAMETER["Longitude of natural origin",${cm},ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],
        PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1],ID["EPSG",8805]],
        PARAMETER["False easting",${fe},LENGTHUNIT["metre",1],ID["EPSG",8806]],
        PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],
    CS[Cartesian,2],
        AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],
        AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]],
    USAGE[SCOPE["Cadastre, engineering survey, topographic mapping (large scale)."],AREA["China"],BBOX[24.03,115.5,42.3,118.5]],
    ID["EPSG",${code}]]`;
}

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CrsError);
    return (e as Error).message;
  }
  throw new Error('expected a CrsError');
}

describe('the reference county .prj', () => {
  it('resolves to EPSG:4527 with zone 39, CM 117E, false easting 39 500 000', () => {
    expect(REFERENCE_PRJ.startsWith('PROJCS["CGCS2000_3_Degree_GK_Zone_39"')).toBe(true);
    const crs = crsFromWkt(REFERENCE_PRJ);
    expect(crs).toMatchObject({ epsg: 4527, zone: 39, zoneWidth: 3, centralMeridian: 117, falseEasting: 39_500_000, zonePrefixed: true, datum: 'CGCS2000' });
    expect(sameCrs(crs, crsFromEpsg(4527))).toBe(true);
    expect(parseCrs(REFERENCE_PRJ).epsg).toBe(4527);
  });
  it('tolerates a byte-order mark, CRLF and surrounding blank lines', () => {
    expect(crsFromWkt(`\uFEFF${REFERENCE_PRJ}\r\n`).epsg).toBe(4527);
    expect(parseCrs(`\n  ${REFERENCE_PRJ}\r\n`).epsg).toBe(4527);
  });
});

describe('ESRI WKT 1 names and parameters', () => {
  const cases: [string, number, number, string, number][] = [
    ['CGCS2000_3_Degree_GK_Zone_39', 117, 39_500_000, GCS_CGCS2000, 4527],
    ['CGCS2000_3_Degree_GK_CM_117E', 117, 500_000, GCS_CGCS2000, 4548],
    ['CGCS2000_GK_Zone_20', 117, 20_500_000, GCS_CGCS2000, 4498],
    ['CGCS2000_GK_CM_117E', 117, 500_000, GCS_CGCS2000, 4509],
    ['Beijing_1954_3_Degree_GK_CM_117E', 117, 500_000, GCS_BEIJING, 2436],
    ['Beijing_1954_GK_Zone_20', 117, 20_500_000, GCS_BEIJING, 21420],
    ['Xian_1980_3_Degree_GK_Zone_39', 117, 39_500_000, GCS_XIAN, 2363],
    ['Xian_1980_GK_CM_117E', 117, 500_000, GCS_XIAN, 2345],
  ];
  it.each(cases)('%s → EPSG:%i', (name, cm, fe, gcs, code) => {
    expect(crsFromWkt(esriGk(name, cm, fe, gcs)).epsg).toBe(code);
  });

  it('3° and 6° "CM" forms share parameters: the name decides, else 3°', () => {
    expect(crsFromWkt(esriGk('CGCS2000_GK_CM_117E', 117, 500_000)).epsg).toBe(4509);
    expect(crsFromWkt(esriGk('CGCS2000_3_Degree_GK_CM_117E', 117, 500_000)).epsg).toBe(4548);
    expect(crsFromWkt(esriGk('my_projection', 117, 500_000)).epsg).toBe(4548);
  });

  it('ESRI Transverse_Mercator_Complex is the same projection', () => {
    expect(crsFromWkt(esriGk('x', 117, 39_500_000).replace('Gauss_Kruger', 'Transverse_Mercator_Complex')).epsg).toBe(4527);
  });

  it('parameters win over a name that contradicts them', () => {
    const crs = crsFromWkt(esriGk('CGCS2000_3_Degree_GK_Zone_39', 120, 40_500_000));
    expect(crs).toMatchObject({ epsg: 4528, centralMeridian: 120 });
  });

  it('GCS_* geographic .prj files', () => {
    expect(crsFromWkt(GCS_CGCS2000).epsg).toBe(4490);
    expect(crsFromWkt(GCS_BEIJING).epsg).toBe(4214);
    expect(crsFromWkt(GCS_XIAN).epsg).toBe(4610);
    const wgs84 = crsFromWkt(
      'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
    );
    expect(wgs84.kind).toBe('geographic');
    expect(sameCrs(wgs84, crsFromEpsg(4490))).toBe(true);
  });
});

describe('names alone (parseCrs)', () => {
  it.each([
    ['CGCS2000_3_Degree_GK_Zone_39', 4527],
    ['CGCS2000_3_Degree_GK_CM_117E', 4548],
    ['CGCS2000_6_Degree_GK_Zone_20', 4498],
    ['CGCS2000_GK_Zone_20', 4498],
    ['Beijing_1954_3_Degree_GK_CM_117E', 2436],
    ['Beijing_1954_GK_Zone_20N', 21460],
    ['Xian_1980_3_Degree_GK_Zone_39', 2363],
    ['GCS_China_Geodetic_Coordinate_System_2000', 4490],
    ['CGCS2000 / 3-degree Gauss-Kruger zone 39', 4527],
    ['CGCS2000 / 3-degree Gauss-Kruger CM 117E', 4548],
    ['CGCS2000 / Gauss-Kruger zone 20', 4498],
    ['Beijing 1954 / Gauss-Kruger CM 117E', 21460],
    ['Xian 1980 / Gauss-Kruger zone 20', 2334],
    ['CGCS2000 / 3-degree Gauss-Krüger zone 40', 4528],
    ['China_2000_3_Degree_GK_Zone_41', 4529],
  ])('%s → EPSG:%i', (name, code) => {
    expect(parseCrs(name).epsg).toBe(code);
  });
  it('a name outside the registered zones is not guessed', () => {
    expect(messageOf(() => parseCrs('CGCS2000_3_Degree_GK_Zone_50'))).toContain('Cannot read a coordinate reference system');
    expect(messageOf(() => parseCrs('CGCS2000_GK_CM_78E'))).toContain('CGCS2000_GK_CM_78E'); // 78E is 3° only
  });
});

describe('OGC WKT 1 with AUTHORITY', () => {
  it('reads the authority code and agrees with the parameters', () => {
    expect(crsFromWkt(ogcGk('CGCS2000 / 3-degree Gauss-Kruger zone 39', 117, 39_500_000, 4527)).epsg).toBe(4527);
    expect(crsFromWkt(ogcGk('CGCS2000 / 3-degree Gauss-Kruger CM 114E', 114, 500_000, 4547)).epsg).toBe(4547);
    // the code picks the 6° form among identical parameters
    expect(crsFromWkt(ogcGk('whatever', 117, 500_000, 4509)).epsg).toBe(4509);
  });
  it('refuses a WKT whose EPSG code contradicts its parameters', () => {
    const m = messageOf(() => crsFromWkt(ogcGk('CGCS2000 / 3-degree Gauss-Kruger zone 39', 120, 40_500_000, 4527)));
    expect(m).toContain('EPSG:4527');
    expect(m).toContain('central meridian 120');
    expect(m).toContain('false easting 40500000');
  });
  it('ignores an unknown authority code and uses the parameters', () => {
    expect(crsFromWkt(ogcGk('x', 117, 39_500_000, 999_999)).epsg).toBe(4527);
  });
});

describe('WKT 2', () => {
  it('PROJCRS … ID["EPSG",4527]', () => {
    const wkt = wkt2Gk('CGCS2000 / 3-degree Gauss-Kruger zone 39', 'China Geodetic Coordinate System 2000', 'China 2000', '"CGCS2000",6378137,298.257222101', 117, 39_500_000, 4527);
    expect(crsFromWkt(wkt)).toMatchObject({ epsg: 4527, centralMeridian: 117, falseEasting: 39_500_000 });
  });
  it('Beijing 1954 3° CM 114E (EPSG:2435)', () => {
    const wkt = wkt2Gk('Beijing 1954 / 3-degree Gauss-Kruger CM 114E', 'Beijing 1954', 'Beijing 1954', '"Krassowsky 1940",6378245,298.3', 114, 500_000, 2435);
    expect(crsFromWkt(wkt)).toMatchObject({ epsg: 2435, datum: 'Beijing1954' });
  });
  it('parameters in other units are converted (grads, kilometres)', () => {
    const wkt = `PROJCRS["odd units",BASEGEOGCRS["CGCS2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101]]],
      CONVERSION["c",METHOD["Transverse Mercator"],
        PARAMETER["Longitude of natural origin",130,ANGLEUNIT["grad",0.015707963267949]],
        PARAMETER["False easting",39500,LENGTHUNIT["kilometre",1000]]],
      CS[Cartesian,2],AXIS["easting",east],AXIS["northing",north],LENGTHUNIT["metre",1]]`;
    const crs = crsFromWkt(wkt);
    expect(crs.centralMeridian).toBeCloseTo(117, 9);
    expect(crs.falseEasting).toBe(39_500_000);
    expect(crs.epsg).toBe(4527); // 130 grad × 0.9 is 117° up to float noise, which must not hide the code
  });
  it('GEOGCRS for EPSG:4490, and BOUNDCRS around a Beijing 1954 CRS', () => {
    const geog = `GEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],
      PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],
      AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],
      AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4490]]`;
    expect(crsFromWkt(geog).epsg).toBe(4490);
    const inner = wkt2Gk('Beijing 1954 / 3-degree Gauss-Kruger zone 39', 'Beijing 1954', 'Beijing 1954', '"Krassowsky 1940",6378245,298.3', 117, 39_500_000, 2415);
    const bound = `BOUNDCRS[SOURCECRS[${inner}],TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]],ABRIDGEDTRANSFORMATION["Transformation from Beijing 1954 to WGS84",METHOD["Position Vector transformation (geog2D domain)",ID["EPSG",9606]],PARAMETER["X-axis translation",15.8,ID["EPSG",8605]]]]`;
    expect(crsFromWkt(bound).epsg).toBe(2415);
  });
});

describe('custom Gauss–Krüger .prj (no EPSG code)', () => {
  it('a local central meridian resolves with epsg null and projects with it', () => {
    const crs = crsFromWkt(esriGk('CGCS2000_3_Degree_GK_CM_117_30E', 117.5, 500_000));
    expect(crs).toMatchObject({ epsg: null, name: 'CGCS2000_3_Degree_GK_CM_117_30E', datum: 'CGCS2000', centralMeridian: 117.5, falseEasting: 500_000, zonePrefixed: false, kind: 'projected' });
    const [x, y] = proj4('+proj=longlat +ellps=GRS80 +no_defs', crs.proj4).forward([117.5, 35]);
    const [, yRef] = proj4('+proj=longlat +ellps=GRS80 +no_defs', '+proj=tmerc +lon_0=117.5 +k=1 +x_0=500000 +ellps=GRS80').forward([117.5, 35]);
    expect(x).toBe(500_000);
    expect(Math.abs(y - yRef)).toBeLessThan(1e-6);
  });
  it('custom CRS on Xian 1980 keeps its datum; prefixed custom keeps its zone', () => {
    expect(crsFromWkt(esriGk('local', 118.25, 500_000, GCS_XIAN))).toMatchObject({ epsg: null, datum: 'Xian1980', centralMeridian: 118.25 });
    expect(crsFromWkt(esriGk('local', 117.5, 39_500_000))).toMatchObject({ epsg: null, zone: 39, zonePrefixed: true });
  });
  it('matches the registered code when the parameters are exactly a registered CRS', () => {
    expect(crsFromWkt(esriGk('some_local_name', 117, 39_500_000, GCS_BEIJING)).epsg).toBe(2415);
    expect(crsFromWkt(esriGk('some_local_name', 123, 41_500_000)).epsg).toBe(4529);
  });
});

describe('unsupported or broken WKT', () => {
  it('UTM (scale 0.9996)', () => {
    const utm =
      'PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],' +
      'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
      'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],' +
      'PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32650"]]';
    const m = messageOf(() => crsFromWkt(utm));
    expect(m).toContain('WGS 84 / UTM zone 50N');
    expect(m).toContain('scale factor 0.9996');
  });
  it('another projection', () => {
    const lcc = `PROJCS["Asia_Lambert",${GCS_CGCS2000},PROJECTION["Lambert_Conformal_Conic"],PARAMETER["Central_Meridian",105.0],UNIT["Meter",1.0]]`;
    expect(messageOf(() => crsFromWkt(lcc))).toMatch(/projection is "Lambert_Conformal_Conic".*Gauss–Krüger/);
  });
  it('feet, a false northing, a latitude of origin', () => {
    expect(messageOf(() => crsFromWkt(ogcGk('ft', 117, 500_000, null, 'UNIT["Foot_US",0.3048006096012192]')))).toContain('"Foot_US"');
    const fn = esriGk('fn', 117, 500_000).replace('PARAMETER["False_Northing",0.0]', 'PARAMETER["False_Northing",-3000000.0]');
    expect(messageOf(() => crsFromWkt(fn))).toContain('false northing -3000000');
    const lat = esriGk('lat', 117, 500_000).replace('PARAMETER["Latitude_Of_Origin",0.0]', 'PARAMETER["Latitude_Of_Origin",30.0]');
    expect(messageOf(() => crsFromWkt(lat))).toContain('latitude of origin 30');
  });
  it('foreign datums and unknown ellipsoids', () => {
    const pulkovo = 'GEOGCS["Pulkovo 1942",DATUM["Pulkovo_1942",SPHEROID["Krassowsky 1940",6378245,298.3]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
    expect(messageOf(() => crsFromWkt(pulkovo))).toContain('"Pulkovo_1942" is not supported');
    const clarke = 'GEOGCS["NAD27",DATUM["D_Clarke",SPHEROID["Clarke 1866",6378206.4,294.9786982139006]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
    expect(messageOf(() => crsFromWkt(clarke))).toMatch(/ellipsoid "Clarke 1866" \(a = 6378206.4, 1\/f = 294.9786982139006\)/);
    const mismatch = 'GEOGCS["x",DATUM["D_Beijing_1954",SPHEROID["GRS80",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
    expect(messageOf(() => crsFromWkt(mismatch))).toContain('does not match its ellipsoid');
  });
  it('other CRS kinds and malformed text', () => {
    expect(messageOf(() => crsFromWkt('LOCAL_CS["site grid",LOCAL_DATUM["x",0],UNIT["metre",1]]'))).toContain('LOCAL_CS "site grid"');
    expect(messageOf(() => crsFromWkt('PROJCS["x",GEOGCS["y"'))).toMatch(/Malformed WKT at character \d+: expected/);
    expect(messageOf(() => crsFromWkt('PROJCS["x"] trailing'))).toContain('end of text');
    expect(messageOf(() => crsFromWkt('not wkt'))).toContain('Malformed WKT');
  });
});

describe('identifiers', () => {
  it.each([
    'EPSG:4527',
    'epsg:4527',
    ' EPSG:4527 ',
    '4527',
    'EPSG::4527',
    'urn:ogc:def:crs:EPSG::4527',
    'urn:ogc:def:crs:EPSG:6.6:4527',
    'urn:x-ogc:def:crs:EPSG:4527',
    'http://www.opengis.net/def/crs/EPSG/0/4527',
    'https://www.opengis.net/def/crs/EPSG/0/4527',
    'http://www.opengis.net/gml/srs/epsg.xml#4527',
  ])('%s → EPSG:4527', (text) => {
    expect(parseCrs(text).epsg).toBe(4527);
  });
  it.each(['CRS84', 'OGC:CRS84', 'urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:OGC::CRS84', 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'])(
    '%s → lon/lat treated as CGCS2000',
    (text) => {
      const crs = parseCrs(text);
      expect(crs.kind).toBe('geographic');
      expect(sameCrs(crs, crsFromEpsg(4490))).toBe(true);
    },
  );
  it('unknown text and unsupported codes', () => {
    const m = messageOf(() => parseCrs('Gauss zone somewhere'));
    expect(m).toContain('"Gauss zone somewhere"');
    expect(m).toContain('EPSG:<code>');
    expect(messageOf(() => parseCrs('EPSG:3857'))).toContain('EPSG:3857 is not a supported');
  });
});

describe('crsFromGeoJSON', () => {
  it('reads the 2008-style name member exactly as GDAL writes it', () => {
    // the first lines of /work/shared/reference/small-1/landuse.geojson
    const header = JSON.parse(
      '{"type": "FeatureCollection", "name": "landuse", "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::4527" } }, "features": []}',
    );
    expect(crsFromGeoJSON(header)?.epsg).toBe(4527);
  });
  it('reads {"type":"EPSG","properties":{"code":…}}', () => {
    expect(crsFromGeoJSON({ type: 'FeatureCollection', crs: { type: 'EPSG', properties: { code: 4548 } } })?.epsg).toBe(4548);
    expect(crsFromGeoJSON({ crs: { type: 'EPSG', properties: { code: '4490' } } })?.epsg).toBe(4490);
  });
  it('returns null when there is no crs member', () => {
    expect(crsFromGeoJSON({ type: 'FeatureCollection', features: [] })).toBeNull();
    expect(crsFromGeoJSON({ type: 'FeatureCollection', crs: null, features: [] })).toBeNull();
    expect(crsFromGeoJSON('not an object')).toBeNull();
    expect(crsFromGeoJSON(null)).toBeNull();
  });
  it('throws on an unreadable or unsupported member', () => {
    expect(messageOf(() => crsFromGeoJSON({ crs: { type: 'link', properties: { href: 'http://x/crs.wkt' } } }))).toContain('linked');
    expect(messageOf(() => crsFromGeoJSON({ crs: { type: 'name' } }))).toContain('"crs" member');
    expect(messageOf(() => crsFromGeoJSON({ crs: { type: 'name', properties: { name: 'EPSG:32650' } } }))).toContain('EPSG:32650');
  });
});
