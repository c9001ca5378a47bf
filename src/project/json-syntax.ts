/**
 * Where a JSON text first breaks the grammar, with line and column. JSON.parse says only "at
 * position N" in some Node versions and nothing at all in others ("Unexpected token 'x', …"), so
 * the first error is found by a small scanner of our own (iterative: nesting depth costs no stack).
 */

export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  /** e.g. `unexpected "x" (expected "," or "}")`, `the file ends too early (expected "}")`. */
  problem: string;
}

type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const EXPECTED: Record<Want, string> = {
  value: 'a value',
  'value-or-close': 'a value or "]"',
  key: 'a "quoted" property name',
  'key-or-close': 'a "quoted" property name or "}"',
  colon: '":"',
  'comma-or-close': '"," or the closing bracket',
  end: 'the end of the file',
};

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: string[] = [];
  const n = text.length;
  let i = 0;
  let want: Want = 'value';
  const fail = (at: number, problem?: string): JsonSyntaxError => {
    const found = at >= n ? 'the file ends too early' : `unexpected ${JSON.stringify(text[at])}`;
    return { offset: at, ...lineColumn(text, at), problem: problem ?? `${found} (expected ${EXPECTED[want]})` };
  };
  const afterValue = (): Want => (stack.length ? 'comma-or-close' : 'end');
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return want === 'end' ? undefined : fail(n);
    const c = text[i] as string;
    if (want === 'end') return fail(i);
    if (want === 'colon') {
      if (c !== ':') return fail(i);
      i++;
      want = 'value';
      continue;
    }
    if (want === 'comma-or-close') {
      const top = stack[stack.length - 1];
      if (c === ',') {
        i++;
        want = top === '{' ? 'key' : 'value';
        continue;
      }
      if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        stack.pop();
        i++;
        want = afterValue();
        continue;
      }
      return fail(i, `unexpected ${JSON.stringify(c)} (expected "," or "${top === '{' ? '}' : ']'}")`);
    }
    if (want === 'key' || want === 'key-or-close') {
      if (c === '}' && want === 'key-or-close') {
        stack.pop();
        i++;
        want = afterValue();
        continue;
      }
      if (c !== '"') return fail(i);
      const end = scanString(text, i);
      if (typeof end !== 'number') return fail(end.at, end.problem);
      i = end;
      want = 'colon';
      continue;
    }
    // A value (or, just after "[", the closing bracket).
    if (c === ']' && want === 'value-or-close') {
      stack.pop();
      i++;
      want = afterValue();
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      want = c === '{' ? 'key-or-close' : 'value-or-close';
      continue;
    }
    let end: number | { at: number; problem: string };
    if (c === '"') end = scanString(text, i);
    else if (c === '-' || (c >= '0' && c <= '9')) end = scanNumber(text, i);
    else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!word) return fail(i);
      end = i + word.length;
    }
    if (typeof end !== 'number') return fail(end.at, end.problem);
    i = end;
    want = afterValue();
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** End of the string starting at `start` (a '"'), or where it breaks. */
function scanString(text: string, start: number): number | { at: number; problem: string } {
  for (let j = start + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return { at: j, problem: 'a line break or control character inside a "string" (write \\n, or close the quote)' };
    if (code === 0x5c) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { at: j, problem: 'a \\u escape needs four hex digits' };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else return { at: j, problem: 'an invalid escape: write a backslash as \\\\' };
    }
  }
  return { at: text.length, problem: 'the file ends inside a "string" (a closing quote is missing)' };
}

function scanNumber(text: string, start: number): number | { at: number; problem: string } {
  let j = start;
  const digits = (): number => {
    const from = j;
    while (j < text.length && text[j]! >= '0' && text[j]! <= '9') j++;
    return j - from;
  };
  if (text[j] === '-') j++;
  if (text[j] === '0') j++;
  else if (digits() === 0) return { at: j, problem: 'a number needs digits' };
  if (text[j] === '.') {
    j++;
    if (digits() === 0) return { at: j, problem: 'a number needs digits after "."' };
  }
  if (text[j] === 'e' || text[j] === 'E') {
    j++;
    if (text[j] === '+' || text[j] === '-') j++;
    if (digits() === 0) return { at: j, problem: 'a number needs digits in its exponent' };
  }
  return j;
}

/** 1-based line and column (in characters) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
