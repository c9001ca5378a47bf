/**
 * BibTeX field text → plain Unicode: accents ({\"o}, \'{e}, \v s), special letters ({\aa}, \ss),
 * escaped symbols (\&, \%), dashes and ties, protective braces and math dollars dropped. Formatting
 * commands (\textit{…}) keep their argument. A single left-to-right scan; recursion only into an
 * accent's braced argument, and that is bounded, so hostile nesting cannot blow the stack.
 */

const COMBINING: ReadonlyMap<string, string> = new Map([
  ["'", '\u0301'], ['`', '\u0300'], ['^', '\u0302'], ['"', '\u0308'], ['~', '\u0303'], ['=', '\u0304'], ['.', '\u0307'],
  ['u', '\u0306'], ['v', '\u030c'], ['H', '\u030b'], ['c', '\u0327'], ['k', '\u0328'], ['r', '\u030a'], ['d', '\u0323'], ['b', '\u0331'],
]);

const LETTERS: ReadonlyMap<string, string> = new Map([
  ['aa', 'å'], ['AA', 'Å'], ['ae', 'æ'], ['AE', 'Æ'], ['oe', 'œ'], ['OE', 'Œ'], ['o', 'ø'], ['O', 'Ø'], ['ss', 'ß'], ['SS', 'SS'],
  ['l', 'ł'], ['L', 'Ł'], ['i', 'ı'], ['j', 'ȷ'], ['dh', 'ð'], ['DH', 'Ð'], ['th', 'þ'], ['TH', 'Þ'], ['dj', 'đ'], ['DJ', 'Đ'],
  ['ng', 'ŋ'], ['NG', 'Ŋ'],
  ['textquotesingle', "'"], ['textquotedbl', '"'], ['textendash', '–'], ['textemdash', '—'], ['ldots', '…'], ['dots', '…'],
  ['textbackslash', '\\'], ['S', '§'], ['P', '¶'], ['copyright', '©'], ['textcopyright', '©'], ['texttrademark', '™'],
  ['textregistered', '®'], ['pounds', '£'], ['euro', '€'], ['texteuro', '€'], ['textdegree', '°'], ['textasciitilde', '~'],
  ['textasciicircum', '^'], ['textunderscore', '_'], ['textbar', '|'], ['textless', '<'], ['textgreater', '>'],
  ['guillemotleft', '«'], ['guillemotright', '»'], ['textperiodcentered', '·'], ['quad', ' '], ['qquad', ' '],
  ['alpha', 'α'], ['beta', 'β'], ['gamma', 'γ'], ['delta', 'δ'], ['epsilon', 'ε'], ['varepsilon', 'ε'], ['zeta', 'ζ'], ['eta', 'η'],
  ['theta', 'θ'], ['kappa', 'κ'], ['lambda', 'λ'], ['mu', 'μ'], ['nu', 'ν'], ['xi', 'ξ'], ['pi', 'π'], ['rho', 'ρ'], ['sigma', 'σ'],
  ['tau', 'τ'], ['phi', 'φ'], ['varphi', 'φ'], ['chi', 'χ'], ['psi', 'ψ'], ['omega', 'ω'], ['Gamma', 'Γ'], ['Delta', 'Δ'],
  ['Theta', 'Θ'], ['Lambda', 'Λ'], ['Xi', 'Ξ'], ['Pi', 'Π'], ['Sigma', 'Σ'], ['Phi', 'Φ'], ['Psi', 'Ψ'], ['Omega', 'Ω'],
  ['pm', '±'], ['times', '×'], ['leq', '≤'], ['geq', '≥'], ['le', '≤'], ['ge', '≥'], ['neq', '≠'], ['approx', '≈'], ['sim', '∼'],
  ['infty', '∞'], ['cdot', '·'], ['circ', '°'],
]);

/** Commands that only format their argument (the argument is kept, the command dropped). */
const FORMATTING = /^(text(it|bf|sc|rm|sf|tt|up|sl|md|normal|superscript|subscript)?|emph|mathrm|mathit|mathbf|mathsf|mathtt|mathcal|mathbb|mbox|hbox|url|uppercase|lowercase|MakeUppercase|MakeLowercase|ensuremath|bibinfo|relax|protect|noopsort|nocase|NoCaseChange)$/;

const SUPERSCRIPT: ReadonlyMap<string, string> = new Map([...'0123456789+-=()n'].map((c, i) => [c, '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ'[i] as string]));
const SUBSCRIPT: ReadonlyMap<string, string> = new Map([...'0123456789+-=()'].map((c, i) => [c, '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎'[i] as string]));

const MAX_DEPTH = 32;

function isLetter(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z]/.test(c);
}

