/**
 * The last step of every file reader: CRS, report, and the two policies that are about files rather than
 * geometry — an empty layer is returned with a warning (not an error), and when the CRS check fails because a
 * few features lie far from the rest (an out-of-range vertex), the error names those features.
 */
import { checkBBoxFitsCrs, detectCrsFromCoordinates, resolveCrs } from '../crs/index.js';
import { formatCoordinate as fmt } from '../crs/detect.js';
import type { Crs } from '../crs/types.js';
import { CrsError, InputError } from '../errors.js';
import { idOf, type LayerGeometry } from '../geometry/build.js';
import { layerFromGeometry, type FromGeoJSONOptions, type LayerWithReport } from '../geometry/layer.js';

/**
 * Turns built geometry into a layer (see `layerFromGeometry`), adding the reader's own notes to the report.
 *
 * - 0 features: an empty layer, CRS from the option or declaration if any (else null), and the warning
 *   "the layer has no features" — a caller for whom that is an error (a patch file) decides so.
 * - A CRS failure caused by a minority of features whose coordinates cannot be in the CRS the rest are in
 *   becomes an InputError naming those features.
 *
 * @example
 * const { layer, report } = finishLayer(builder.finish(), { file, name }, { prj }, ['DBF text decoded as gb18030']);
 */
export function finishLayer(
  geom: LayerGeometry,
  options: FromGeoJSONOptions,
  declared: { geojson?: unknown; prj?: string },
  notes: readonly string[] = [],
): LayerWithReport {
  const empty = geom.attributes.length === 0;
  let result: LayerWithReport;
  try {
    result = layerFromGeometry(geom, empty ? { ...options, requireCrs: false } : options, declared);
  } catch (e) {
    if (e instanceof CrsError) {
      const located = locateOutliers(geom, options, declared);
      if (located !== null) throw located;
    }
    throw e;
  }
  const warnings = [...(result.report.warnings ?? []), ...notes];
  if (empty) {
    const i = warnings.findIndex((w) => w.startsWith('no CRS could be determined'));
    if (i >= 0) warnings.splice(i, 1);
    warnings.push('the layer has no features');
  }
  return { layer: result.layer, report: { ...result.report, ...(warnings.length > 0 ? { warnings } : {}) } };
}


/**
 * When the features that can be in one CRS are a majority and the others are few, an InputError naming the
 * others; null when the failure is not about a few features (the CrsError then stands).
 */
function locateOutliers(geom: LayerGeometry, options: FromGeoJSONOptions, declared: { geojson?: unknown; prj?: string }): InputError | null {
  const n = geom.attributes.length;
  const b = geom.bboxes;
  const box = (f: number): [number, number, number, number] => [b[4 * f], b[4 * f + 1], b[4 * f + 2], b[4 * f + 3]];
  const nonEmpty: number[] = [];
  for (let f = 0; f < n; f++) if (!Number.isNaN(b[4 * f])) nonEmpty.push(f);
  if (nonEmpty.length < 2) return null;

  let declaredCrs: Crs | null = null;
  let from = '';
  try {
    const r = resolveCrs({ option: options.crs, geojson: declared.geojson, prj: declared.prj });
    declaredCrs = r.crs;
    from = r.from === 'option' ? 'the explicit CRS' : r.from === 'prj' ? 'the .prj' : 'the GeoJSON "crs" member';
  } catch {
    declaredCrs = null;
  }
  let bad: number[];
  let label: string;
  if (declaredCrs !== null) {
    const crs = declaredCrs;
    bad = nonEmpty.filter((f) => {
      try {
        checkBBoxFitsCrs(box(f), crs);
        return false;
      } catch {
        return true;
      }
    });
    label = `${crs.epsg ? `EPSG:${crs.epsg}` : crs.name} (${from})`;
  } else {
    const votes = new Map<number, number>();
    const code = nonEmpty.map((f) => detectCrsFromCoordinates(box(f))?.epsg ?? 0);
    for (const c of code) if (c !== 0) votes.set(c, (votes.get(c) ?? 0) + 1);
    let best = 0;
    for (const [c, v] of votes) if (v > (votes.get(best) ?? 0)) best = c;
    if (best === 0) return null;
    bad = nonEmpty.filter((_, k) => code[k] !== best);
    label = `EPSG:${best} (what the other features' coordinates look like)`;
  }
  if (bad.length === 0 || 2 * bad.length >= nonEmpty.length) return null;
  const f = bad[0];
  const [x0, y0, x1, y1] = box(f);
  const id = idOf(geom.attributes[f], geom.featureIds[f], options.idField);
  const list = bad.slice(0, 10).join(', ') + (bad.length > 10 ? ', …' : '');
  return new InputError(
    `${id !== null ? `(id ${String(id)}) ` : ''}coordinates x ${fmt(x0)} … ${fmt(x1)}, y ${fmt(y0)} … ${fmt(y1)} cannot be in ${label}, ` +
      `which the other ${nonEmpty.length - bad.length} features fit: an out-of-range or mistyped vertex? ` +
      `${bad.length} feature${bad.length > 1 ? 's' : ''} like this: ${list}`,
    { file: options.file, featureIndex: f },
  );
}
