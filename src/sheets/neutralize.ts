/**
 * Formula-injection defence (OWASP "CSV injection") for CSV files that people open in a spreadsheet.
 * A cell a spreadsheet would evaluate gets an apostrophe in front, which spreadsheets show as text,
 * and reading our own files strips exactly that apostrophe again.
 *
 * What a spreadsheet evaluates (Excel, LibreOffice, Google Sheets on opening a CSV):
 * - anything starting with "=", TAB or CR (TAB/CR: Excel drops them and may then see a formula);
 * - a cell starting with "+", "-" or "@" only when the whole cell parses as a formula: a number or
 *   cell-reference expression (`-2+3`, `+A1`, `-A1:B2*2`, `+"a"&"b"`), or anything with a function
 *   call (`@SUM(A1)`, `+HYPERLINK(…)`) or a DDE link (`-cmd|' /C calc'!A0`). Prose such as
 *   `-omics approaches`, `+/- 5 years`, `@home care` or `-5 years later` does not parse (a bare word is
 *   no operand: a CSV defines no names), so the spreadsheet keeps it as text and so do we.
 * - plain numbers ("-3", "2.5") are data, not formulas, and stay as they are.
 *
 * The parser is a single left-to-right pass without backtracking (linear in the cell's length); its
 * nesting depth is bounded, and a cell nested deeper than that is treated as a formula.
 *
 * xlsx outputs need none of this: their strings are written as text cells, never as formulas.
 * Files meant for another tool's import (the Rayyan CSV and RIS) are never neutralised: that tool
 * reads values, it evaluates nothing, and an apostrophe would become part of the title there.
 */

/** An apostrophe that we (or an earlier version, which prefixed every = + - @ TAB CR) put in front. */
const OUR_APOSTROPHE = /^'[=+\-@\t\r']/;

/** The text to write for `value` in a CSV meant for a spreadsheet. */
export function neutralizeCell(value: string): string {
  // Most cells start with none of = + - @ TAB CR ': nothing to look at (a million-row table has millions).
  const first = value.charCodeAt(0);
  if (first !== EQUALS && first !== TAB && first !== CR && first !== PLUS && first !== MINUS && first !== AT && first !== APOSTROPHE) return value;
  // A value that already starts like our prefix gets one more, so reading gives it back unchanged.
  return evaluatesAsFormula(value) || OUR_APOSTROPHE.test(value) ? `'${value}` : value;
}

/** The value neutralizeCell was given, from a cell of a CSV we wrote (or a spreadsheet re-saved). */
export function restoreCell(value: string): string {
  return OUR_APOSTROPHE.test(value) ? value.slice(1) : value;
}

/** True if a plain number/negative-number string: "-3" is data, not a formula, and stays as is. */
function isPlainNumber(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value);
}

/** Would a spreadsheet opening a CSV evaluate this cell as a formula? (See the rules above.) */
export function evaluatesAsFormula(value: string): boolean {
  const first = value.charCodeAt(0);
  if (first === EQUALS || first === TAB || first === CR) return true;
  if (first !== PLUS && first !== MINUS && first !== AT) return false;
  if (isPlainNumber(value)) return false;
  if (value.includes('|')) return true; // DDE: `-cmd|' /C calc'!A0`
  const parser = new FormulaParser(value);
  const parsed = parser.expression(0);
  if (parser.calls) return true;
  parser.spaces();
  return parsed && parser.at === value.length && parser.operands > 0;
}

const TAB = 9;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const DOLLAR = 36;
const PERCENT = 37;
const APOSTROPHE = 39;
const OPEN = 40;
const CLOSE = 41;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const EQUALS = 61;
const AT = 64;
const BANG = 33;
const UNDERSCORE = 95;
/** Deeper parentheses than this are not prose: the cell counts as a formula. */
const MAX_DEPTH = 64;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0x80;
const isNameChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === UNDERSCORE || c === DOT || c === DOLLAR;
const CELL_REFERENCE = /^\$?[A-Za-z]{1,3}\$?\d{1,7}$/;

