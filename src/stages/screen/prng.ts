/**
 * The project's own seeded PRNG, so an allocation is the same on every machine and Node version
 * (Math.random is unseeded and engine-specific). Algorithm: xoshiro128** 1.1 (Blackman & Vigna),
 * 32-bit state words seeded from sha256(seed string). Uniform integers use rejection sampling,
 * so there is no modulo bias. Changing anything here changes every allocation: bump PRNG_ID.
 */
import { createHash } from 'node:crypto';

export const PRNG_ID = 'xoshiro128**/sha256-seed/v1';

export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: string) {
    const digest = createHash('sha256').update(seed, 'utf8').digest();
    this.s0 = digest.readUInt32LE(0);
    this.s1 = digest.readUInt32LE(4);
    this.s2 = digest.readUInt32LE(8);
    this.s3 = digest.readUInt32LE(12);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** A generator with an explicit state (for checking against the reference implementation). */
  static fromState(state: readonly [number, number, number, number]): Prng {
    const p = new Prng('');
    [p.s0, p.s1, p.s2, p.s3] = state.map((x) => x >>> 0) as [number, number, number, number];
    return p;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform integer in [0, n), n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`Prng.int: bad bound ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n); // reject the incomplete last block
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
