/**
 * The balance configuration (config.ts): defaults, merging, and every refused value with its exact message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BALANCE_CONFIG, loadBalanceConfig, parseBalanceConfig } from '../../src/balance/config.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'tuban-balance-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('balance configuration', () => {
  it('has the documented defaults', () => {
    expect(parseBalanceConfig(undefined)).toBe(DEFAULT_BALANCE_CONFIG);
    expect(DEFAULT_BALANCE_CONFIG).toEqual({
      fields: {
        occupationId: ['XMBH', 'JCBH'],
        occupationType: 'ZYLX',
        occupationDate: 'PZRQ',
        grade: 'GDDB',
        supplementId: 'XMBH',
        supplementName: 'XMMC',
        supplementType: 'XMLX',
        supplementArea: 'XZGDMJ',
        supplementPaddy: 'XZSTMJ',
        supplementGrade: 'QHDB',
        acceptedOn: 'YSRQ',
        frozen: 'DJZT',
      },
      supplementUnit: 'm2',
      exemptTypes: ['设施农用地'],
      frozenValues: ['冻结', '是', '1', 'Y', 'TRUE'],
      frozenIds: [],
      verification: 'capped',
      credit: 'verified',
      missingGrade: 'error',
      order: 'date-then-id',
    });
    expect(Object.isFrozen(DEFAULT_BALANCE_CONFIG.fields)).toBe(true);
  });

  it('merges a partial object key by key; an array replaces; one id field may be a string', () => {
    const c = parseBalanceConfig({ $schema: 'x', credit: 'smaller', exemptTypes: [], fields: { occupationId: 'JCBH', grade: 'ZLDJ' } });
    expect(c.credit).toBe('smaller');
    expect(c.exemptTypes).toEqual([]);
    expect(c.fields.occupationId).toEqual(['JCBH']);
    expect(c.fields.grade).toBe('ZLDJ');
    expect(c.fields.supplementArea).toBe('XZGDMJ');
    expect(parseBalanceConfig(c)).toEqual(c);
  });

  const fails = (json: unknown, message: string) => expect(() => parseBalanceConfig(json, 'b.json')).toThrow(new InputError(message, { file: 'b.json' }));
  it('refuses unknown keys, with a suggestion', () => {
    fails({ credt: 'verified' }, 'credt: unknown key (expected one of: fields, supplementUnit, exemptTypes, frozenValues, frozenIds, verification, credit, missingGrade, order); did you mean "credit"?');
    fails({ fields: { gdDB: 'X' } }, 'fields.gdDB: unknown key (expected one of: occupationId, occupationType, occupationDate, grade, supplementId, supplementName, supplementType, supplementArea, supplementPaddy, supplementGrade, acceptedOn, frozen)');
  });
  it('refuses bad values', () => {
    fails({ credit: 'min' }, 'credit: expected one of "verified", "claimed", "smaller", found "min"');
    fails({ verification: 1 }, 'verification: expected one of "capped", "cultivated", found 1');
    fails({ fields: { grade: '' } }, 'fields.grade: expected a field name (a non-empty string), found ""');
    fails({ fields: { occupationId: [] } }, 'fields.occupationId: expected a field name or a non-empty array of field names, found an array of 0');
    fails({ exemptTypes: '设施农用地' }, 'exemptTypes: expected an array of strings, found "设施农用地"');
    fails({ frozenIds: ['A', 'A'] }, 'frozenIds[1]: "A" is listed twice');
    fails([], '(top level): expected an object, found an array of 0');
  });
  it('reports every problem at once', () => {
    fails({ credit: 'x', missingGrade: 'skip' }, '2 problems in the configuration: credit: expected one of "verified", "claimed", "smaller", found "x"; missingGrade: expected one of "error", "conservative", found "skip"');
  });
  it('reads a file (BOM skipped); a syntax error names line and column', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, '\ufeff{ "credit": "claimed" }');
    expect(loadBalanceConfig(good).credit).toBe('claimed');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "credit": "claimed",\n}');
    expect(() => loadBalanceConfig(bad)).toThrow(/bad\.json: line 3, column 1: /);
  });
});
