/**
 * Configuration of the 套合 (config.ts) and the code folding (classes.ts). Expected defaults are copied from
 * domain.md §2 by hand (not from the module), messages from the brief's own example.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { baseCode, landClassifier, planningClassifier } from '../../src/enforcement/classes.js';
import { DEFAULT_ENFORCEMENT_CONFIG, loadEnforcementConfig, parseEnforcementConfig } from '../../src/enforcement/config.js';

const dir = mkdtempSync(join(tmpdir(), 'tuban-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('defaults', () => {
  it('land classes are exactly domain.md §2', () => {
    const lc = DEFAULT_ENFORCEMENT_CONFIG.landClasses;
    expect(lc.paddy).toEqual(['0101']);
    expect(lc.irrigated).toEqual(['0102']);
    expect(lc.dry).toEqual(['0103']);
    expect([...lc.otherAgri].sort()).toEqual(['02', '03', '0401', '0402', '0403', '1006', '1104', '1107', '1202', '1203'].sort());
    expect([...lc.construction].sort()).toEqual(
      ['05', '06', '07', '08', '09', '1001', '1002', '1003', '1004', '1005', '1007', '1008', '1009', '1103', '1109', '1201'].sort(),
    );
    expect([...lc.unused].sort()).toEqual(['0404', '1101', '1102', '1105', '1106', '1108', '1110', '1204', '1205', '1206', '1207'].sort());
  });

  it('planning codes, fields and thresholds are the documented ones', () => {
    const c = DEFAULT_ENFORCEMENT_CONFIG;
    expect(c.planningCodes).toEqual({ allowed: ['010'], conditional: ['020'], restricted: ['030'], forbidden: ['040'] });
    expect(c.fields).toEqual({
      patchId: 'JCBH',
      landClass: 'DLBM',
      planningZone: 'GZQLXDM',
      townshipCode: 'XZQDM',
      townshipName: 'XZQMC',
      verifiedCategory: 'HCLX',
      status: 'ZGZT',
      remediation: 'ZGFS',
    });
    expect(c.thresholds).toEqual({
      approvalCoverage: 0.7,
      filingCoverage: 0.7,
      criminalBasicFarmlandMu: 5,
      criminalCultivatedMu: 10,
      overlapShare: 0.5,
      sliverM2: 1,
      illegalCultivatedRatio: 0.15,
      reclaimedShare: 0.9,
    });
    expect(c.townshipAssignment).toBe('split');
    expect(parseEnforcementConfig(undefined)).toEqual(c);
    expect(parseEnforcementConfig({})).toEqual(c);
  });

  it('every 三调 code of the sample county folds as domain.md §2 says', () => {
    const fold = landClassifier(DEFAULT_ENFORCEMENT_CONFIG.landClasses);
    const expected: Record<string, string> = {
      '0101': 'paddy', '0102': 'irrigated', '0103': 'dry',
      '0201': 'otherAgri', '0201K': 'otherAgri', '0204': 'otherAgri', '0301': 'otherAgri', '0301K': 'otherAgri', '0305': 'otherAgri',
      '1006': 'otherAgri', '1104': 'otherAgri', '1104A': 'otherAgri', '1107': 'otherAgri', '1202': 'otherAgri', '1203': 'otherAgri',
      '0404': 'unused', '1101': 'unused',
      '0508': 'construction', '05H1': 'construction', '0601': 'construction', '0602': 'construction', '0603': 'construction',
      '0701': 'construction', '0702': 'construction', '08H1': 'construction', '08H2': 'construction', '09': 'construction',
      '1003': 'construction', '1004': 'construction', '1201': 'construction',
    };
    for (const [code, cls] of Object.entries(expected)) expect(fold(code), code).toBe(cls);
    // Not in the table: the 1000 group's 1006 is 农用地, 1010 does not exist; 0104 is no 三调 code; numbers lose zeros.
    for (const code of ['1010', '0104', '101', '', '12', '1208']) expect(fold(code), code).toBeNull();
  });

  it('the schema file carries the same keys and defaults, and forbids unknown keys', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/enforcement-config.schema.json', import.meta.url), 'utf8')) as SchemaNode;
    interface SchemaNode {
      type?: string;
      properties?: Record<string, SchemaNode>;
      additionalProperties?: boolean;
      default?: unknown;
    }
    const check = (node: SchemaNode, value: unknown, path: string): void => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        expect(node.additionalProperties, path).toBe(false);
        const keys = Object.keys(node.properties ?? {}).filter((k) => k !== '$schema');
        expect(keys.sort(), path).toEqual(Object.keys(value).sort());
        for (const k of keys) check(node.properties![k], (value as Record<string, unknown>)[k], `${path}.${k}`);
      } else expect(node.default, path).toEqual(value);
    };
    check(schema, DEFAULT_ENFORCEMENT_CONFIG, '');
  });
});

describe('classes', () => {
  const fold = landClassifier({ ...DEFAULT_ENFORCEMENT_CONFIG.landClasses, unused: ['0404', '1104A', '0201'] });
  it('precedence: the code itself, then its 4-digit base, then its 2-digit prefix', () => {
    expect(fold('1104A')).toBe('unused'); // listed itself, beats its base 1104 (otherAgri)
    expect(fold('1104B')).toBe('otherAgri'); // base 1104
    expect(fold('0201')).toBe('unused'); // listed itself, beats prefix 02
    expect(fold('0201K')).toBe('unused'); // base 0201, beats prefix 02
    expect(fold('0202')).toBe('otherAgri'); // prefix 02
    expect(baseCode('0201K')).toBe('0201');
    expect(baseCode('05H1')).toBeNull();
  });
  it('planning codes match exactly', () => {
    const zone = planningClassifier(DEFAULT_ENFORCEMENT_CONFIG.planningCodes);
    expect(zone('010')).toBe('planAllowed');
    expect(zone('020')).toBe('planConditional');
    expect(zone('030')).toBe('planRestricted');
    expect(zone('040')).toBe('planForbidden');
    expect(zone('10')).toBeNull();
    expect(zone('050')).toBeNull();
  });
});

describe('parseEnforcementConfig', () => {
  it('merges a partial object over the defaults; arrays replace', () => {
    const c = parseEnforcementConfig({
      $schema: './schema/enforcement-config.schema.json',
      thresholds: { approvalCoverage: 0.8 },
      landClasses: { unused: ['0404', '1101'] },
      townshipAssignment: 'majority',
    });
    expect(c.thresholds.approvalCoverage).toBe(0.8);
    expect(c.thresholds.sliverM2).toBe(1);
    expect(c.landClasses.unused).toEqual(['0404', '1101']);
    expect(c.landClasses.otherAgri).toEqual(DEFAULT_ENFORCEMENT_CONFIG.landClasses.otherAgri);
    expect(c.townshipAssignment).toBe('majority');
    expect(c.fields.patchId).toBe('JCBH');
    expect(Object.isFrozen(c.thresholds)).toBe(true);
    // The defaults are not touched by a merge.
    expect(DEFAULT_ENFORCEMENT_CONFIG.thresholds.approvalCoverage).toBe(0.7);
  });

  it('names the key path, what was expected and what was found', () => {
    expect(errorOf(() => parseEnforcementConfig({ thresholds: { approvalCoverage: '70%' } })).message).toBe(
      'thresholds.approvalCoverage: expected a number in [0, 1], found "70%"',
    );
    expect(errorOf(() => parseEnforcementConfig({ thresholds: { approvalCoverage: 70 } })).message).toBe(
      'thresholds.approvalCoverage: expected a number in [0, 1], found 70',
    );
    expect(errorOf(() => parseEnforcementConfig({ thresholds: { sliverM2: -1 } })).message).toBe(
      'thresholds.sliverM2: expected a finite number ≥ 0, found -1',
    );
    expect(errorOf(() => parseEnforcementConfig({ townshipAssignment: 'largest' })).message).toBe(
      'townshipAssignment: expected one of "split", "majority", found "largest"',
    );
    expect(errorOf(() => parseEnforcementConfig({ fields: { patchId: '' } })).message).toBe(
      'fields.patchId: expected a field name (a non-empty string), found ""',
    );
    expect(errorOf(() => parseEnforcementConfig({ fields: 'JCBH' })).message).toBe('fields: expected an object, found "JCBH"');
    expect(errorOf(() => parseEnforcementConfig([1, 2])).message).toBe('(top level): expected an object, found an array of 2');
    expect(errorOf(() => parseEnforcementConfig({ landClasses: { paddy: '0101' } })).message).toBe(
      'landClasses.paddy: expected an array of code strings (e.g. ["0101"]), found "0101"',
    );
  });

  it('refuses numbers where codes are expected, with the leading-zero hint', () => {
    const m = errorOf(() => parseEnforcementConfig({ landClasses: { paddy: ['0101', 101] } })).message;
    expect(m).toBe('landClasses.paddy[1]: expected a code string, found 101 (codes are strings: write "0101", not 101, to keep leading zeros)');
  });

  it('refuses unknown keys (typos) and suggests the near one', () => {
    const m = errorOf(() => parseEnforcementConfig({ thresholds: { approvalCoverag: 0.8 } })).message;
    expect(m).toContain('thresholds.approvalCoverag: unknown key (expected one of: approvalCoverage, filingCoverage');
    expect(m).toContain('did you mean "approvalCoverage"?');
    expect(errorOf(() => parseEnforcementConfig({ townshipAssignement: 'split' })).message).toContain(
      'townshipAssignement: unknown key',
    );
    expect(errorOf(() => parseEnforcementConfig({ $schema: 3 })).message).toBe(
      '$schema: expected a string (the schema\'s address), found 3',
    );
  });

  it('refuses a code under two classes, or twice in one list', () => {
    expect(errorOf(() => parseEnforcementConfig({ landClasses: { unused: ['0404', '1104'] } })).message).toBe(
      'landClasses: code "1104" is listed under both otherAgri and unused; a code belongs to one class',
    );
    expect(errorOf(() => parseEnforcementConfig({ planningCodes: { forbidden: ['030'] } })).message).toBe(
      'planningCodes: code "030" is listed under both restricted and forbidden; a code belongs to one class',
    );
    expect(errorOf(() => parseEnforcementConfig({ landClasses: { dry: ['0103', '0103'] } })).message).toBe(
      'landClasses.dry[1]: code "0103" is listed twice',
    );
  });

  it('lists every problem at once, with the file name', () => {
    const e = errorOf(() => parseEnforcementConfig({ thresholds: { approvalCoverage: '70%', sliverM2: 'x' }, foo: 1 }, 'taohe.json'));
    expect(e.file).toBe('taohe.json');
    expect(e.message).toMatch(/^taohe\.json: 3 problems in the configuration: /);
    expect(e.message).toContain('foo: unknown key');
    expect(e.message).toContain('thresholds.approvalCoverage: expected a number in [0, 1], found "70%"');
    expect(e.message).toContain('thresholds.sliverM2: expected a finite number ≥ 0, found "x"');
  });
});

describe('loadEnforcementConfig', () => {
  it('reads UTF-8 JSON with a byte-order mark', () => {
    const p = join(dir, 'bom.json');
    writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"fields": {"townshipName": "乡镇名称"}}', 'utf8')]));
    expect(loadEnforcementConfig(p).fields.townshipName).toBe('乡镇名称');
  });

  it('reports a JSON syntax error with its line and column', () => {
    const p = join(dir, 'bad.json');
    writeFileSync(p, '{\n  "thresholds": {\n    "sliverM2": 1,\n  }\n}\n');
    const e = errorOf(() => loadEnforcementConfig(p));
    expect(e.file).toBe(p);
    expect(e.message).toContain('line 4, column 3');
  });

  it('reports bytes that are not UTF-8 and a missing file', () => {
    const p = join(dir, 'gbk.json');
    writeFileSync(p, Buffer.from([0x7b, 0x22, 0xd5, 0xe2, 0x22, 0x3a, 0x31, 0x7d])); // {"这":1} in GBK
    expect(errorOf(() => loadEnforcementConfig(p)).message).toContain('expected UTF-8 text');
    expect(errorOf(() => loadEnforcementConfig(join(dir, 'none.json'))).message).toContain('cannot read the configuration file');
  });

  it('validates the content, naming the file', () => {
    const p = join(dir, 'typo.json');
    writeFileSync(p, JSON.stringify({ thresholds: { approvalCoverage: '70%' } }));
    expect(errorOf(() => loadEnforcementConfig(p)).message).toBe(`${p}: thresholds.approvalCoverage: expected a number in [0, 1], found "70%"`);
  });
});