/** Index just after the group that opens at `open` ('{'), or text.length when it never closes. */
function groupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Put a combining mark on the first character; dotless ı/ȷ get their dot back first, as TeX intends. */
function accent(base: string, mark: string, command: string): string {
  // An accent with nothing to sit on (`\~{}`, `\^{}`) is the character itself.
  if (!base) return command.length === 1 ? command : '';
  const chars = [...base];
  const head = (chars[0] === 'ı' ? 'i' : chars[0] === 'ȷ' ? 'j' : chars[0]) as string;
  return `${head}${mark}`.normalize('NFC') + chars.slice(1).join('');
}

/** Read a math super/subscript argument starting at `at` (after ^ or _): a group or one character. */
function scriptArgument(text: string, at: number, depth: number): { value: string; next: number } {
  if (text[at] === '{') {
    const end = groupEnd(text, at);
    return { value: latexToUnicode(text.slice(at + 1, end - 1), depth + 1), next: end };
  }
  return { value: text[at] ?? '', next: at + 1 };
}

function toScript(value: string, table: ReadonlyMap<string, string>): string {
  const chars = [...value];
  return chars.every((c) => table.has(c)) ? chars.map((c) => table.get(c)).join('') : value;
}

export function latexToUnicode(text: string, depth = 0): string {
  if (depth > MAX_DEPTH) return text.replace(/[{}\\$]/g, '');
  let out = '';
  let math = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) { i++; continue; }
      let name: string;
      let j: number;
      if (isLetter(next)) {
        j = i + 1;
        while (isLetter(text[j])) j++;
        name = text.slice(i + 1, j);
        while (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r') j++;
      } else {
        name = next;
        j = i + 2;
      }
      const mark = COMBINING.get(name);
      if (mark && (name.length === 1 && !isLetter(name) ? true : text[j] === '{' || isLetter(text[j]) || text[j] === '\\')) {
        // Accent: its argument is a braced group, a control word like \i, or one character.
        let base: string;
        if (text[j] === '{') {
          const end = groupEnd(text, j);
          base = latexToUnicode(text.slice(j + 1, end - 1), depth + 1);
          j = end;
        } else if (text[j] === '\\' && isLetter(text[j + 1])) {
          let k = j + 1;
          while (isLetter(text[k])) k++;
          base = LETTERS.get(text.slice(j + 1, k)) ?? text.slice(j + 1, k);
          j = k;
        } else if (text[j] !== undefined && text[j] !== '}') {
          base = text[j] as string;
          j++;
        } else {
          base = '';
        }
        out += accent(base, mark, name);
      } else if (LETTERS.has(name)) {
        out += LETTERS.get(name);
      } else if (name === '\\') {
        out += ' ';
      } else if (name.length === 1 && !isLetter(name)) {
        // Escaped symbols (\& \% \$ \# \_ \{ \} \~) and control space.
        out += name === ' ' ? ' ' : name;
      } else if (FORMATTING.test(name) || text[j] === '{') {
        // The argument group (if any) follows; its braces are dropped below, its text kept.
        if (name === 'textsuperscript' || name === 'textsubscript') {
          if (text[j] === '{') {
            const arg = scriptArgument(text, j, depth);
            out += toScript(arg.value, name === 'textsuperscript' ? SUPERSCRIPT : SUBSCRIPT);
            j = arg.next;
          }
        }
      } else {
        // An unknown word command (\LaTeX): keep its name rather than lose the word.
        out += name;
        if (j > i + 1 + name.length && /\s/.test(text[i + 1 + name.length] ?? '')) out += ' ';
      }
      i = j;
      continue;
    }
    if (c === '{' || c === '}') { i++; continue; }
    if (c === '$') { math = !math; i++; continue; }
    if (math && (c === '^' || c === '_')) {
      const arg = scriptArgument(text, i + 1, depth);
      out += toScript(arg.value, c === '^' ? SUPERSCRIPT : SUBSCRIPT);
      i = arg.next;
      continue;
    }
    if (c === '~') { out += '\u00a0'; i++; continue; }
    if (c === '-' && text[i + 1] === '-') {
      if (text[i + 2] === '-') { out += '—'; i += 3; } else { out += '–'; i += 2; }
      continue;
    }
    if (c === '`' && text[i + 1] === '`') { out += '“'; i += 2; continue; }
    if (c === "'" && text[i + 1] === "'") { out += '”'; i += 2; continue; }
    out += c;
    i++;
  }
  return out.normalize('NFC');
}

/** For URLs and DOIs: only backslash escapes are undone (a `~` in a URL is a tilde, not a space). */
export function unescapeLatexVerbatim(text: string): string {
  return text.replace(/\\([_%&#$~{}])/g, '$1').replace(/[{}]/g, '');
}

const HTML_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0'],
]);

/** WoS writes `&apos;` and `\&lt;` into BibTeX: decode the few HTML entities that appear. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return HTML_ENTITIES.get(ref) ?? whole;
  });
}
