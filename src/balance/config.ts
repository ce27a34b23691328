/**
 * The configuration of 耕地占补平衡 (issue 6, domain.md §7): field names of the occupation and supplement
 * layers, occupation types exempt by local rule, how supplement projects are verified and credited, and the
 * allocation order — each with a documented default, read from a JSON file a county keeps next to its data.
 * The land-class folding (水田 0101 / 水浇地 0102 / 旱地 0103 and the land-use code field DLBM) is not repeated
 * here: it is the enforcement configuration's (src/enforcement/config.ts), so that the 套合 table and the balance
 * count the same land as 耕地.
 *
 * Reading rules (shared with the enforcement configuration: src/config/validate.ts):
 * - a partial object is merged over the defaults key by key; an array given replaces the default array;
 * - unknown keys are an error (a typo must not leave a default silently in force), except a top-level
 *   `"$schema"` string;
 * - every error names the key path, what was expected and what was found; all problems are reported at once.
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

/** How a supplement project's verified 新增耕地 is derived from the cultivated land now inside it (supply.ts). */
export type VerificationRule = 'capped' | 'cultivated';
/** Which figures of a supplement project enter the indicator pool. */
export type CreditRule = 'verified' | 'claimed' | 'smaller';
/** What to do with cultivated land that has no quality grade (capacity cannot be computed from it). */
export type MissingGradeRule = 'error' | 'conservative';
/** Unit of the claimed 新增耕地 / 新增水田 fields of supplement projects. */
export type AreaUnit = 'm2' | 'mu' | 'ha';

export interface BalanceConfig {
  readonly fields: {
    /** Occupation id: the first of these fields with a value (default XMBH 项目编号, then JCBH 监测编号). */
    readonly occupationId: readonly string[];
    /** Occupation type (非农建设, 补办, 造林, 种果 …; default ZYLX 占用类型); missing → 未注明. */
    readonly occupationType: string;
    /** Occupation date (default PZRQ 批准日期), optional on the layer: the allocation order. */
    readonly occupationDate: string;
    /** Quality grade on land use (default GDDB 耕地等别). */
    readonly grade: string;
    /** Supplement project id (default XMBH), name (XMMC) and type 复垦/开发/整理 (XMLX; optional on the layer). */
    readonly supplementId: string;
    readonly supplementName: string;
    readonly supplementType: string;
    /** Claimed 新增耕地 (default XZGDMJ) and 新增水田 (XZSTMJ), in `supplementUnit`. */
    readonly supplementArea: string;
    readonly supplementPaddy: string;
    /** Claimed 项目后等别 (default QHDB). */
    readonly supplementGrade: string;
    /** 验收日期 (default YSRQ). */
    readonly acceptedOn: string;
    /** Freeze mark on the project layer (default DJZT 冻结状态; optional on the layer). */
    readonly frozen: string;
  };
  /** Unit of the claimed areas (default `"m2"`; `"mu"` 亩, `"ha"` 公顷 for layers that keep those). */
  readonly supplementUnit: AreaUnit;
  /** Occupation types that need no balance (default ["设施农用地"], domain.md §6: filed 设施农用地 needs no 占补平衡). */
  readonly exemptTypes: readonly string[];
  /** Values of the freeze field that mean frozen (default 冻结, 是, 1, Y, true; compared trimmed, letters case-insensitively). */
  readonly frozenValues: readonly string[];
  /** Supplement project ids frozen by the county whatever the layer says (default none). */
  readonly frozenIds: readonly string[];
  /**
   * `"capped"` (default): verified 新增耕地 = min(claimed, cultivated area now inside the project) — a project's
   * polygon holds its old cultivated land too, and one land-use layer cannot tell new from old, so the overlay
   * can confirm a claim up to what is cultivated now, no more. `"cultivated"`: all cultivated land now inside the
   * project (for project polygons drawn around the new land only).
   */
  readonly verification: VerificationRule;
  /** `"verified"` (default), `"claimed"`, or `"smaller"` (per indicator the smaller of claimed and verified). */
  readonly credit: CreditRule;
  /**
   * `"error"` (default): cultivated land without a grade under an occupation, or a project without a grade, stops
   * the work with the list of them. `"conservative"`: occupied land without a grade counts at the best yield of
   * the table (demand is not understated), supplemented land at its project's QHDB or else the worst yield
   * (supply is not overstated); every use is noted.
   */
  readonly missingGrade: MissingGradeRule;
  /**
   * Allocation order of supply and demand rows (allocate.ts): `"date-then-id"` (default) — by date (验收日期 /
   * occupation date), undated last, then id; `"input"` — as given.
   */
  readonly order: 'date-then-id' | 'input';
}

