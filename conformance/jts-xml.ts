/**
 * Reads the JTS TestRunner XML files (jts/modules/tests/src/test/resources/testxml) and turns their
 * polygon–polygon intersection assertions into conformance cases.
 *
 * The format (JTS TestRunner, "JTS Test XML"): one `<run>` with optional `<desc>`, `<precisionModel>`
 * (`type="FLOATING"` or `scale=…` for a fixed grid), `<tolerance>`, then `<case>` elements holding `<desc>`,
 * `<a>`, `<b>` (WKT or hex WKB) and `<test><op name=… arg1="A" arg2="B">expected</op></test>`. The files
 * are simple enough for a small hand parser: no namespaces, no nesting beyond this, attributes quoted
 * with ' or ". Comments are removed first (some comment out whole cases), CDATA sections are unwrapped
 * and the five XML entities plus numeric references are decoded.
 *
 * Relevant ops: `intersection`, `intersectionNG` (floating precision), `intersectionSR` (snap-rounding at
 * the scale in arg3) and `overlayAreaTest` (asserts area identities; see `reference.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../src/errors.js';
import { expectedAreaCheck } from './area.js';
import type { CollectedCases, ConformanceCase, GroupName, MultiPolygonCoords, ParsedGeometry, SkippedCase } from './types.js';
import { isPolygonal, parseGeometryText } from './wkt.js';

/** Folder of the JTS XML tests inside the peers folder. */
export const JTS_TESTXML_DIR = 'jts/modules/tests/src/test/resources/testxml';

export interface JtsOp {
  /** As written (case varies: `overlayAreaTest`, `overlayareatest`). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Decoded text content: the expected result. */
  readonly text: string;
}

export interface JtsXmlCase {
  /** 1-based position of the `<case>` in the file (comments removed). */
  readonly index: number;
  readonly description: string;
  readonly a: string | null;
  readonly b: string | null;
  readonly ops: readonly JtsOp[];
}

export type JtsPrecision = { readonly kind: 'floating' } | { readonly kind: 'fixed'; readonly scale: number };

export interface JtsXmlRun {
  readonly description: string;
  readonly precision: JtsPrecision;
  /** The run's `<tolerance>`: the coordinate tolerance JTS's runner allows when matching results. */
  readonly tolerance: number | null;
  readonly cases: readonly JtsXmlCase[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML text content: CDATA sections verbatim, entities and character references elsewhere. */
export function decodeXmlText(raw: string): string {
  let out = '';
  const cdata = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let m = cdata.exec(raw); m !== null; m = cdata.exec(raw)) {
    out += decodeEntities(raw.slice(last, m.index)) + m[1];
    last = m.index + m[0].length;
  }
  return out + decodeEntities(raw.slice(last));
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#\d+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return ENTITIES[body] ?? whole;
  });
}

function parseAttributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) attrs[m[1]] = decodeEntities(m[2] ?? m[3] ?? '');
  return attrs;
}

