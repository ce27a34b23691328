/**
 * Where a JSON text (RFC 8259) first breaks the grammar, as line and column. `JSON.parse` in Node 20 often
 * names neither ("Unexpected token '}', … is not valid JSON"), so on a parse failure the text is scanned
 * again by this small validator; it builds no values.
 */

/** The first syntax error of a JSON text. */
export interface JsonSyntaxError {
  /** Offset in UTF-16 code units. */
  readonly offset: number;
  /** 1-based line (lines end at \n). */
  readonly line: number;
  /** 1-based column, in characters (UTF-16 code units) from the line start. */
  readonly column: number;
  /** What was expected and found, e.g. `expected ',' or '}' after a member value, found ']'`. */
  readonly message: string;
}

const OBJECT = 1;
const ARRAY = 2;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Locates the first RFC 8259 syntax error of `text`, or returns null when the text is valid JSON.
 *
 * @example
 * findJsonSyntaxError('{"a": 1,\n "b": }'); // { line: 2, column: 7, message: "expected a value, found '}'", … }
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  const ws = (): void => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  const found = (): string => {
    if (i >= n) return 'the end of the text';
    const rest = text.slice(i, i + 9);
    if (/^-?(NaN|Infinity)/.test(rest)) return `${/^-?(NaN|Infinity)/.exec(rest)![0]} (not a JSON number; write null or a finite number)`;
    const c = text.codePointAt(i)!;
    return c < 0x20 ? `control character U+${c.toString(16).padStart(4, '0').toUpperCase()}` : `'${String.fromCodePoint(c)}'`;
  };
  const fail = (message: string): JsonSyntaxError => at(text, i, message);

  /** Scans a string starting at the opening quote; returns an error or null. */
  const string = (): JsonSyntaxError | null => {
    i++;
    for (;;) {
      if (i >= n) return fail('expected \'"\' to close the string, found the end of the text');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return fail(`expected '"' or a character inside the string, found ${found()} (escape it as \\n, \\t …)`);
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            return fail(`expected four hex digits after \\u, found ${found()}`);
          }
          i += 6;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          i += 2;
        } else {
          i++;
          return fail(`expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found ${found()}`);
        }
      } else i++;
    }
  };

  const number = (): JsonSyntaxError | null => {
    if (text.charCodeAt(i) === 0x2d) i++;
    if (text.charCodeAt(i) === 0x30) i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else return fail(`expected a digit, found ${found()}`);
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (!isDigit(text.charCodeAt(i))) return fail(`expected a digit after the decimal point, found ${found()}`);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const s = text.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      if (!isDigit(text.charCodeAt(i))) return fail(`expected a digit in the exponent, found ${found()}`);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return null;
  };

  // mode: 0 = a value is expected, 1 = a value just ended, 2 = a member name is expected.
  let mode = 0;
  ws();
  for (;;) {
    if (mode === 0) {
      const c = text.charCodeAt(i);
      if (c === 0x7b) {
        i++;
        ws();
        if (text.charCodeAt(i) === 0x7d) {
          i++;
          mode = 1;
        } else {
          stack.push(OBJECT);
          mode = 2;
        }
        continue;
      }
      if (c === 0x5b) {
        i++;
        ws();
        if (text.charCodeAt(i) === 0x5d) {
          i++;
          mode = 1;
        } else stack.push(ARRAY);
        continue;
      }
      let err: JsonSyntaxError | null;
      if (c === 0x22) err = string();
      else if (c === 0x2d || isDigit(c)) err = /^-(NaN|Infinity)/.test(text.slice(i, i + 9)) ? fail(`expected a value, found ${found()}`) : number();
      else if (text.startsWith('true', i)) (i += 4), (err = null);
      else if (text.startsWith('false', i)) (i += 5), (err = null);
      else if (text.startsWith('null', i)) (i += 4), (err = null);
      else err = fail(`expected a value, found ${found()}`);
      if (err) return err;
      mode = 1;
    } else if (mode === 2) {
      if (text.charCodeAt(i) !== 0x22) return fail(`expected a member name in double quotes, found ${found()}`);
      const err = string();
      if (err) return err;
      ws();
      if (text.charCodeAt(i) !== 0x3a) return fail(`expected ':' after the member name, found ${found()}`);
      i++;
      ws();
      mode = 0;
      continue;
    } else {
      ws();
      const top = stack.length > 0 ? stack[stack.length - 1] : 0;
      if (top === 0) {
        if (i < n) return fail(`expected the end of the text after the JSON value, found ${found()}`);
        return null;
      }
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        ws();
        mode = top === OBJECT ? 2 : 0;
        continue;
      }
      if ((top === OBJECT && c === 0x7d) || (top === ARRAY && c === 0x5d)) {
        i++;
        stack.pop();
        continue;
      }
      return fail(top === OBJECT ? `expected ',' or '}' after a member value, found ${found()}` : `expected ',' or ']' after an array element, found ${found()}`);
    }
    ws();
  }
}

function at(text: string, offset: number, message: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { offset, line, column: offset - lineStart + 1, message };
}
