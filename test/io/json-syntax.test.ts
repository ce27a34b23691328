/**
 * The JSON syntax-error locator: it must call exactly the texts JSON.parse rejects invalid (V8's parser is
 * the oracle, on texts corrupted at random), and put the error where a person would look for it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/io/json-syntax.js';

const parses = (t: string): boolean => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonSyntaxError', () => {
  it('agrees with JSON.parse on valid and randomly corrupted texts', () => {
    const corrupt = fc.record({
      value: fc.jsonValue({ maxDepth: 4 }),
      pretty: fc.boolean(),
      edits: fc.array(fc.record({ at: fc.nat(), op: fc.constantFrom('delete', 'insert'), ch: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'x', '1', '-', '.', 'e', ' ', '\n', '\u0001') }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(corrupt, ({ value, pretty, edits }) => {
        let text = JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null';
        for (const e of edits) {
          const at = text.length === 0 ? 0 : e.at % (text.length + 1);
          text = e.op === 'delete' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.ch + text.slice(at);
        }
        const err = findJsonSyntaxError(text);
        expect(err === null, JSON.stringify(text)).toBe(parses(text));
        if (err !== null) expect(err.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('gives line and column (1-based) of hand-made errors', () => {
    expect(findJsonSyntaxError('{"a": 1,\n "b": }')).toEqual({ offset: 15, line: 2, column: 7, message: "expected a value, found '}'" });
    expect(findJsonSyntaxError('[1, 2\n, 3,]')).toMatchObject({ line: 2, column: 5, message: "expected a value, found ']'" });
    expect(findJsonSyntaxError('{"a": [1, 2}')).toMatchObject({ line: 1, column: 12, message: "expected ',' or ']' after an array element, found '}'" });
    expect(findJsonSyntaxError('{"a" 1}')).toMatchObject({ column: 6, message: "expected ':' after the member name, found '1'" });
    expect(findJsonSyntaxError("{'a': 1}")).toMatchObject({ column: 2, message: "expected a member name in double quotes, found '''" });
    expect(findJsonSyntaxError('{"x": [-Infinity]}')).toMatchObject({ column: 8, message: 'expected a value, found -Infinity (not a JSON number; write null or a finite number)' });
    expect(findJsonSyntaxError('{"s": "a\tb"}')).toMatchObject({ column: 9, message: `expected '"' or a character inside the string, found control character U+0009 (escape it as \\n, \\t …)` });
    expect(findJsonSyntaxError('1.')).toMatchObject({ column: 3, message: 'expected a digit after the decimal point, found the end of the text' });
    expect(findJsonSyntaxError('{} x')).toMatchObject({ column: 4, message: "expected the end of the text after the JSON value, found 'x'" });
    expect(findJsonSyntaxError('')).toMatchObject({ line: 1, column: 1, message: 'expected a value, found the end of the text' });
    expect(findJsonSyntaxError('{"a": "\\q"}')).toMatchObject({ column: 9, message: 'expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found \'q\'' });
    expect(findJsonSyntaxError('{"type": "FeatureCollection", "features": []}')).toBeNull();
  });
});
