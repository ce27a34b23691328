/**
 * Seeded random test polygons in Gauss–Krüger coordinates: star-shaped polygons (sorted random angles,
 * independent random radii) and "random-walk" stars (the radius follows a bounded random walk, giving
 * long smooth lobes), 5–60 vertices, optional holes, placed at a random latitude and distance from the
 * central meridian of a random 3° or 6° zone, with or without the zone prefix. Coordinates are rounded to
 * millimetres, as survey data are.
 */
import proj4 from 'proj4';
import type { Ring } from './helpers.js';
import { LONLAT_PROJ4, tmercProj4 } from './helpers.js';

export interface TestPolygon {
  /** Exterior then holes, open rings, in full projected coordinates. */
  readonly rings: [number, number][][];
  readonly cm: number;
  readonly fe: number;
  readonly zoneWidth: 3 | 6;
  readonly zone: number;
  readonly prefixed: boolean;
  readonly lat: number;
  readonly dlon: number;
  readonly label: string;
}

function starRadii(rng: () => number, n: number, walk: boolean): number[] {
  if (!walk) return Array.from({ length: n }, () => 0.35 + 0.65 * rng());
  const r: number[] = [];
  let v = 0.7;
  for (let i = 0; i < n; i++) {
    v = Math.min(1, Math.max(0.35, v + (rng() - 0.5) * 0.3));
    r.push(v);
  }
  return r;
}

function ringArea(ring: readonly (readonly [number, number])[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

/** A star-shaped ring around (0, 0) with unit-ish size: radii in [0.35, 1]. Counter-clockwise. */
function unitStar(rng: () => number, n: number, walk: boolean): [number, number][] {
  const angles = Array.from({ length: n }, () => rng() * 2 * Math.PI).sort((p, q) => p - q);
  const radii = starRadii(rng, n, walk);
  return angles.map((t, i) => [radii[i]! * Math.cos(t), radii[i]! * Math.sin(t)]);
}

/**
 * A random polygon of about `area` m². `maxDlon` is the largest distance from the central meridian in degrees
 * (3 for 6° zones, 1.5 for 3° zones if not given).
 */
export function randomPolygon(rng: () => number, area: number, opts: { holes?: boolean; zoneWidth?: 3 | 6 } = {}): TestPolygon {
  const zoneWidth: 3 | 6 = opts.zoneWidth ?? (rng() < 0.5 ? 3 : 6);
  const zone = zoneWidth === 3 ? 25 + Math.floor(rng() * 21) : 13 + Math.floor(rng() * 11);
  const cm = zoneWidth === 3 ? 3 * zone : 6 * zone - 3;
  const prefixed = rng() < 0.5;
  const fe = prefixed ? zone * 1_000_000 + 500_000 : 500_000;
  const lat = 18 + 35 * rng();
  const dlon = (rng() < 0.5 ? -1 : 1) * rng() * (zoneWidth === 3 ? 1.5 : 3);
  const [cx, cy] = proj4(LONLAT_PROJ4, tmercProj4(cm, fe)).forward([cm + dlon, lat]);
  const n = 5 + Math.floor(rng() * 56);
  const walk = rng() < 0.5;
  const ext = unitStar(rng, n, walk);
  const holes: [number, number][][] = [];
  const withHoles = opts.holes ?? rng() < 0.3;
  if (withHoles) {
    // Radii of the exterior are ≥ 0.35, so anything within 0.3 of the centre is inside it.
    const h = unitStar(rng, 3 + Math.floor(rng() * 10), false).map(([x, y]) => [x * 0.3, y * 0.3] as [number, number]);
    holes.push(h.reverse());
  }
  const unitArea = ringArea(ext) - holes.reduce((s, h) => s + Math.abs(ringArea(h)), 0);
  const scale = Math.sqrt(area / unitArea);
  const place = (r: [number, number][]): [number, number][] =>
    r.map(([x, y]) => [Math.round((cx! + x * scale) * 1000) / 1000, Math.round((cy! + y * scale) * 1000) / 1000]);
  return {
    rings: [place(ext), ...holes.map(place)],
    cm,
    fe,
    zoneWidth,
    zone,
    prefixed,
    lat,
    dlon,
    label: `${zoneWidth}° zone ${zone}${prefixed ? ' prefixed' : ''} ${lat.toFixed(2)}N ${dlon.toFixed(2)}° off CM, ${n} vertices${walk ? ' (walk)' : ''}${withHoles ? ', 1 hole' : ''}`,
  };
}

/** Σ|exterior| − Σ|holes| of a reference ring-area function. */
export function referenceArea(p: TestPolygon, ringArea: (ring: Ring, cm: number, fe: number) => number): number {
  return p.rings.reduce((s, r, i) => s + (i === 0 ? 1 : -1) * ringArea(r, p.cm, p.fe), 0);
}
