import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/project.js';

// The supervisor (built, in dist/) with a stand-in command: a worker that makes a temp file, then
// commits for 1.5 s on the CPU, then spins for ever. The signal comes in the middle of the commit.
const dist = (rel: string): string => pathToFileURL(join(REPO, 'dist', 'src', rel)).href;

describe('the supervisor', () => {
  it('lets a commit in progress finish, then stops the busy worker and removes its temp files', async () => {
    const dir = tempDir();
    const worker = join(dir, 'worker.mjs');
    writeFileSync(worker, `
import { writeFileSync } from 'node:fs';
import { cleanUpOnExit, whileCommitting } from '${dist('project/exit-cleanup.js')}';
const dir = ${JSON.stringify(dir)};
const spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
cleanUpOnExit({ kind: 'file', path: dir + '/.out.tmp' });
writeFileSync(dir + '/.out.tmp', 'partial');
whileCommitting(() => { writeFileSync(dir + '/committing', ''); spin(1500); writeFileSync(dir + '/committed', ''); });
for (;;) spin(1000);
`);
    const driver = `import(${JSON.stringify(dist('cli/supervisor.js'))}).then((m) => m.runSupervised(process.argv, new URL(${JSON.stringify(pathToFileURL(worker).href)}))).then((c) => { process.exitCode = c; });`;
    writeFileSync(join(dir, 'driver.mjs'), driver);
    const child = spawn(process.execPath, [join(dir, 'driver.mjs')], { stdio: 'ignore' });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 400 && !existsSync(join(dir, 'committing')); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(join(dir, 'committing'))).toBe(true);
    const sent = Date.now();
    child.kill('SIGTERM');
    expect(await exit).toBe(143);
    expect(existsSync(join(dir, 'committed'))).toBe(true);
    expect(existsSync(join(dir, '.out.tmp'))).toBe(false);
    // Waited for the commit, not for the endless work after it.
    expect(Date.now() - sent).toBeLessThan(5000);
  }, 30_000);
});
