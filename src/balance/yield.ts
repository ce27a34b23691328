/**
 * The standard-yield table of 粮食产能 (domain.md §7): kg of grain per 亩 by quality grade, so that the capacity
 * of land = area × standard yield of its grade. The table is a local rule — each province publishes its own —
 * so it is always read from a file the user names, and every output states which (YieldTable.source).
 *
 * File format: CSV `grade,kg_per_mu` (UTF-8 with or without BOM, or GBK), one row per grade. Lines starting
 * with `#` are comments; the first comment is kept in `source` so that a table's title ("示例表，非官方") travels
 * with every figure computed from it. The header may also name the columns 等别 / 等级 (the scale, then) and
 * 公斤每亩 / 标准产量.
 *
 * Rules, each a clear InputError naming the file and line:
 * - grades are whole numbers; 等别 (耕地质量等别) run 1–15, 等级 (耕地质量等级, GB/T 33469-2016) 1–10, 1 best;
 * - kg_per_mu is a positive number (a grade that yields nothing has no place in a yield table);
 * - each grade once; no gaps: the grades listed must run without a hole from the smallest to the largest (a
 *   province's table may cover only the grades found in it, e.g. 5–12, but a hole inside is a lost row, and a
 *   parcel of the missing grade would stop the work later, far from the cause) — the error names the missing grades;
 * - the yield does not increase with the grade number (grade 1 is the best land); option `checkOrder: false`
 *   turns this check off for a table that really is otherwise.
 * Scale: the option `scale` wins; else a header 等别 / 等级; else grades above 10 mean 等别, and exactly the
 * grades 1–10 mean 等级 (a complete 等级 table); any other range within 1–10 fits both scales and is an error
 * asking for the scale, since guessing would put the wrong name on every row of the output.
 */
import { toMu } from '../area/units.js';
import { InputError } from '../errors.js';
import type { YieldTable } from './types.js';
import { columnIndex, decodeTable, parseCsvText, readTableBytes } from '../io/csv-read.js';

export type GradeScale = YieldTable['scale'];

/** Highest grade of each scale (1 is always the best). */
export const SCALE_MAX: Readonly<Record<GradeScale, number>> = { 等别: 15, 等级: 10 };

export interface YieldTableOptions {
  /** `'等别'` (1–15) or `'等级'` (1–10); default: detected (module comment). */
  readonly scale?: GradeScale;
  /** Refuse a table whose yield increases with the grade number (default true). */
  readonly checkOrder?: boolean;
}

const GRADE_HEADERS = ['grade', '等别', '等级', '质量等别', '质量等级', '耕地等别', '耕地质量等别', '耕地质量等级'];
const YIELD_HEADERS = ['kg_per_mu', '公斤每亩', '公斤/亩', '标准产量', '标准粮食产量'];
const HEADER = 'grade,kg_per_mu';

/**
 * Reads a yield table file (format and rules in the module comment). `source` of the result is the path, followed
 * by the file's first comment when it has one.
 *
 * @example
 * const table = readYieldTable('fixtures/sample/yield-table.csv');
 * table.scale;            // '等别'
 * table.kgPerMu.get(1);   // 1100
 */
export function readYieldTable(path: string, options: YieldTableOptions = {}): YieldTable {
  return parseYieldTable(readTableBytes(path), path, options);
}

/**
 * {@link readYieldTable} on bytes or text; `source` names the table in messages and in the result.
 *
 * @example
 * const t = parseYieldTable('grade,kg_per_mu\n1,900\n2,850\n', 'my-table.csv', { scale: '等别' });
 * t.kgPerMu.get(2); // 850
 */
