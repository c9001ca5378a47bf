import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCleanups } from '../../src/project/exit-cleanup.js';

describe('runCleanups (src/project/exit-cleanup.ts)', () => {
  it('passes over a cleanup that cannot be carried out and still carries out the ones after it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-cleanup-'));
    // `cache` is a file, so a temp file "under" it was never made and cannot be removed (ENOTDIR).
    writeFileSync(join(dir, 'cache'), 'not a folder');
    const temp = join(dir, 'out.tmp');
    writeFileSync(temp, 'partial');
    expect(() => runCleanups([{ kind: 'file', path: join(dir, 'cache', '.hashes.json.1.tmp') }, { kind: 'file', path: temp }])).not.toThrow();
    expect(existsSync(temp)).toBe(false);
  });
});
