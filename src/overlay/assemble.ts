/**
 * Ring assembly: turns the directed boundary pieces of a result region (region on the left, as the kernel
 * reports them) into GeoJSON polygons. Only needed where geometry is asked for (intersect); areas never go
 * through here.
 *
 * Pieces meet exactly at input vertices and at crossing points (each crossing is computed once and shared by
 * both edges), so nodes are matched by exact coordinates; the rare ends left open where two nearly coincident
 * crossings were computed from different edge pairs are closed by snapping to the nearest open start. At a
 * node with several outgoing pieces the ring turns to the first one clockwise from where it came from, which
 * yields minimal rings (region on the left, never self-touching): counter-clockwise shells and clockwise holes,
 * the RFC 7946 orientation. Each hole goes to the smallest shell containing it.
 */

/** GeoJSON polygon coordinates: rings of [x, y], closed, exterior first. */
export type PolygonCoords = number[][][];

/**
 * Assembles the directed pieces xy[4k..4k+3] for k in `ids` into polygons.
 *
 * @example
 * // a unit square given as four pieces
 * assemble(Float64Array.of(0,0,1,0, 1,0,1,1, 1,1,0,1, 0,1,0,0), [0, 1, 2, 3]);
 * // → [[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]
 */
export function assemble(xy: Float64Array, ids: readonly number[]): PolygonCoords[] {
  // ---- nodes ----
  const nodeOf = new Map<string, number>();
  const nx: number[] = [];
  const ny: number[] = [];
  const node = (x: number, y: number): number => {
    const key = `${x},${y}`;
    let id = nodeOf.get(key);
    if (id === undefined) {
      id = nx.length;
      nodeOf.set(key, id);
      nx.push(x);
      ny.push(y);
    }
    return id;
  };
  const from: number[] = [];
  const to: number[] = [];
  for (const k of ids) {
    const a = node(xy[4 * k], xy[4 * k + 1]);
    const b = node(xy[4 * k + 2], xy[4 * k + 3]);
    if (a === b) continue;
    from.push(a);
    to.push(b);
  }
  const m = from.length;
  if (m === 0) return [];
  // ---- close gaps: ends with no continuation snap to the nearest start lacking an incoming piece ----
  const inDeg = new Int32Array(nx.length);
  const outDeg = new Int32Array(nx.length);
  for (let e = 0; e < m; e++) {
    outDeg[from[e]]++;
    inDeg[to[e]]++;
  }
  const openEnds: number[] = [];
  const openStarts: number[] = [];
  for (let v = 0; v < nx.length; v++) {
    for (let d = inDeg[v] - outDeg[v]; d > 0; d--) openEnds.push(v);
    for (let d = outDeg[v] - inDeg[v]; d > 0; d--) openStarts.push(v);
  }
  if (openEnds.length > 0) {
    const redirect = new Map<number, number[]>();
    const taken = new Uint8Array(openStarts.length);
    for (const v of openEnds) {
      let best = -1;
      let bestD = Infinity;
      for (let i = 0; i < openStarts.length; i++) {
        if (taken[i]) continue;
        const w = openStarts[i];
        const d = Math.hypot(nx[w] - nx[v], ny[w] - ny[v]);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      if (best < 0) break;
      taken[best] = 1;
      const list = redirect.get(v) ?? [];
      list.push(openStarts[best]);
      redirect.set(v, list);
    }
    // Re-target one incoming piece per open end.
    for (let e = 0; e < m; e++) {
      const v = to[e];
      const list = redirect.get(v);
      if (list !== undefined) {
        to[e] = list.pop()!;
        if (list.length === 0) redirect.delete(v);
      }
    }
  }
  // ---- outgoing lists ----
  const outStart = new Int32Array(nx.length + 1);
  for (let e = 0; e < m; e++) outStart[from[e] + 1]++;
  for (let v = 0; v < nx.length; v++) outStart[v + 1] += outStart[v];
  const outList = new Int32Array(m);
  const fill = outStart.slice(0, nx.length);
  for (let e = 0; e < m; e++) outList[fill[from[e]]++] = e;
  // ---- trace minimal rings ----
  const used = new Uint8Array(m);
  const rings: number[][][] = [];
  for (let e0 = 0; e0 < m; e0++) {
    if (used[e0]) continue;
    const ring: number[][] = [[nx[from[e0]], ny[from[e0]]]];
    let e = e0;
    for (let guard = 0; guard <= m; guard++) {
      used[e] = 1;
      const v = to[e];
      ring.push([nx[v], ny[v]]);
      if (v === from[e0]) break;
      // Next: the unused outgoing piece first clockwise from the reversed incoming direction.
      const back = Math.atan2(ny[from[e]] - ny[v], nx[from[e]] - nx[v]);
      let next = -1;
      let bestTurn = Infinity;
      for (let i = outStart[v]; i < outStart[v + 1]; i++) {
        const o = outList[i];
        if (used[o]) continue;
        const ang = Math.atan2(ny[to[o]] - ny[v], nx[to[o]] - nx[v]);
        let turn = back - ang;
        while (turn <= 0) turn += 2 * Math.PI;
        while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
        if (turn < bestTurn) {
          bestTurn = turn;
          next = o;
        }
      }
      if (next < 0) break; // open chain (should not happen): keep what we have
      e = next;
    }
    if (ring.length >= 4) {
      const last = ring[ring.length - 1];
      if (last[0] !== ring[0][0] || last[1] !== ring[0][1]) ring.push([ring[0][0], ring[0][1]]);
      rings.push(ring);
    }
  }
  // ---- shells and holes ----
  const shells: { ring: number[][]; area: number; holes: number[][][] }[] = [];
  const holes: number[][][] = [];
  for (const r of rings) {
    const a = signedArea(r);
    if (a > 0) shells.push({ ring: r, area: a, holes: [] });
    else if (a < 0) holes.push(r);
  }
  for (const h of holes) {
    let best: (typeof shells)[number] | undefined;
    for (const s of shells) {
      if (best !== undefined && s.area >= best.area) continue;
      if (ringInside(h, s.ring)) best = s;
    }
    // A hole without a shell can only come from rounding at a gap: drop it rather than emit a bad polygon.
    if (best !== undefined) best.holes.push(h);
  }
  return shells.map((s) => [s.ring, ...s.holes]);
}

function signedArea(r: number[][]): number {
  const ox = r[0][0];
  const oy = r[0][1];
  let s = 0;
  for (let i = 1; i + 1 < r.length; i++) {
    s += (r[i][0] - ox) * (r[i + 1][1] - oy) - (r[i + 1][0] - ox) * (r[i][1] - oy);
  }
  return s / 2;
}

/** Whether hole ring h lies inside ring s: tested at a vertex of h that is not a vertex of s. */
function ringInside(h: number[][], s: number[][]): boolean {
  const sv = new Set(s.map((p) => `${p[0]},${p[1]}`));
  let px = NaN;
  let py = NaN;
  for (const p of h) {
    if (!sv.has(`${p[0]},${p[1]}`)) {
      px = p[0];
      py = p[1];
      break;
    }
  }
  if (px !== px) {
    px = (h[0][0] + h[1][0]) / 2;
    py = (h[0][1] + h[1][1]) / 2;
  }
  let inside = false;
  for (let i = 0, j = s.length - 2; i < s.length - 1; j = i++) {
    const xi = s[i][0];
    const yi = s[i][1];
    const xj = s[j][0];
    const yj = s[j][1];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
