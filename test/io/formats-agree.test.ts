import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ellipsoidArea } from '../../src/area/ellipsoidal.js';
import { readLayer } from '../../src/io/read.js';
import { writeShapefile } from '../../src/io/shapefile-write.js';
import { tabulate } from '../../src/overlay/tabulate.js';

const sample = new URL('../../fixtures/sample/', import.meta.url).pathname;

describe('results from a Shapefile input equal those from the same layer as GeoJSON', () => {
  it('patch areas and the patches × land use 套合 table, bit for bit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-formats-'));
    const geo = {
      patches: readLayer(join(sample, 'patches.geojson'), { idField: 'JCBH' }).layer,
      landuse: readLayer(join(sample, 'landuse.geojson'), { idField: 'BSM' }).layer,
    };
    writeShapefile(join(dir, 'patches.shp'), geo.patches);
    writeShapefile(join(dir, 'landuse.shp'), geo.landuse);
    const shp = {
      patches: readLayer(join(dir, 'patches.shp'), { idField: 'JCBH' }).layer,
      landuse: readLayer(join(dir, 'landuse.shp'), { idField: 'BSM' }).layer,
    };
    expect(shp.patches.crs?.epsg).toBe(geo.patches.crs?.epsg);
    expect(Array.from(ellipsoidArea(shp.patches))).toEqual(Array.from(ellipsoidArea(geo.patches)));
    const a = tabulate(geo.patches, geo.landuse, { classBy: 'DLBM', patchIdField: 'JCBH' });
    const b = tabulate(shp.patches, shp.landuse, { classBy: 'DLBM', patchIdField: 'JCBH' });
    expect(b.patches).toEqual(a.patches);
    expect(a.patches.some((p) => p.parts.length > 1)).toBe(true);
  });
});
