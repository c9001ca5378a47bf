import { describe, expect, it } from 'vitest';
import { userErrorFromSystemError } from '../../src/project/fs-errors.js';

function systemError(code: string, syscall: string, path?: string, dest?: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: failed, ${syscall}`) as NodeJS.ErrnoException & { dest?: string };
  Object.assign(error, { code, syscall, ...(path ? { path } : {}), ...(dest ? { dest } : {}) });
  return error;
}

describe('userErrorFromSystemError', () => {
  it.each([
    ['ENOSPC', 'the disk is full'],
    ['EDQUOT', 'quota'],
    ['EROFS', 'read-only'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'not permitted'],
  ])('%s is the user’s to fix: exit 1, naming the file and what to do', (code, what) => {
    const e = userErrorFromSystemError(systemError(code, 'open', '/p/stages/import/report.json'));
    expect(e?.exitCode).toBe(1);
    expect(e?.message).toContain('/p/stages/import/report.json');
    expect(e?.message).toContain(what);
    expect(e?.message).toContain(code);
    expect(e?.details.join('\n')).toMatch(/run the command again/);
  });

  it('names the output a temp file stands for, and the destination of a copy', () => {
    expect(userErrorFromSystemError(systemError('ENOSPC', 'write', '/p/stages/import/.records.jsonl.4242.staged'))?.message).toContain('cannot write /p/stages/import/records.jsonl:');
    expect(userErrorFromSystemError(systemError('ENOSPC', 'open', '/p/.review.json.4242.1765000000000.tmp'))?.message).toContain('cannot open /p/review.json:');
    expect(userErrorFromSystemError(systemError('ENOSPC', 'copyfile', '/home/me/big.ris', '/p/exports/PubMed/.big.ris.4242.staged'))?.message).toContain('/p/exports/PubMed/big.ris');
  });

  it('leaves other errors to be reported as bugs', () => {
    expect(userErrorFromSystemError(systemError('EBADF', 'write'))).toBeUndefined();
    expect(userErrorFromSystemError(new TypeError('x is undefined'))).toBeUndefined();
    expect(userErrorFromSystemError('ENOSPC')).toBeUndefined();
  });
});
