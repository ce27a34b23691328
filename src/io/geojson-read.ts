/**
 * GeoJSON files: a FeatureCollection (RFC 7946, or the 2008 format with its `crs` member), a single Feature,
 * and newline-delimited GeoJSON (GeoJSON Text Sequences, RFC 8142, and the plain one-Feature-per-line
 * `.geojsonl`/`.ndjson` form), read line by line through a fixed window into the layer builder.
 */
import iconv from 'iconv-lite';
import { InputError } from '../errors.js';
import { LayerGeometryBuilder } from '../geometry/build.js';
import type { FromGeoJSONOptions, LayerWithReport } from '../geometry/layer.js';
import { ChunkedReader, type ByteSourceFactory } from './byte-source.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { finishLayer } from './layer-finish.js';
import { checkUtf8, Utf8Check } from './text-decode.js';

export interface GeoJSONReadOptions extends FromGeoJSONOptions {
  /** Text encoding when the file is not UTF-8 as RFC 7946 §11 requires (an iconv-lite name, e.g. `gbk`). */
  encoding?: string;
}

/** Where in `bytes` the first byte that is not UTF-8 sits, as a 1-based line number; null if all is valid. */
function firstInvalidUtf8Line(bytes: Uint8Array): number | null {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (checkUtf8(bytes, lineStart, i) === Utf8Check.Invalid || (i === bytes.length && checkUtf8(bytes, lineStart, i) === Utf8Check.CutAtEnd)) return line;
      line++;
      lineStart = i + 1;
    }
  }
  return null;
}

