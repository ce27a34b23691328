/**
 * Is a table function as fast right after a full garbage collection as in steady state? (bench/RESULTS.md, "Kept
 * kernels".) Rounds of: a full collection, then RUNS calls of `tabulate(patches, LAYER)`; prints the median time of
 * each call position over the rounds. Before src/overlay/kernel-pool.ts the first call after a collection ran
 * unoptimised (30–65 % slower); with it, every position should measure the same within noise.
 *
 *   node --max-old-space-size=8000 --expose-gc --import tsx/esm bench/after-gc.ts [farmland|landuse|planning] [planar|ellipsoidal] [dir]
 */
import { join } from 'node:path';
import { readLayer } from '../src/io/read.js';
import { tabulate } from '../src/overlay/tabulate.js';

const [name = 'farmland', measure = 'ellipsoidal', dir = new URL('./data/county/', import.meta.url).pathname] = process.argv.slice(2);
const classBy = ({ landuse: 'DLBM', planning: 'GZQLXDM' } as Record<string, string>)[name];
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('run with --expose-gc');
  process.exit(2);
}
const patches = readLayer(join(dir, 'patches.geojson')).layer;
const layer = readLayer(join(dir, `${name}.geojson`)).layer;
const job = () => tabulate(patches, layer, { classBy, measure: measure as 'planar' | 'ellipsoidal' });
const ROUNDS = 8;
const RUNS = 6;
for (let i = 0; i < 5; i++) job();
const times = Array.from({ length: RUNS }, () => [] as number[]);
for (let r = 0; r < ROUNDS; r++) {
  gc();
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now();
    job();
    times[k].push(performance.now() - t0);
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`patches × ${name}, ${measure}: median ms of call 1…${RUNS} after a full collection (${ROUNDS} rounds)`);
console.log(times.map((t, k) => `call ${k + 1}: ${median(t).toFixed(1)}`).join(' | '));
