/**
 * Reading a county-scale GBK Shapefile set (≥ 200 000 parcels): tuban `readLayer` against the npm
 * `shapefile` package (shapefile.open + read loop, its DBF reader decoding GBK). Each contender runs ONCE
 * (tinybench, 1 iteration, no warm-up) in its own child process, so that its peak memory
 * (`process.resourceUsage().maxRSS`, the kernel's maxrss as `/usr/bin/time -v` reports it) is its own:
 *
 *   (a) tuban readLayer(.shp) — the whole layer in flat arrays, attributes decoded, CRS from the .prj;
 *   (a′) tuban readLayer(.zip) — the same set zipped (deflate), inflated while read (when `zip` exists);
 *   (b) shapefile, features collected into an array — the same end state, the whole layer in memory;
 *   (c) shapefile, features dropped as read — its streaming floor, which holds no layer (for scale only);
 *   (0) an empty child (node + tsx), the baseline every RSS includes.
 *
 *   node --import tsx/esm bench/read.bench.ts      (children run with Node's default heap settings)
 *
 * Input: bench/data/county-shp/parcels.{shp,shx,dbf,prj,cpg}, made on first run from the county fixture
 * (`fixtures/generate.ts --scale county --seed 1`, generated into bench/data/county if missing): the
 * land-use layer (165 147 parcels) with the farmland layer (36 320 polygons) appended, 201 467 features, by
 * ogr2ogr with -lco ENCODING=GBK, or — without GDAL — by tuban's own Shapefile writer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const county = join(root, 'bench/data/county');
const outDir = join(root, 'bench/data/county-shp');
const shp = join(outDir, 'parcels.shp');
const zip = join(outDir, 'parcels.zip');

function has(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0 || spawnSync('which', [cmd], { stdio: 'ignore' }).status === 0;
}

async function prepare(): Promise<void> {
  if (!existsSync(join(county, 'landuse.geojson')) || !existsSync(join(county, 'farmland.geojson'))) {
    console.log('generating the county fixture (bench/data/county) …');
    execFileSync('npx', ['tsx', 'fixtures/generate.ts', '--scale', 'county', '--seed', '1', '--out', county], { cwd: root, stdio: 'inherit' });
  }
  if (!existsSync(shp)) {
    mkdirSync(outDir, { recursive: true });
    if (has('ogr2ogr')) {
      console.log('writing parcels.shp with ogr2ogr (GBK) …');
      const common = ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', '-nln', 'parcels'];
      execFileSync('ogr2ogr', [...common, shp, join(county, 'landuse.geojson')], { stdio: 'inherit' });
      execFileSync('ogr2ogr', ['-append', '-update', ...common, shp, join(county, 'farmland.geojson')], { stdio: 'inherit' });
    } else {
      console.log('writing parcels.shp with tuban writeShapefile (no ogr2ogr) …');
      const { fromGeoJSON } = await import('../src/geometry/layer.js');
      const { writeShapefile } = await import('../src/io/shapefile-write.js');
      const read = (name: string): { features: unknown[]; crs?: unknown } => JSON.parse(readFileSync(join(county, name), 'utf8'));
      const a = read('landuse.geojson');
      const b = read('farmland.geojson');
      const { layer } = fromGeoJSON({ type: 'FeatureCollection', crs: a.crs, features: [...a.features, ...b.features] }, { name: 'parcels' });
      writeShapefile(shp, layer, { encoding: 'gbk' });
    }
  }
  if (!existsSync(zip) && has('zip')) {
    console.log('zipping the set …');
    execFileSync('zip', ['-q', '-j', zip, ...['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => join(outDir, `parcels.${e}`))]);
  }
}

interface ChildResult {
  ms: number;
  features: number;
  vertices: number;
  maxRssMB: number;
  note: string;
}

async function child(kind: string, file: string): Promise<void> {
  let features = 0;
  let vertices = 0;
  let note = '';
  let keep: unknown = null;
  const bench = new Bench({ iterations: 1, time: 0, warmup: false });
  if (kind === 'tuban' || kind === 'tuban-zip') {
    const { readLayer } = await import('../src/io/read.js');
    bench.add(kind, () => {
      const { layer, report } = readLayer(file);
      features = layer.featureCount;
      vertices = layer.coords.length / 2;
      note = `CRS EPSG:${layer.crs?.epsg}; ${report.warnings?.[0] ?? ''}`;
      keep = layer;
    }, { async: false }); // without it tinybench calls a sync task once more to see whether it returns a promise
  } else if (kind === 'shapefile-collect' || kind === 'shapefile-stream') {
    // The npm package ships no types; only open/read are used.
    const name = 'shapefile';
    const shapefile = (await import(name)) as {
      open(shp: string, dbf: string, options: { encoding: string }): Promise<{ read(): Promise<{ done: boolean; value: { geometry: unknown } }> }>;
    };
    const collect = kind === 'shapefile-collect';
    bench.add(kind, async () => {
      const source = await shapefile.open(file, file.replace(/\.shp$/, '.dbf'), { encoding: 'gbk' });
      const all: unknown[] = [];
      for (;;) {
        const r = await source.read();
        if (r.done) break;
        features++;
        const g = r.value.geometry as { coordinates: number[][][] | number[][][][]; type: string } | null;
        if (g) vertices += (g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][])).reduce((s, p) => s + p.reduce((t, ring) => t + ring.length, 0), 0);
        if (collect) all.push(r.value);
      }
      keep = all;
      note = collect ? 'features kept in an array' : 'features dropped';
    });
  } else if (kind === 'baseline') {
    bench.add(kind, () => undefined, { async: false });
  }
  await bench.run();
  const task = bench.tasks[0];
  const result = task.result as { latency?: { mean: number }; error?: unknown } | undefined;
  if (result?.error) throw result.error;
  const out: ChildResult = {
    ms: result?.latency?.mean ?? NaN,
    features,
    vertices,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    note,
  };
  void keep;
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

function runChild(kind: string, file: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx/esm', fileURLToPath(import.meta.url), '--child', kind, file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || line === undefined) throw new Error(`${kind} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(line.slice(7)) as ChildResult;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1], args[2]);
} else {
  await prepare();
  const size = (p: string): string => `${(statSync(p).size / 1e6).toFixed(1)} MB`;
  console.log(`input: ${shp} (.shp ${size(shp)}, .dbf ${size(shp.replace(/\.shp$/, '.dbf'))})${existsSync(zip) ? `, ${zip} (${size(zip)})` : ''}`);
  const rows: [string, ChildResult][] = [];
  const runs: [string, string, string][] = [
    ['(0) baseline: node + tsx, nothing read', 'baseline', shp],
    ['(a) tuban readLayer(.shp)', 'tuban', shp],
    ...(existsSync(zip) ? ([["(a') tuban readLayer(.zip)", 'tuban-zip', zip]] as [string, string, string][]) : []),
    ['(b) shapefile: open/read loop, features kept', 'shapefile-collect', shp],
    ['(c) shapefile: open/read loop, features dropped', 'shapefile-stream', shp],
  ];
  for (const [label, kind, file] of runs) {
    const r = runChild(kind, file);
    rows.push([label, r]);
    console.log(`${label.padEnd(50)} ${r.ms.toFixed(0).padStart(7)} ms  ${r.maxRssMB.toFixed(0).padStart(6)} MB peak RSS  ${r.features} features ${r.vertices} vertices  ${r.note}`);
  }
  const get = (kind: string): ChildResult | undefined => rows.find(([l]) => l.includes(kind))?.[1];
  const a = get('tuban readLayer(.shp)');
  const b = get('features kept');
  const c = get('features dropped');
  if (a && b && c) {
    console.log('\nvertices: tuban stores rings open (closing vertex dropped), shapefile yields closed GeoJSON rings: the difference is the ring count.');
    console.log(`speed: (b)/(a) = ${(b.ms / a.ms).toFixed(1)}×, (c)/(a) = ${(c.ms / a.ms).toFixed(1)}×; peak RSS: (a) ${a.maxRssMB.toFixed(0)} MB vs (b) ${b.maxRssMB.toFixed(0)} MB, (c) ${c.maxRssMB.toFixed(0)} MB`);
  }
  if (process.env.TUBAN_BENCH_CLEAN === '1') rmSync(outDir, { recursive: true, force: true });
}
