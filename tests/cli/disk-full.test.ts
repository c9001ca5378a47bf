import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXPORTS, runCli, snapshot, tempDir } from '../helpers/project.js';

// The test seam: writes through node:fs fail as on a full disk to files whose path contains
// `disk.fullFor` (every output, the lock and review.json are written with openSync + writeSync).
const disk = vi.hoisted(() => ({ fullFor: undefined as string | undefined, fds: new Map<number, string>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = ((path: string, ...rest: unknown[]) => {
    const fd = (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
    disk.fds.set(fd, String(path));
    return fd;
  }) as typeof fs.openSync;
  const writeSync = ((fd: number, ...rest: unknown[]) => {
    if (disk.fullFor !== undefined && disk.fds.get(fd)?.includes(disk.fullFor)) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, openSync, writeSync }, openSync, writeSync };
});

const RIS = join(EXPORTS, 'ris/ESHackathon+CiteSource__20221207_gambling-harms_crimjust_41.ris');
const NBIB = join(EXPORTS, 'medline/mjwestgate+synthesisr__PubMed_example.txt');

async function review(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(['node', 'review', ...args]), stderr };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  disk.fullFor = undefined;
});

async function projectWithOneImport(): Promise<string> {
  const project = join(tempDir(), 'p');
  expect((await review(['init', project, '-q'])).code).toBe(0);
  expect((await review(['-C', project, '-q', 'import', RIS, '--source', 'Crimjust', '--kind', 'database'])).code).toBe(0);
  return project;
}

describe('a full disk', () => {
  it('is exit 1 naming the file and what to do, and leaves the project as it was', async () => {
    const project = await projectWithOneImport();
    const before = snapshot(project);
    disk.fullFor = 'records.jsonl';
    const r = await review(['-C', project, 'import', NBIB, '--source', 'PubMed', '--kind', 'database']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write ${join(project, 'stages', 'import', 'records.jsonl')}: the disk is full [ENOSPC`);
    expect(r.stderr).toContain('free some space');
    expect(snapshot(project)).toEqual(before);
    expect(readdirSync(project).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('when even the lock cannot be written, says so the same way', async () => {
    const project = await projectWithOneImport();
    const before = snapshot(project);
    disk.fullFor = '.review.lock';
    const r = await review(['-C', project, 'dedupe']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write ${join(project, '.review.lock')}: the disk is full [ENOSPC`);
    expect(snapshot(project)).toEqual(before);
  });
});

// Root may write anywhere, so a read-only folder refuses nothing there.
describe.skipIf(process.getuid?.() === 0)('a project folder without write permission', () => {
  it('is exit 1 naming the path, and the project is left as it was', () => {
    const project = join(tempDir(), 'p');
    expect(runCli(['init', project, '-q']).code).toBe(0);
    const before = snapshot(project);
    chmodSync(project, 0o555);
    try {
      const r = runCli(['-C', project, '--lock-wait', '0', 'import', RIS, '--source', 'Crimjust', '--kind', 'database']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('permission denied [EACCES');
      expect(r.stderr).toContain(project);
    } finally {
      chmodSync(project, 0o755);
    }
    expect(snapshot(project)).toEqual(before);
  });
});
