import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileHasContent, filesHaveSameContent } from '../../src/project/same-content.js';
import { tempDir } from '../helpers/project.js';

describe('fileHasContent', () => {
  const dir = tempDir();
  const file = (name: string, bytes: Uint8Array | string): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('is false for a missing file and for a file of another size', () => {
    expect(fileHasContent(join(dir, 'missing'), Buffer.from('x'))).toBe(false);
    expect(fileHasContent(file('short', 'ab'), Buffer.from('abc'))).toBe(false);
  });

  it('compares every byte of files larger than one read piece (1 MiB)', () => {
    const big = Buffer.alloc(3 * (1 << 20) + 17, 0x61);
    const path = file('big', big);
    expect(fileHasContent(path, big)).toBe(true);
    const lastDiffers = Buffer.from(big);
    lastDiffers[lastDiffers.length - 1] = 0x62;
    expect(fileHasContent(path, lastDiffers)).toBe(false);
    const pieceEdgeDiffers = Buffer.from(big);
    pieceEdgeDiffers[1 << 20] = 0x62;
    expect(fileHasContent(path, pieceEdgeDiffers)).toBe(false);
  });

  it('handles empty files and views into a larger buffer', () => {
    expect(fileHasContent(file('empty', ''), new Uint8Array(0))).toBe(true);
    const backing = Buffer.from('xxhello worldyy');
    expect(fileHasContent(file('view', 'hello world'), backing.subarray(2, 13))).toBe(true);
    expect(fileHasContent(file('view2', 'hello worle'), backing.subarray(2, 13))).toBe(false);
  });
});

describe('filesHaveSameContent', () => {
  const dir = tempDir();
  const file = (name: string, bytes: Uint8Array | string): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  it('compares two files byte for byte, past the first 1 MiB piece', () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0x61);
    const a = file('a', big);
    expect(filesHaveSameContent(a, file('b', big))).toBe(true);
    const changed = Buffer.from(big);
    changed[changed.length - 1] = 0x62;
    expect(filesHaveSameContent(a, file('c', changed))).toBe(false);
    expect(filesHaveSameContent(a, file('d', big.subarray(1)))).toBe(false);
    expect(filesHaveSameContent(a, join(dir, 'missing'))).toBe(false);
  });
});
