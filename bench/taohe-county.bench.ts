/**
 * The whole 卫片执法 job (issue 5) at county scale: bench/data/county (165 147 land-use parcels, 3 200 patches,
 * farmland, planning, approvals, filings, reclamation, redline, townships; EPSG:4527), as `tuban taohe` runs it
 * — merge the patch sets (this year's and the earlier ones, by JCND), the 套合 table with 面积平差, judgement,
 * ledger, 复垦到位 — then every output file. One cold run in this process (tinybench, 1 iteration, no
 * warm-up: a county runs the job once a month), then the peak RSS of the process.
 *
 *   node --max-old-space-size=8000 --import tsx/esm bench/taohe-county.bench.ts [dir] [--shp]
 *
 * With --shp the layers are read from Shapefile sets (what counties hold; streamed into the flat arrays),
 * written once from the GeoJSON into <dir>/shp/ by tuban's own writer. The resident set size is reported after
 * each stage (current, and the peak so far).
 *
 * Data: `npx tsx fixtures/generate.ts --scale county --seed 1 --out bench/data/county` (≈ 15 s) if missing;
 * `--scale large` for issue 7's memory target (≥ 200 000 parcels, ≥ 100 000 farmland polygons, ≥ 5 000 patches).
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { runTaoheJob, writeTaoheJob, type TaoheJobResult } from '../src/enforcement/job.js';
import { selectFeatures } from '../src/geometry/select.js';
import type { Layer } from '../src/geometry/types.js';
import { readLayer } from '../src/io/read.js';
import { writeShapefile } from '../src/io/shapefile-write.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dir = positional[0] ?? new URL('./data/county/', import.meta.url).pathname;
const useShp = process.argv.includes('--shp');
const mb = (b: number) => Math.round(b / 2 ** 20);
const stages: { stage: string; rss: number; peak: number }[] = [];
const mark = (stage: string) => stages.push({ stage, rss: mb(process.memoryUsage().rss), peak: Math.round(process.resourceUsage().maxRSS / 1024) });
if (!existsSync(join(dir, 'landuse.geojson'))) {
  console.error(`no county data in ${dir}: npx tsx fixtures/generate.ts --scale county --seed 1 --out bench/data/county`);
  process.exit(1);
}
const wall0 = performance.now();
const names = ['patches', 'landuse', 'farmland', 'planning', 'approvals', 'filings', 'reclamation', 'redline', 'townships'] as const;
if (useShp && !existsSync(join(dir, 'shp', 'landuse.shp'))) {
  // One layer at a time, so the conversion itself stays small; not timed.
  mkdirSync(join(dir, 'shp'), { recursive: true });
  for (const n of names) writeShapefile(join(dir, 'shp', `${n}.shp`), readLayer(join(dir, `${n}.geojson`)).layer);
  console.error(`wrote Shapefile sets into ${join(dir, 'shp')}; run again to measure from a fresh process`);
  process.exit(0);
}
mark('start');
const t0 = performance.now();
const layers = {} as Record<(typeof names)[number], Layer>;
for (const n of names) layers[n] = readLayer(useShp ? join(dir, 'shp', `${n}.shp`) : join(dir, `${n}.geojson`)).layer;
const loadS = (performance.now() - t0) / 1000;
mark(`load 9 layers (${useShp ? 'Shapefile' : 'GeoJSON'})`);

const p = layers.patches;
const newest = Math.max(...p.attributes.map((a) => Number(a.JCND)));
const thisYear = [...p.attributes.keys()].filter((f) => Number(p.attributes[f]!.JCND) === newest);
const earlier = [...p.attributes.keys()].filter((f) => Number(p.attributes[f]!.JCND) !== newest);
let result: TaoheJobResult | undefined;
let files: string[] = [];
const out = mkdtempSync(join(tmpdir(), 'tuban-taohe-bench-'));
const bench = new Bench({ iterations: 1, time: 0, warmup: false });
bench.add(
  'runTaoheJob',
  () => {
    result = runTaoheJob({
      patchSets: [
        { name: `${newest}年度`, layer: selectFeatures(`${newest}年度`, [{ layer: p, features: thisYear }]) },
        { name: '历年剩余', layer: selectFeatures('历年剩余', [{ layer: p, features: earlier }]) },
      ],
      landuse: layers.landuse,
      farmland: layers.farmland,
      planning: layers.planning,
      approvals: layers.approvals,
      filings: layers.filings,
      reclamation: layers.reclamation,
      redline: layers.redline,
      townships: layers.townships,
      asOf: '2026-11-29',
      countyName: '示例县',
    });
    mark('runTaoheJob');
  },
  { async: false },
);
bench.add('writeTaoheJob (xlsx, csv, json, html)', async () => {
  files = await writeTaoheJob(out, result!, { formats: ['xlsx', 'csv', 'json', 'html'] });
  mark('writeTaoheJob');
});
await bench.run();
const ms = (name: string) => (bench.getTask(name)!.result as { latency: { mean: number } }).latency.mean;
const r = result!;
console.log(`| step | time |\n|---|---:|`);
console.log(`| load 9 layers (${useShp ? 'Shapefile' : 'GeoJSON'}: ${layers.landuse.featureCount.toLocaleString('en-US')} parcels, ${layers.farmland.featureCount.toLocaleString('en-US')} farmland polygons) | ${loadS.toFixed(1)} s |`);
console.log(`| runTaoheJob: merge, 套合 of ${r.tasks.featureCount} tasks against 8 layers, judge, ledger, 复垦到位 | ${(ms('runTaoheJob') / 1000).toFixed(1)} s |`);
console.log(`| write ${files.length} files | ${(ms('writeTaoheJob (xlsx, csv, json, html)') / 1000).toFixed(1)} s |`);
console.log(
  `\n${p.featureCount} patches (${thisYear.length} + ${earlier.length}) → ${r.merge.tasks} tasks, ${r.taohe.rows.length} rows, all balanced: ` +
    `${r.taohe.rows.every((x) => x.balanced)}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; wall ${((performance.now() - wall0) / 1000).toFixed(1)} s.`,
);
console.log(`\n| stage | RSS after (MB) | peak so far (MB) |\n|---|---:|---:|`);
for (const st of stages) console.log(`| ${st.stage} | ${st.rss} | ${st.peak} |`);