/**
 * The defaults (see each member of {@link BalanceConfig}).
 */
export const DEFAULT_BALANCE_CONFIG: BalanceConfig = deepFreeze({
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

/** What a configuration file may hold: any part of {@link BalanceConfig} (occupationId may be one string). */
export type BalanceConfigInput = DeepPartial<Omit<BalanceConfig, 'fields'>> & {
  readonly fields?: DeepPartial<Omit<BalanceConfig['fields'], 'occupationId'>> & { readonly occupationId?: string | readonly string[] };
  readonly $schema?: string;
};

/** The leaves of the schema the validator (src/config/validate.ts) walks. */
type Leaf =
  | { readonly kind: 'field' }
  | { readonly kind: 'fieldList' }
  | { readonly kind: 'strings' }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

const field: Leaf = { kind: 'field' };

const SPEC: ObjectSpec<Leaf> = {
  kind: 'object',
  keys: {
    fields: {
      kind: 'object',
      keys: {
        occupationId: { kind: 'fieldList' },
        occupationType: field,
        occupationDate: field,
        grade: field,
        supplementId: field,
        supplementName: field,
        supplementType: field,
        supplementArea: field,
        supplementPaddy: field,
        supplementGrade: field,
        acceptedOn: field,
        frozen: field,
      },
    },
    supplementUnit: { kind: 'enum', values: ['m2', 'mu', 'ha'] },
    exemptTypes: { kind: 'strings' },
    frozenValues: { kind: 'strings' },
    frozenIds: { kind: 'strings' },
    verification: { kind: 'enum', values: ['capped', 'cultivated'] },
    credit: { kind: 'enum', values: ['verified', 'claimed', 'smaller'] },
    missingGrade: { kind: 'enum', values: ['error', 'conservative'] },
    order: { kind: 'enum', values: ['date-then-id', 'input'] },
  },
};

/** Checks one value of the configuration (every schema node but the objects); a refused value keeps `base`. */
function checkLeaf(spec: Leaf, value: unknown, base: unknown, at: string, errors: string[]): unknown {
  switch (spec.kind) {
    case 'field':
      return checkFieldName(value, at, errors)?.trim() ?? base;
    case 'fieldList': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.length === 0) {
        errors.push(`${at}: expected a field name or a non-empty array of field names, found ${found(value)}`);
        return base;
      }
      const out: string[] = [];
      list.forEach((f: unknown, i) => {
        const name = checkFieldName(f, `${at}[${i}]`, errors);
        if (name !== undefined) out.push(name.trim());
      });
      return out;
    }
    case 'strings': {
      if (!Array.isArray(value)) {
        errors.push(`${at}: expected an array of strings, found ${found(value)}`);
        return base;
      }
      const out: string[] = [];
      value.forEach((s: unknown, i) => {
        if (typeof s !== 'string' || s.trim() === '') errors.push(`${at}[${i}]: expected a non-empty string, found ${found(s)}`);
        else if (out.includes(s.trim())) errors.push(`${at}[${i}]: ${JSON.stringify(s.trim())} is listed twice`);
        else out.push(s.trim());
      });
      return out;
    }
    case 'enum':
      return checkOneOf(spec.values, value, at, errors) ?? base;
  }
}

/**
 * Validates a configuration (parsed JSON, or an object built in code, or a full {@link BalanceConfig}) and merges it
 * over {@link DEFAULT_BALANCE_CONFIG}; `undefined` gives the defaults. Throws one InputError listing every
 * problem, each with its key path, what was expected and what was found.
 *
 * @example
 * const config = parseBalanceConfig({ credit: 'smaller', fields: { occupationType: 'TBLX' } });
 * config.fields.grade; // 'GDDB' (default)
 * parseBalanceConfig({ credit: 'min' });
 * // InputError: credit: expected one of "verified", "claimed", "smaller", found "min"
 */
export function parseBalanceConfig(json: unknown, file?: string): BalanceConfig {
  if (json === undefined) return DEFAULT_BALANCE_CONFIG;
  const errors: string[] = [];
  const out = mergeChecked(SPEC, json, DEFAULT_BALANCE_CONFIG, checkLeaf, errors) as BalanceConfig;
  throwProblems(errors, file);
  return deepFreeze(out);
}

/**
 * Reads a balance configuration file: UTF-8 JSON (a byte-order mark is skipped), then {@link parseBalanceConfig}.
 * A syntax error names its line and column.
 *
 * @example
 * const config = loadBalanceConfig('balance.config.json');
 */
export function loadBalanceConfig(path: string): BalanceConfig {
  return parseBalanceConfig(readConfigJson(path), path);
}