/** Decodes file bytes as text: the `encoding` option, else UTF-8 (BOM dropped), saying where it is not UTF-8. */
function decodeText(bytes: Buffer, options: GeoJSONReadOptions, warnings: string[]): string {
  if (options.encoding !== undefined) {
    if (!iconv.encodingExists(options.encoding)) {
      throw new InputError(`expected a known text encoding such as "gbk" or "utf8", found "${options.encoding}"`, { file: options.file });
    }
    return iconv.decode(bytes, options.encoding).replace(/^\ufeff/, '');
  }
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch (e) {
    throw new InputError(
      `the file is ${Math.round(bytes.length / 1e6)} MB, more than one JavaScript string can hold (${(e as Error).message}); convert it to a Shapefile or to GeoJSON lines (.geojsonl), which are read piece by piece`,
      { file: options.file },
    );
  }
  if (text.includes('\ufffd')) {
    const line = firstInvalidUtf8Line(bytes);
    if (line !== null) {
      warnings.push(
        `the file is not valid UTF-8 (RFC 7946 requires UTF-8), first at line ${line}; the bad bytes were read as U+FFFD — if it is GBK text, pass the encoding (gbk)`,
      );
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** JSON.parse, with the line and column of a syntax error; `firstLine` is the file line the text starts on. */
function parseJson(text: string, file: string | undefined, firstLine = 1): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const at = findJsonSyntaxError(text);
    const position = at !== null ? `line ${firstLine + at.line - 1}, column ${at.column}: ${at.message}` : `line ${firstLine}: ${(e as Error).message}`;
    throw new InputError(`expected JSON text, found a syntax error at ${position}`, { file });
  }
}

/**
 * Reads a GeoJSON document: a FeatureCollection, a single Feature, or a bare Polygon/MultiPolygon. The CRS
 * comes from `options.crs`, the 2008-style `crs` member, then the coordinates. A FeatureCollection without
 * features gives an empty layer and the warning "the layer has no features".
 *
 * @throws InputError with the line and column of a JSON syntax error, or naming the bad feature.
 * @example
 * const { layer } = readGeoJSON(readFileSync('patches.geojson'), { file: 'patches.geojson', idField: 'JCBH' });
 */
export function readGeoJSON(bytes: Buffer, options: GeoJSONReadOptions = {}): LayerWithReport {
  const file = options.file;
  const warnings: string[] = [];
  const parsed = parseJson(decodeText(bytes, options, warnings), file);
  let features: readonly unknown[];
  let name: string | undefined;
  const type = parsed !== null && typeof parsed === 'object' ? (parsed as { type?: unknown }).type : undefined;
  if (type === 'FeatureCollection') {
    const fc = parsed as { name?: unknown; features?: unknown };
    if (!Array.isArray(fc.features)) throw new InputError('expected a "features" array in the FeatureCollection', { file });
    features = fc.features;
    if (typeof fc.name === 'string') name = fc.name;
  } else if (type === 'Feature') {
    features = [parsed];
  } else if (type === 'Polygon' || type === 'MultiPolygon') {
    features = [{ type: 'Feature', properties: {}, geometry: parsed }];
  } else {
    const found = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed === 'object' ? `type ${JSON.stringify(type)}` : typeof parsed;
    throw new InputError(`expected a GeoJSON FeatureCollection, found ${found}`, { file });
  }
  const builder = new LayerGeometryBuilder({ file, idField: options.idField }, { features: features.length, vertices: 32 * features.length });
  for (const f of features) builder.addFeature(f);
  if (features.length === 0) warnings.push('the FeatureCollection holds no features');
  return finishLayer(builder.finish(), { ...options, name: options.name ?? name ?? 'layer' }, { geojson: parsed }, warnings);
}

/**
 * Whether a file name is newline-delimited GeoJSON by its extension.
 *
 * @example
 * isGeoJSONSeqName('patches.geojsonl'); // true
 */
export function isGeoJSONSeqName(name: string): boolean {
  return /\.(ndjson|geojsonl|geojsonseq|geojsons|jsonl)$/i.test(name);
}

/**
 * Reads newline-delimited GeoJSON: one Feature (or FeatureCollection) per line, blank lines skipped, an
 * RFC 8142 record separator (0x1E) before a text allowed. The file is read through a fixed window, so its size
 * is not limited by the longest string JavaScript can hold. The CRS comes from `options.crs` or the coordinates.
 *
 * @throws InputError naming the line (1-based) of a syntax error or of a feature that is not a polygon.
 * @example
 * const { layer } = readGeoJSONSeq(fileSource('patches.geojsonl'), { idField: 'JCBH' });
 */
export function readGeoJSONSeq(source: ByteSourceFactory, options: GeoJSONReadOptions = {}): LayerWithReport {
  const file = options.file ?? source.label;
  if (options.encoding !== undefined && !iconv.encodingExists(options.encoding)) {
    throw new InputError(`expected a known text encoding such as "gbk" or "utf8", found "${options.encoding}"`, { file });
  }
  const builder = new LayerGeometryBuilder({ file, idField: options.idField }, { features: Math.ceil(source.size / 2000) });
  const reader = new ChunkedReader(source);
  const badLines: number[] = [];
  try {
    let pos = 0;
    let lineNo = 0;
    for (;;) {
      if (reader.window(pos, 1) < 0) break;
      // Find the end of the line, widening the window until a newline or the end of the file.
      let avail = reader.available(pos);
      let nl = reader.buf.subarray(reader.indexOf(pos), reader.indexOf(pos) + avail).indexOf(0x0a);
      while (nl < 0) {
        reader.window(pos, avail + 65536);
        const now = reader.available(pos);
        if (now === avail) break; // the last line has no newline
        const k = reader.indexOf(pos);
        const found = reader.buf.subarray(k + avail, k + now).indexOf(0x0a);
        if (found >= 0) nl = avail + found;
        avail = now;
      }
      const k = reader.indexOf(pos);
      const length = nl >= 0 ? nl : avail;
      lineNo++;
      pos += length + (nl >= 0 ? 1 : 0);
      const buf = reader.buf;
      let s = k;
      let e = k + length;
      if (lineNo === 1 && s + 3 <= e && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3; // UTF-8 BOM
      if (s < e && buf[s] === 0x1e) s++; // RFC 8142 record separator
      while (s < e && (buf[s] === 0x20 || buf[s] === 0x09 || buf[s] === 0x0d)) s++;
      while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09 || buf[e - 1] === 0x0d)) e--;
      if (s === e) continue;
      let text: string;
      if (options.encoding !== undefined) text = iconv.decode(buf.subarray(s, e), options.encoding);
      else {
        text = buf.toString('utf8', s, e);
        if (text.includes('\ufffd') && checkUtf8(buf, s, e) !== Utf8Check.Valid) badLines.push(lineNo);
      }
      const value = parseJson(text, file, lineNo) as { type?: unknown; features?: unknown };
      const items = value !== null && typeof value === 'object' && value.type === 'FeatureCollection' && Array.isArray(value.features) ? (value.features as unknown[]) : [value];
      for (const item of items) {
        const f = builder.featureCount;
        try {
          builder.addFeature(item);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          const prefix = `${file}, feature ${f}: `;
          const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
          throw new InputError(`line ${lineNo}: ${message}`, { file, featureIndex: f });
        }
      }
    }
  } finally {
    reader.close();
  }
  const warnings: string[] = [];
  if (badLines.length > 0) {
    warnings.push(
      `${badLines.length} lines are not valid UTF-8 (lines ${badLines.slice(0, 10).join(', ')}${badLines.length > 10 ? ' …' : ''}); the bad bytes were read as U+FFFD — if the text is GBK, pass the encoding (gbk)`,
    );
  }
  return finishLayer(builder.finish(), { ...options, file, name: options.name ?? 'layer' }, {}, warnings);
}
