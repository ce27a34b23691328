/**
 * The configuration of the 套合 and the judgement (issue 5): every local rule with a documented default, read
 * from a JSON file a county keeps next to its data. The same defaults and descriptions are in
 * schema/enforcement-config.schema.json (JSON Schema 2020-12), for editors that complete and check the file.
 *
 * Reading rules:
 * - a partial object is merged over the defaults key by key; an array given replaces the default array
 *   (so `{"landClasses": {"unused": [...]}}` replaces only the 未利用地 list);
 * - unknown keys are an error (a typo such as `approvalCoverag` must not silently leave the default in force);
 *   the one exception is a top-level `"$schema"` string, which editors use to find the schema;
 * - every error names the key path, what was expected and what was found, e.g.
 *   `thresholds.approvalCoverage: expected a number in [0, 1], found "70%"`; all problems are reported at once;
 * - codes are strings (keep leading zeros: "0101", "010"); a number where a code is expected is an error,
 *   because 101 is not "0101".
 */
import {
  checkFieldName,
  checkOneOf,
  deepFreeze,
  describeFound as found,
  mergeChecked,
  readConfigJson,
  throwProblems,
  type DeepPartial,
  type ObjectSpec,
} from '../config/validate.js';
import type { EnforcementConfig } from './types.js';

/**
 * The defaults.
 *
 * - `landClasses`: the 三大类 folding of 三调 codes, exactly as domain.md §2: 耕地 split into 水田 0101, 水浇地
 *   0102, 旱地 0103; other 农用地 02xx, 03xx, 0401, 0402, 0403, 1006, 1104, 1107, 1202, 1203; 建设用地 05xx,
 *   06xx, 07xx, 08xx, 09xx, 1001–1005, 1007–1009, 1103, 1109, 1201; 未利用地 0404, 1101, 1102, 1105, 1106, 1108,
 *   1110, 1204–1207. A 2-digit entry is a class prefix ("02" = every 02xx code); suffixed codes (0201K 可调整果园,
 *   1104A 养殖坑塘, …) fold with their 4-digit base unless listed themselves (see classes.ts for precedence).
 * - `planningCodes`: GZQLXDM 010 允许建设区, 020 有条件建设区, 030 限制建设区, 040 禁止建设区.
 * - `fields`: JCBH (patch id), DLBM (land class), GZQLXDM (planning zone), XZQDM / XZQMC (township code / name),
 *   HCLX (field-verified category), ZGZT (remediation status), ZGFS (remediation method).
 * - `thresholds`: approvalCoverage 0.7 and filingCoverage 0.7 (local rules), criminalBasicFarmlandMu 5 and
 *   criminalCultivatedMu 10 (非法占用农用地罪), overlapShare 0.5 (重合图斑), sliverM2 1 m², illegalCultivatedRatio
 *   0.15 (15号令), reclaimedShare 0.9 (复垦到位).
 * - `townshipAssignment`: `"split"` — a patch in several townships gives one row per township (see taohe.ts).
 */
export const DEFAULT_ENFORCEMENT_CONFIG: EnforcementConfig = deepFreeze({
  landClasses: {
    paddy: ['0101'],
    irrigated: ['0102'],
    dry: ['0103'],
    otherAgri: ['02', '03', '0401', '0402', '0403', '1006', '1104', '1107', '1202', '1203'],
    construction: ['05', '06', '07', '08', '09', '1001', '1002', '1003', '1004', '1005', '1007', '1008', '1009', '1103', '1109', '1201'],
    unused: ['0404', '1101', '1102', '1105', '1106', '1108', '1110', '1204', '1205', '1206', '1207'],
  },
  planningCodes: {
    allowed: ['010'],
    conditional: ['020'],
    restricted: ['030'],
    forbidden: ['040'],
  },
  fields: {
    patchId: 'JCBH',
    landClass: 'DLBM',
    planningZone: 'GZQLXDM',
    townshipCode: 'XZQDM',
    townshipName: 'XZQMC',
    verifiedCategory: 'HCLX',
    status: 'ZGZT',
    remediation: 'ZGFS',
  },
  thresholds: {
    approvalCoverage: 0.7,
    filingCoverage: 0.7,
    criminalBasicFarmlandMu: 5,
    criminalCultivatedMu: 10,
    overlapShare: 0.5,
    sliverM2: 1,
    illegalCultivatedRatio: 0.15,
    reclaimedShare: 0.9,
  },
  townshipAssignment: 'split',
});

/** What a configuration file may hold: any part of {@link EnforcementConfig}; the rest comes from the defaults. */
export type EnforcementConfigInput = DeepPartial<EnforcementConfig> & { readonly $schema?: string };

// ---- the shape, as a small schema the validator (src/config/validate.ts) walks ----

type Leaf =
  | { readonly kind: 'codes' }
  | { readonly kind: 'field' }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly text: string }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

