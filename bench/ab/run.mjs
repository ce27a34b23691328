/**
 * Paired A/B of two builds of tuban in ONE process (see bench/ab.sh): both bundles tabulate the same layers
 * alternately, round after round, so that a slow spell of this shared machine hits both; prints each build's
 * minimum, first quartile and median, and the median of the per-round ratios new ÷ base.
 *
 *   node --max-old-space-size=8000 bench/ab/run.mjs BASE.mjs NEW.mjs DIR LAYER planar|ellipsoidal [ROUNDS]
 *
 * LAYER is a layer of DIR tabulated against its patches, or `layers` for tabulateLayers(landuse, farmland).
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [baseFile, newFile, dir, which = 'landuse', measure = 'planar', roundsArg = '15'] = process.argv.slice(2);
const A = await import(pathToFileURL(resolve(baseFile)).href);
const B = await import(pathToFileURL(resolve(newFile)).href);
const rounds = Number(roundsArg);
const layers = which === 'layers';
// Each build reads its own copy of the layers, so that neither works on objects the other made (with one copy read
// by the new build, identical builds measured new ÷ base = 0.92 on patches × land use).
const read = (m) => ({
  patches: m.readLayer(join(dir, layers ? 'landuse.geojson' : 'patches.geojson')).layer,
  layer: m.readLayer(join(dir, `${layers ? 'farmland' : which}.geojson`)).layer,
});
const data = new Map([[A, read(A)], [B, read(B)]]);
const classBy = which === 'landuse' ? 'DLBM' : which === 'planning' ? 'GZQLXDM' : undefined;
const job = (m) => {
  const { patches, layer } = data.get(m);
  return layers ? m.tabulateLayers(patches, layer, { leftClassBy: 'DLBM', measure }) : m.tabulate(patches, layer, { classBy, measure });
};
const ta = [];
const tb = [];
// Two rounds of warm-up, then alternate which build goes first.
for (let r = 0; r < rounds + 2; r++) {
  const order = r % 2 ? [[A, ta], [B, tb]] : [[B, tb], [A, ta]];
  for (const [m, t] of order) {
    const t0 = performance.now();
    job(m);
    if (r >= 2) t.push(performance.now() - t0);
  }
}
const stats = (t) => {
  const s = [...t].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} p25 ${s[s.length >> 2].toFixed(1)} median ${s[s.length >> 1].toFixed(1)} ms`;
};
const ratios = ta.map((a, i) => tb[i] / a).sort((a, b) => a - b);
console.log(`${which} ${measure}: base ${stats(ta)} | new ${stats(tb)} | new/base, median of ${rounds} rounds: ${ratios[ratios.length >> 1].toFixed(3)}`);
