import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectJtsCases, decodeXmlText, JTS_TESTXML_DIR, parseJtsXml } from '../../conformance/jts-xml.js';

const SAMPLE = `<run>
  <desc>Run description</desc>
  <precisionModel type="FLOATING"/>
  <tolerance>0.01</tolerance>
<!--
<case>
  <desc>commented out</desc>
  <a>POLYGON ((0 0, 1 0, 0 1, 0 0))</a>
  <b>POLYGON ((0 0, 1 0, 0 1, 0 0))</b>
  <test><op name="intersection" arg1="A" arg2="B">POLYGON EMPTY</op></test>
</case>
-->
<case>
  <desc>AA &amp; friends &lt;1&gt; &#65;&#x42;</desc>
  <a>
    POLYGON(
      (10 10, 100 10, 100 100, 10 100, 10 10))
  </a>
  <b><![CDATA[POLYGON ((50 50, 200 50, 200 200, 50 200, 50 50))]]></b>
<test>
  <op name='intersection' arg1='A' arg2='B'>
    POLYGON(
      (50 50, 50 100, 100 100, 100 50, 50 50))
  </op>
</test>
<test><op name="union" arg1="A" arg2="B">POLYGON EMPTY</op></test>
</case>
<case>
  <desc>line and area</desc>
  <a>LINESTRING (0 0, 10 10)</a>
  <b>POLYGON ((1 1, 1 5, 5 5, 5 1, 1 1))</b>
  <test><op name="intersectionNG" arg1="A" arg2="B">LINESTRING (1 1, 5 5)</op></test>
</case>
<case>
  <desc>identity twice</desc>
  <a>POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))</a>
  <b>POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))</b>
  <test> <op name="overlayAreaTest" arg1="A" arg2="B">true
  </op> </test>
  <test> <op name="overlayAreaTest" arg1="A" arg2="B">true
  </op> </test>
  <test><op name="intersectionNG" arg1="A" arg2="B">POLYGON ((1 1, 1 2, 2 2, 2 1, 1 1))</op></test>
</case>
</run>
`;

describe('parseJtsXml', () => {
  it('drops commented-out cases, decodes entities and CDATA, reads single- and double-quoted attributes', () => {
    const run = parseJtsXml(SAMPLE);
    expect(run.description).toBe('Run description');
    expect(run.precision).toEqual({ kind: 'floating' });
    expect(run.tolerance).toBe(0.01);
    expect(run.cases.length).toBe(3);
    const c = run.cases[0];
    expect(c.index).toBe(1);
    expect(c.description).toBe('AA & friends <1> AB');
    expect(c.b).toBe('POLYGON ((50 50, 200 50, 200 200, 50 200, 50 50))');
    expect(c.ops.map((o) => o.name)).toEqual(['intersection', 'union']);
    expect(c.ops[0].attributes).toEqual({ name: 'intersection', arg1: 'A', arg2: 'B' });
    expect(c.ops[0].text.replace(/\s+/g, ' ')).toBe('POLYGON( (50 50, 50 100, 100 100, 100 50, 50 50))');
  });

  it('reads a fixed precision model', () => {
    const run = parseJtsXml('<run><precisionModel scale="1.0" offsetx="0.0" offsety="0.0"/><case><a>POINT(0 0)</a></case></run>');
    expect(run.precision).toEqual({ kind: 'fixed', scale: 1 });
    expect(run.tolerance).toBeNull();
  });

  it('rejects a document without <run>', () => {
    expect(() => parseJtsXml('<case></case>')).toThrow(/<run>/);
  });

  it('decodeXmlText leaves CDATA content undecoded', () => {
    expect(decodeXmlText('a &lt; <![CDATA[&lt; x]]> &gt;')).toBe('a < &lt; x >');
  });
});

describe('collectJtsCases on a hand-made tree', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuban-conformance-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, JTS_TESTXML_DIR);
  fs.mkdirSync(path.join(dir, 'general'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'robust', 'overlay'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'general', 'Sample.xml'), SAMPLE);
  fs.writeFileSync(
    path.join(dir, 'robust', 'overlay', 'Prec.xml'),
    `<run><precisionModel scale="1.0"/>
     <case><desc>snapped</desc><a>POLYGON ((0.4 0, 10 0, 10 10.6, 0 10, 0.4 0))</a><b>POLYGON ((5 5, 20 5, 20 20, 5 20, 5 5))</b>
     <test><op name="intersection" arg1="A" arg2="B">POLYGON ((5 5, 5 10, 10 10, 10 5, 5 5))</op></test></case></run>`,
  );

  it('turns assertions into cases with precise ids, groups, expected areas and skip reasons', () => {
    const { cases, skipped } = collectJtsCases(root);
    expect(cases.map((c) => [c.id, c.group, c.check.kind])).toEqual([
      ['jts:general/Sample.xml#1', 'jts-general', 'expected-area'],
      // The duplicated overlayAreaTest in case 3 counts once; the case then has two distinct ops.
      ['jts:general/Sample.xml#3/op1', 'jts-area-identity', 'reference-area'],
      ['jts:general/Sample.xml#3/op2', 'jts-general', 'expected-area'],
      ['jts:robust/overlay/Prec.xml#1', 'jts-fixed-precision', 'expected-area'],
    ]);
    const first = cases[0];
    // Expected intersection 50 × 50 (hand).
    expect(first.check).toEqual({ kind: 'expected-area', expectedArea: 2500, expectedEmpty: false, expectedType: 'POLYGON' });
    expect(first.notes).toContain('upstream runner compares geometries with tolerance 0.01');
    expect(skipped).toEqual([{ id: 'jts:general/Sample.xml#2', group: 'jts-general', reason: 'operand not polygonal: A has LINESTRING' }]);
    // Fixed precision: operands rounded to the unit grid as JTS reads them (0.4 → 0, 10.6 → 11).
    expect(cases[3].a[0][0]).toEqual([[0, 0], [10, 0], [10, 11], [0, 10], [0, 0]]);
  });
});
