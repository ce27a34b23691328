/**
 * Reads the GeoJSON (RFC 7946) objects of the polygon-clipping and turf fixtures into the harness's
 * `ParsedGeometry`. Coordinates are taken as written (no ring closing, no re-orientation): several
 * polygon-clipping cases are deliberately unclosed or wound backwards and the kernel must cope.
 */
import fs from 'node:fs';
import { InputError } from '../src/errors.js';
import type { ParsedGeometry, PolygonCoords } from './types.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asPolygon(coords: unknown, where: string): PolygonCoords {
  if (!Array.isArray(coords)) throw new InputError(`${where}: expected polygon coordinates (an array of rings), found ${typeof coords}`);
  return coords.map((ring, r) => {
    if (!Array.isArray(ring)) throw new InputError(`${where}: expected ring ${r} to be an array of positions`);
    return ring.map((p, i) => {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
        throw new InputError(`${where}: expected ring ${r} position ${i} to be [x, y], found ${JSON.stringify(p)}`);
      }
      return [p[0], p[1]];
    });
  });
}

function countPositions(polygons: PolygonCoords[]): number {
  let n = 0;
  for (const p of polygons) for (const r of p) n += r.length;
  return n;
}

/**
 * Reads a GeoJSON geometry (or a Feature, whose null geometry reads as empty).
 *
 * @example
 * geoJsonToParsed({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] }).polygons.length; // 1
 */
export function geoJsonToParsed(obj: unknown, where = 'GeoJSON'): ParsedGeometry {
  if (!isRecord(obj)) throw new InputError(`${where}: expected a GeoJSON object, found ${obj === null ? 'null' : typeof obj}`);
  if (obj.type === 'Feature') {
    if (obj.geometry === null) return { type: 'NULL', polygons: [], others: [], isEmpty: true };
    return geoJsonToParsed(obj.geometry, where);
  }
  switch (obj.type) {
    case 'Polygon': {
      const coords = asPolygon(obj.coordinates, where);
      const polygons = coords.length === 0 || coords[0].length === 0 ? [] : [coords];
      return { type: 'POLYGON', polygons, others: [], isEmpty: countPositions(polygons) === 0 };
    }
    case 'MultiPolygon': {
      if (!Array.isArray(obj.coordinates)) throw new InputError(`${where}: expected MultiPolygon coordinates to be an array`);
      const polygons = obj.coordinates
        .map((p, i) => asPolygon(p, `${where} polygon ${i}`))
        .filter((p) => p.length > 0 && p[0].length > 0);
      return { type: 'MULTIPOLYGON', polygons, others: [], isEmpty: countPositions(polygons) === 0 };
    }
    case 'Point':
    case 'MultiPoint':
    case 'LineString':
    case 'MultiLineString': {
      const empty = !Array.isArray(obj.coordinates) || obj.coordinates.length === 0;
      const name = String(obj.type).toUpperCase();
      return { type: name, polygons: [], others: [empty ? `${name} EMPTY` : name], isEmpty: empty };
    }
    case 'GeometryCollection': {
      if (!Array.isArray(obj.geometries)) throw new InputError(`${where}: expected GeometryCollection.geometries to be an array`);
      const parts = obj.geometries.map((g, i) => geoJsonToParsed(g, `${where} geometry ${i}`));
      return {
        type: 'GEOMETRYCOLLECTION',
        polygons: parts.flatMap((p) => p.polygons),
        others: parts.flatMap((p) => p.others),
        isEmpty: parts.every((p) => p.isEmpty),
      };
    }
    default:
      throw new InputError(`${where}: expected a GeoJSON geometry or Feature, found type ${JSON.stringify(obj.type)}`);
  }
}

/** The features of a GeoJSON FeatureCollection file. */
export function readFeatureCollection(file: string): unknown[] {
  const obj: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!isRecord(obj) || obj.type !== 'FeatureCollection' || !Array.isArray(obj.features)) {
    throw new InputError(`${file}: expected a GeoJSON FeatureCollection`);
  }
  return obj.features;
}

/** One GeoJSON object from a file. */
export function readGeoJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}