/**
 * Recognises the formula grammar spreadsheets share, enough to tell formulas from prose:
 *   expression := unary (binary-operator unary)*
 *   unary      := ("+" | "-" | "@")* operand "%"*
 *   operand    := number | "string" | cell-reference | sheet!reference | name "(" … | "(" expression ")" | name
 * Each step looks at the next character only. `calls` is set by a function call (whatever follows it:
 * the spreadsheet runs it), `operands` counts what evaluates to a value (a bare name does not).
 */
class FormulaParser {
  at = 0;
  calls = false;
  operands = 0;

  constructor(private readonly text: string) {}

  spaces(): void {
    while (this.at < this.text.length && (this.code() === SPACE || this.code() === TAB)) this.at++;
  }

  expression(depth: number): boolean {
    if (!this.unary(depth)) return false;
    for (;;) {
      this.spaces();
      if (!this.binaryOperator()) return true;
      if (!this.unary(depth)) return false;
    }
  }

  private code(offset = 0): number {
    return this.text.charCodeAt(this.at + offset);
  }

  private unary(depth: number): boolean {
    this.spaces();
    while (this.code() === PLUS || this.code() === MINUS || this.code() === AT) {
      this.at++;
      this.spaces();
    }
    if (!this.operand(depth)) return false;
    while (this.code() === PERCENT) this.at++;
    return true;
  }

  /** + - * / ^ & = <> < > <= >= : */
  private binaryOperator(): boolean {
    const c = this.text[this.at];
    if (c === undefined || !'+-*/^&=<>:'.includes(c)) return false;
    this.at++;
    if ((c === '<' && (this.text[this.at] === '>' || this.text[this.at] === '=')) || (c === '>' && this.text[this.at] === '=')) this.at++;
    return true;
  }

  private operand(depth: number): boolean {
    const c = this.code();
    if (isDigit(c) || (c === DOT && isDigit(this.code(1)))) return this.number();
    if (c === QUOTE) return this.string();
    if (c === APOSTROPHE) return this.quotedSheetReference();
    if (c === OPEN) {
      if (depth >= MAX_DEPTH) {
        this.calls = true;
        return false;
      }
      this.at++;
      if (!this.expression(depth + 1)) return false;
      this.spaces();
      if (this.code() !== CLOSE) return false;
      this.at++;
      this.operands++;
      return true;
    }
    if (isLetter(c) || c === UNDERSCORE || c === DOLLAR) return this.nameOrReference();
    return false;
  }

  private number(): boolean {
    while (isDigit(this.code())) this.at++;
    if (this.code() === DOT) {
      this.at++;
      while (isDigit(this.code())) this.at++;
    }
    if ((this.code() === 69 || this.code() === 101) && (isDigit(this.code(1)) || ((this.code(1) === PLUS || this.code(1) === MINUS) && isDigit(this.code(2))))) {
      this.at += 2;
      while (isDigit(this.code())) this.at++;
    }
    this.operands++;
    return true;
  }

  /** Past a run quoted by `quote` (a doubled quote inside stands for one); false if it never closes. */
  private skipQuoted(quote: number): boolean {
    this.at++;
    for (;;) {
      const end = this.text.indexOf(String.fromCharCode(quote), this.at);
      if (end < 0) return false;
      this.at = end + 1;
      if (this.code() !== quote) return true;
      this.at++;
    }
  }

  private string(): boolean {
    if (!this.skipQuoted(QUOTE)) return false;
    this.operands++;
    return true;
  }

  /** 'Sheet name'!A1 */
  private quotedSheetReference(): boolean {
    if (!this.skipQuoted(APOSTROPHE) || this.code() !== BANG) return false;
    this.at++;
    return this.reference();
  }

  private nameOrReference(): boolean {
    const start = this.at;
    while (this.at < this.text.length && isNameChar(this.code())) this.at++;
    const name = this.text.slice(start, this.at);
    if (this.code() === BANG) {
      this.at++;
      return this.reference();
    }
    const afterName = this.at;
    this.spaces();
    if (this.code() === OPEN) {
      this.calls = true;
      return true;
    }
    this.at = afterName;
    if (CELL_REFERENCE.test(name)) this.operands++;
    return true;
  }

  /** The cell or range after "Sheet!": any name; a reference to another sheet is a formula. */
  private reference(): boolean {
    const start = this.at;
    while (this.at < this.text.length && (isNameChar(this.code()) || this.code() === COLON)) this.at++;
    if (this.at === start) return false;
    this.operands++;
    return true;
  }
}
