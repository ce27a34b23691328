/**
 * The configuration of 耕地占补平衡 (issue 6, domain.md §7): field names of the occupation and supplement
 * layers, occupation types exempt by local rule, how supplement projects are verified and credited, and the
 * allocation order — each with a documented default, read from a JSON file a county keeps next to its data.
 * The land-class folding (水田 0101 / 水浇地 0102 / 旱地 0103 and the land-use code field DLBM) is not repeated
 * here: it is the enforcement configuration's (src/enforcement/config.ts), so that the 套合 table and the balance
 * count the same land as 耕地.
 *
 * Reading rules (as for the enforcement configuration):
 * - a partial object is merged over the defaults key by key; an array given replaces the default array;
 * - unknown keys are an error (a typo must not leave a default silently in force), except a top-level
 *   `"$schema"` string;
 * - every error names the key path, what was expected and what was found; all problems are reported at once.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { findJsonSyntaxError } from '../io/json-syntax.js';

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

type DeepPartial<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What a configuration file may hold: any part of {@link BalanceConfig} (occupationId may be one string). */
export type BalanceConfigInput = DeepPartial<Omit<BalanceConfig, 'fields'>> & {
  readonly fields?: DeepPartial<Omit<BalanceConfig['fields'], 'occupationId'>> & { readonly occupationId?: string | readonly string[] };
  readonly $schema?: string;
};

type Spec =
  | { readonly kind: 'object'; readonly keys: Readonly<Record<string, Spec>> }
  | { readonly kind: 'field' }
  | { readonly kind: 'fieldList' }
  | { readonly kind: 'strings' }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

const field: Spec = { kind: 'field' };

const SPEC: Spec = {
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

function found(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  return `${typeof v} ${String(v)}`;
}

/** Keys within two edits (or a case change) of `k`, for "did you mean". */
function near(k: string, known: readonly string[]): string | undefined {
  const d = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const t = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = t;
      }
    }
    return row[b.length];
  };
  return known.find((c) => d(k, c) <= Math.max(2, Math.floor(c.length / 4)));
}

function walk(spec: Spec, value: unknown, base: unknown, path: string, errors: string[]): unknown {
  const at = path === '' ? '(top level)' : path;
  switch (spec.kind) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        errors.push(`${at}: expected an object, found ${found(value)}`);
        return base;
      }
      const given = value as Record<string, unknown>;
      const known = Object.keys(spec.keys);
      for (const k of Object.keys(given)) {
        if (k in spec.keys) continue;
        if (path === '' && k === '$schema') {
          if (typeof given[k] !== 'string') errors.push(`$schema: expected a string (the schema's address), found ${found(given[k])}`);
          continue;
        }
        const guess = near(k, known);
        errors.push(
          `${path === '' ? '' : `${path}.`}${k}: unknown key (expected one of: ${known.join(', ')})` + (guess !== undefined ? `; did you mean "${guess}"?` : ''),
        );
      }
      const out: Record<string, unknown> = {};
      for (const k of known) {
        const b = (base as Record<string, unknown>)[k];
        out[k] = k in given && given[k] !== undefined ? walk(spec.keys[k], given[k], b, path === '' ? k : `${path}.${k}`, errors) : b;
      }
      return out;
    }
    case 'field': {
      if (typeof value !== 'string' || value.trim() === '') {
        errors.push(`${at}: expected a field name (a non-empty string), found ${found(value)}`);
        return base;
      }
      return value.trim();
    }
    case 'fieldList': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.length === 0) {
        errors.push(`${at}: expected a field name or a non-empty array of field names, found ${found(value)}`);
        return base;
      }
      const out: string[] = [];
      list.forEach((f: unknown, i) => {
        if (typeof f !== 'string' || f.trim() === '') errors.push(`${at}[${i}]: expected a field name (a non-empty string), found ${found(f)}`);
        else out.push(f.trim());
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
    case 'enum': {
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        errors.push(`${at}: expected one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}, found ${found(value)}`);
        return base;
      }
      return value;
    }
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
  const out = walk(SPEC, json, DEFAULT_BALANCE_CONFIG, '', errors) as BalanceConfig;
  if (errors.length === 1) throw new InputError(errors[0], { file });
  if (errors.length > 1) throw new InputError(`${errors.length} problems in the configuration: ${errors.join('; ')}`, { file });
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read the configuration file: ${(e as Error).message}`, { file: path });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8)', { file: path });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const where = findJsonSyntaxError(text);
    throw new InputError(
      where !== null ? `line ${where.line}, column ${where.column}: ${where.message}` : `not valid JSON: ${(e as Error).message}`,
      { file: path },
    );
  }
  return parseBalanceConfig(json, path);
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v as Record<string, unknown>)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