const codes: Leaf = { kind: 'codes' };
const field: Leaf = { kind: 'field' };
const share: Leaf = { kind: 'number', min: 0, max: 1, text: 'a number in [0, 1]' };
const nonNegative: Leaf = { kind: 'number', min: 0, max: Infinity, text: 'a finite number ≥ 0' };

const SPEC: ObjectSpec<Leaf> = {
  kind: 'object',
  keys: {
    landClasses: {
      kind: 'object',
      keys: { paddy: codes, irrigated: codes, dry: codes, otherAgri: codes, construction: codes, unused: codes },
    },
    planningCodes: { kind: 'object', keys: { allowed: codes, conditional: codes, restricted: codes, forbidden: codes } },
    fields: {
      kind: 'object',
      keys: {
        patchId: field,
        landClass: field,
        planningZone: field,
        townshipCode: field,
        townshipName: field,
        verifiedCategory: field,
        status: field,
        remediation: field,
      },
    },
    thresholds: {
      kind: 'object',
      keys: {
        approvalCoverage: share,
        filingCoverage: share,
        criminalBasicFarmlandMu: nonNegative,
        criminalCultivatedMu: nonNegative,
        overlapShare: share,
        sliverM2: nonNegative,
        illegalCultivatedRatio: share,
        reclaimedShare: share,
      },
    },
    townshipAssignment: { kind: 'enum', values: ['split', 'majority'] },
  },
};

const CODE = /^[0-9A-Za-z]+$/;

/** Checks one value of the configuration (every schema node but the objects); a refused value keeps `base`. */
function checkLeaf(spec: Leaf, value: unknown, base: unknown, at: string, errors: string[]): unknown {
  switch (spec.kind) {
    case 'codes': {
      if (!Array.isArray(value)) {
        errors.push(`${at}: expected an array of code strings (e.g. ["0101"]), found ${found(value)}`);
        return base;
      }
      const out: string[] = [];
      value.forEach((c: unknown, i) => {
        if (typeof c !== 'string') {
          const hint = typeof c === 'number' ? ' (codes are strings: write "0101", not 101, to keep leading zeros)' : '';
          errors.push(`${at}[${i}]: expected a code string, found ${found(c)}${hint}`);
        } else if (!CODE.test(c.trim()) || c.trim().length < 2) {
          errors.push(`${at}[${i}]: expected a code of at least 2 letters or digits (e.g. "0101", "02", "1104A"), found ${found(c)}`);
        } else if (out.includes(c.trim())) {
          errors.push(`${at}[${i}]: code ${found(c.trim())} is listed twice`);
        } else out.push(c.trim());
      });
      return out;
    }
    case 'field':
      return checkFieldName(value, at, errors) ?? base;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
        errors.push(`${at}: expected ${spec.text}, found ${found(value)}`);
        return base;
      }
      return value;
    }
    case 'enum':
      return checkOneOf(spec.values, value, at, errors) ?? base;
  }
}

/** A code listed under two classes would make the folding depend on list order: refuse it. */
function checkDisjoint(group: string, lists: Readonly<Record<string, readonly string[]>>, errors: string[]): void {
  const owner = new Map<string, string>();
  for (const [name, list] of Object.entries(lists)) {
    for (const c of list) {
      const prev = owner.get(c);
      if (prev !== undefined) errors.push(`${group}: code "${c}" is listed under both ${prev} and ${name}; a code belongs to one class`);
      else owner.set(c, name);
    }
  }
}

/**
 * Validates a configuration (parsed JSON, or an object built in code) and merges it over
 * {@link DEFAULT_ENFORCEMENT_CONFIG}. `undefined` gives the defaults. Throws one InputError listing every problem,
 * each with its key path, what was expected and what was found.
 *
 * @example
 * const config = parseEnforcementConfig({ thresholds: { approvalCoverage: 0.8 }, townshipAssignment: 'majority' });
 * config.thresholds.sliverM2; // 1 (default)
 * parseEnforcementConfig({ thresholds: { approvalCoverage: '70%' } });
 * // InputError: thresholds.approvalCoverage: expected a number in [0, 1], found "70%"
 */
export function parseEnforcementConfig(json: unknown, file?: string): EnforcementConfig {
  if (json === undefined) return DEFAULT_ENFORCEMENT_CONFIG;
  const errors: string[] = [];
  const out = mergeChecked(SPEC, json, DEFAULT_ENFORCEMENT_CONFIG, checkLeaf, errors) as EnforcementConfig;
  if (errors.length === 0) {
    checkDisjoint('landClasses', out.landClasses, errors);
    checkDisjoint('planningCodes', out.planningCodes, errors);
  }
  throwProblems(errors, file);
  return deepFreeze(out);
}

/**
 * Reads a configuration file: UTF-8 JSON (a byte-order mark is skipped, as Windows editors write one), then
 * {@link parseEnforcementConfig}. A syntax error names its line and column.
 *
 * @example
 * const config = loadEnforcementConfig('taohe.config.json');
 */
export function loadEnforcementConfig(path: string): EnforcementConfig {
  return parseEnforcementConfig(readConfigJson(path), path);
}