export function parseYieldTable(input: string | Uint8Array, source: string, options: YieldTableOptions = {}): YieldTable {
  const file = source;
  const csv = parseCsvText(decodeTable(input, { file }).text, file, { comments: true, expectedHeader: HEADER });
  const gradeCol = columnIndex(csv.header, GRADE_HEADERS);
  const yieldCol = columnIndex(csv.header, YIELD_HEADERS);
  if (gradeCol < 0 || yieldCol < 0) {
    throw new InputError(
      `line ${csv.headerLine}: expected the header ${HEADER} (or 等别/等级 and 公斤每亩), found ${JSON.stringify(csv.header.join(','))}`,
      { file },
    );
  }
  const headerScale = /等别/.test(csv.header[gradeCol]) ? '等别' : /等级/.test(csv.header[gradeCol]) ? '等级' : null;
  if (csv.records.length === 0) throw new InputError('expected at least one grade row after the header, found none', { file });

  const kg = new Map<number, number>();
  const lineOf = new Map<number, number>();
  for (const rec of csv.records) {
    const extra = rec.cells.filter((c, k) => k !== gradeCol && k !== yieldCol && c.trim() !== '');
    if (rec.cells.length < 2 || (extra.length > 0 && csv.header.length === 2)) {
      throw new InputError(`line ${rec.line}: expected 2 cells (${HEADER}), found ${rec.cells.length}: ${JSON.stringify(rec.cells.join(','))}`, {
        file,
      });
    }
    const gText = (rec.cells[gradeCol] ?? '').trim();
    const yText = (rec.cells[yieldCol] ?? '').trim();
    if (!/^\d+$/.test(gText) || Number(gText) < 1) {
      throw new InputError(`line ${rec.line}: expected a whole-number grade ≥ 1, found ${JSON.stringify(gText)}`, { file });
    }
    const grade = Number(gText);
    if (grade > SCALE_MAX.等别) {
      throw new InputError(`line ${rec.line}: grade ${grade} is outside every scale (等别 1–15, 等级 1–10)`, { file });
    }
    const y = yText === '' ? NaN : Number(yText);
    if (!Number.isFinite(y) || y <= 0) {
      throw new InputError(`line ${rec.line} (grade ${grade}): expected kg_per_mu as a positive number, found ${JSON.stringify(yText)}`, { file });
    }
    const earlier = lineOf.get(grade);
    if (earlier !== undefined) throw new InputError(`grade ${grade} appears twice, on lines ${earlier} and ${rec.line}`, { file });
    lineOf.set(grade, rec.line);
    kg.set(grade, y);
  }

  const grades = [...kg.keys()].sort((a, b) => a - b);
  const min = grades[0];
  const max = grades[grades.length - 1];
  const missing: number[] = [];
  for (let g = min; g <= max; g++) if (!kg.has(g)) missing.push(g);
  if (missing.length > 0) {
    throw new InputError(
      `expected every grade from ${min} to ${max} without gaps, found none for grade${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      { file },
    );
  }

  let scale: GradeScale;
  if (options.scale !== undefined) {
    if (options.scale !== '等别' && options.scale !== '等级') {
      throw new InputError(`option scale: expected '等别' or '等级', found ${JSON.stringify(options.scale)}`, { file });
    }
    scale = options.scale;
  } else if (headerScale !== null) scale = headerScale;
  else if (max > SCALE_MAX.等级) scale = '等别';
  else if (min === 1 && max === SCALE_MAX.等级) scale = '等级';
  else {
    throw new InputError(
      `grades ${min}–${max} fit both 等别 (1–15) and 等级 (1–10); say which: name the first column 等别 or 等级, or give the scale option`,
      { file },
    );
  }
  if (max > SCALE_MAX[scale]) {
    throw new InputError(`line ${lineOf.get(max)}: grade ${max} is outside ${scale} 1–${SCALE_MAX[scale]}`, { file });
  }

  if (options.checkOrder !== false) {
    for (let g = min + 1; g <= max; g++) {
      if (kg.get(g)! > kg.get(g - 1)!) {
        throw new InputError(
          `line ${lineOf.get(g)}: expected kg_per_mu not to increase with the grade number (grade 1 is the best land), ` +
            `found grade ${g} → ${kg.get(g)} above grade ${g - 1} → ${kg.get(g - 1)}`,
          { file },
        );
      }
    }
  }

  const title = csv.comments.find((c) => c !== '');
  const sorted = new Map(grades.map((g) => [g, kg.get(g)!] as const));
  return Object.freeze({ source: title === undefined ? source : `${source} (${title})`, scale, kgPerMu: sorted });
}

/** "等别 1–15 in table.csv", for messages. */
function describe(table: YieldTable): string {
  const grades = [...table.kgPerMu.keys()];
  const lo = Math.min(...grades);
  const hi = Math.max(...grades);
  return `${table.scale} ${lo === hi ? lo : `${lo}–${hi}`} in the yield table ${table.source}`;
}

/**
 * The standard yield of a grade, kg/亩; an InputError for a grade the table does not list or a missing grade.
 *
 * @example
 * yieldOf(3, table); // 1000
 */
export function yieldOf(grade: number | null, table: YieldTable): number {
  if (grade === null) {
    throw new InputError(`no quality grade given: 粮食产能 needs a grade of the ${describe(table)}`);
  }
  const y = table.kgPerMu.get(grade);
  if (y === undefined) throw new InputError(`grade ${grade} is not among the ${describe(table)}`);
  return y;
}

/**
 * 粮食产能 of `areaM2` square metres of land of `grade`, kg: 亩 (exact decimal conversion, src/area/units.ts)
 * × the grade's standard yield. Same errors as {@link yieldOf}.
 *
 * @example
 * capacityOf(2000, 1, table); // 3 亩 × 1100 kg/亩 = 3300
 */
export function capacityOf(areaM2: number, grade: number | null, table: YieldTable): number {
  return toMu(areaM2) * yieldOf(grade, table);
}

/** The highest and the lowest standard yield of the table (kg/亩): the best and the worst grade. *
 * @example
 * yieldBounds(table); // { best: 1100, worst: 400 }
 */
export function yieldBounds(table: YieldTable): { best: number; worst: number } {
  const ys = [...table.kgPerMu.values()];
  return { best: Math.max(...ys), worst: Math.min(...ys) };
}
