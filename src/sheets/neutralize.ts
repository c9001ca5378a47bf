/**
 * Formula-injection defence (OWASP "CSV injection"): a cell that starts with = + - @ TAB or CR
 * could run as a formula when a spreadsheet opens a CSV. We prefix such text with an apostrophe,
 * which spreadsheets display as text, and strip exactly that prefix again when reading our own files.
 */
const DANGEROUS = /^[=+\-@\t\r]/;

export function neutralizeCell(value: string): string {
  return DANGEROUS.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return value.length > 1 && value[0] === "'" && DANGEROUS.test(value.slice(1)) ? value.slice(1) : value;
}

/** True if a plain number/negative-number string: "-3" is data, not a formula, and stays as is. */
export function isPlainNumber(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value);
}
