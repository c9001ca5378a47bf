/** "1 record", "2 records": a count with its noun, for messages and report text. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