/** Text content of the first `<tag …>…</tag>` in `xml`, or null. */
function firstElementText(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}\\s*>`).exec(xml);
  return m === null ? null : decodeXmlText(m[1]);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Parses one JTS test XML document.
 *
 * @example
 * const run = parseJtsXml('<run><case><desc>d</desc><a>POINT(0 0)</a><test><op name="isValid" arg1="A">true</op></test></case></run>');
 * run.cases[0].ops[0].name; // 'isValid'
 */
export function parseJtsXml(xml: string): JtsXmlRun {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  if (!/<run[\s>]/.test(text)) throw new InputError('JTS XML: expected a <run> element, found none');
  const cases: JtsXmlCase[] = [];
  const caseRe = /<case(?:\s[^>]*)?>([\s\S]*?)<\/case\s*>/g;
  for (let m = caseRe.exec(text); m !== null; m = caseRe.exec(text)) {
    const body = m[1];
    const ops: JtsOp[] = [];
    const opRe = /<op(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/op\s*>)/g;
    for (let o = opRe.exec(body); o !== null; o = opRe.exec(body)) {
      const attributes = parseAttributes(o[1] ?? '');
      ops.push({ name: attributes.name ?? '', attributes, text: decodeXmlText(o[2] ?? '').trim() });
    }
    cases.push({
      index: cases.length + 1,
      description: oneLine(firstElementText(body, 'desc') ?? ''),
      a: firstElementText(body, 'a'),
      b: firstElementText(body, 'b'),
      ops,
    });
  }
  // Run-level settings live outside the cases.
  const runLevel = text.replace(caseRe, '');
  let precision: JtsPrecision = { kind: 'floating' };
  const pm = /<precisionModel(\s[^>]*?)?\/?>/.exec(runLevel);
  if (pm !== null) {
    const attrs = parseAttributes(pm[1] ?? '');
    const type = (attrs.type ?? '').toUpperCase();
    if (attrs.scale !== undefined && type !== 'FLOATING') {
      const scale = Number(attrs.scale);
      if (!(scale > 0)) throw new InputError(`JTS XML: expected a positive precisionModel scale, found '${attrs.scale}'`);
      precision = { kind: 'fixed', scale };
    } else if (type !== '' && type !== 'FLOATING') {
      throw new InputError(`JTS XML: expected precisionModel type FLOATING or a scale, found type '${attrs.type}'`);
    }
  }
  const tol = firstElementText(runLevel, 'tolerance');
  return {
    description: oneLine(firstElementText(runLevel, 'desc') ?? ''),
    precision,
    tolerance: tol === null ? null : Number(tol.trim()),
    cases,
  };
}

/** All `.xml` files under `dir`, relative paths with '/' separators, sorted for a stable order. */
function listXmlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.toLowerCase().endsWith('.xml')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

const RELEVANT_OPS = new Set(['intersection', 'intersectionng', 'intersectionsr', 'overlayareatest']);

/** JTS reads operands through the run's precision model, i.e. rounds them to its grid (Java Math.round). */
function roundToGrid(polygons: MultiPolygonCoords, scale: number): MultiPolygonCoords {
  return polygons.map((p) => p.map((r) => r.map(([x, y]) => [Math.round(x * scale) / scale, Math.round(y * scale) / scale])));
}

/** The distinct non-polygonal component types, e.g. 'LINESTRING, POINT'. */
function describeNonPolygonal(g: ParsedGeometry): string {
  return [...new Set(g.others)].join(', ');
}

function groupForFile(relPath: string): GroupName {
  if (relPath.startsWith('general/')) return 'jts-general';
  if (relPath.startsWith('robust/')) return 'jts-robust';
  return 'jts-misc';
}

/**
 * Collects every polygon–polygon intersection assertion from the JTS XML tests.
 *
 * Groups: `jts-general`, `jts-robust`, `jts-misc` by folder for floating-precision `intersection` /
 * `intersectionNG` with an expected geometry; `jts-area-identity` for `overlayAreaTest`;
 * `jts-fixed-precision` (optional) for `intersectionSR` and for runs with a fixed precision model.
 * Cases whose A or B is not polygonal are returned as skipped, with the reason.
 *
 * @example
 * const { cases, skipped } = collectJtsCases('/work/shared/peers');
 */
export function collectJtsCases(peersDir: string): CollectedCases {
  const root = path.join(peersDir, JTS_TESTXML_DIR);
  const cases: ConformanceCase[] = [];
  const skipped: SkippedCase[] = [];
  for (const rel of listXmlFiles(root)) {
    const run = parseJtsXml(fs.readFileSync(path.join(root, rel), 'utf8'));
    for (const c of run.cases) {
      // Identical ops repeated in one case (GEOS ticket 350 lists overlayAreaTest twice) count once.
      const seen = new Set<string>();
      const ops = c.ops.filter((op) => {
        if (!RELEVANT_OPS.has(op.name.toLowerCase())) return false;
        const key = `${op.name.toLowerCase()}|${op.attributes.arg1}|${op.attributes.arg2}|${op.attributes.arg3}|${oneLine(op.text)}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      ops.forEach((op, k) => {
        const id = `jts:${rel}#${c.index}` + (ops.length > 1 ? `/op${k + 1}` : '');
        const opName = op.name.toLowerCase();
        const isIdentity = opName === 'overlayareatest';
        const fixedScale =
          opName === 'intersectionsr' ? Number(op.attributes.arg3) : run.precision.kind === 'fixed' ? run.precision.scale : null;
        const group: GroupName =
          fixedScale !== null ? 'jts-fixed-precision' : isIdentity ? 'jts-area-identity' : groupForFile(rel);
        const skip = (reason: string): void => {
          skipped.push({ id, group, reason });
        };
        const args = [op.attributes.arg1, op.attributes.arg2].map((s) => (s ?? '').toUpperCase());
        if (!((args[0] === 'A' && args[1] === 'B') || (args[0] === 'B' && args[1] === 'A'))) {
          skip(`op ${op.name} has arguments ${args.join(', ')}, expected A and B`);
          return;
        }
        if (c.a === null || c.b === null) {
          skip('case lacks an <a> or <b> geometry');
          return;
        }
        let a: ParsedGeometry;
        let b: ParsedGeometry;
        try {
          a = parseGeometryText(c.a);
          b = parseGeometryText(c.b);
        } catch (e) {
          skip(`cannot read an operand: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        if (!isPolygonal(a) || !isPolygonal(b)) {
          const parts = [];
          if (!isPolygonal(a)) parts.push(`A has ${describeNonPolygonal(a)}`);
          if (!isPolygonal(b)) parts.push(`B has ${describeNonPolygonal(b)}`);
          skip(`operand not polygonal: ${parts.join('; ')}`);
          return;
        }
        const notes: string[] = [];
        let polysA = a.polygons;
        let polysB = b.polygons;
        if (opName === 'intersectionsr') notes.push(`JTS snap-rounds the result to a grid of 1/${fixedScale}`);
        else if (fixedScale !== null) {
          polysA = roundToGrid(polysA, fixedScale);
          polysB = roundToGrid(polysB, fixedScale);
          notes.push(`run precision model scale ${fixedScale}: operands rounded to its grid as JTS reads them; JTS also snaps the result`);
        }
        if (run.tolerance !== null) notes.push(`upstream runner compares geometries with tolerance ${run.tolerance}`);
        if (a.type === 'GEOMETRYCOLLECTION' || b.type === 'GEOMETRYCOLLECTION') {
          notes.push('a GEOMETRYCOLLECTION operand is passed as the multipolygon of its polygons');
        }
        const description = c.description || run.description;
        if (isIdentity) {
          if (op.text.trim().toLowerCase() !== 'true') {
            skip(`overlayAreaTest expects '${op.text.trim()}', only 'true' is meaningful as an assertion`);
            return;
          }
          cases.push({ id, group, description, a: polysA, b: polysB, check: { kind: 'reference-area' }, notes });
          return;
        }
        if (op.text.trim() === '') {
          // e.g. QGIS #29400, GEOS #368: the upstream test only asserts that the overlay does not fail.
          notes.push('upstream gives no expected geometry (asserts only that the overlay succeeds): computed reference');
          cases.push({ id, group, description, a: polysA, b: polysB, check: { kind: 'reference-area' }, notes });
          return;
        }
        let expected: ParsedGeometry;
        try {
          expected = parseGeometryText(op.text);
        } catch (e) {
          skip(`cannot read the expected result: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        cases.push({
          id,
          group,
          description,
          a: polysA,
          b: polysB,
          check: expectedAreaCheck(expected),
          notes,
        });
      });
    }
  }
  return { cases, skipped };
}
