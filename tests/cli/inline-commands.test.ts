import { describe, expect, it } from 'vitest';
import { runsInline } from '../../src/cli/supervisor.js';

const argv = (...args: string[]): string[] => ['node', 'review', ...args];

describe('which commands skip the worker thread', () => {
  it('status, formats, help and bare --version/--help run inline', () => {
    expect(runsInline(argv('status'))).toBe(true);
    expect(runsInline(argv('-C', 'my-review', '--json', 'status'))).toBe(true);
    expect(runsInline(argv('--project', 'import', 'status'))).toBe(true);
    expect(runsInline(argv('formats'))).toBe(true);
    expect(runsInline(argv('help', 'import'))).toBe(true);
    expect(runsInline(argv('--version'))).toBe(true);
    expect(runsInline(argv())).toBe(true);
  });

  it('every command that writes, or an unclear command line, runs supervised', () => {
    expect(runsInline(argv('import', 'a.ris', '--source', 'status'))).toBe(false);
    expect(runsInline(argv('-C', 'status', 'import'))).toBe(false);
    expect(runsInline(argv('--lock-wait', '5', 'run'))).toBe(false);
    expect(runsInline(argv('dedupe'))).toBe(false);
    expect(runsInline(argv('--', 'status'))).toBe(false);
  });
});
