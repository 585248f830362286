/**
 * The injected environment every sans-IO core takes. Cores never read a clock,
 * call Math.random, open sockets or import `node:*`: time comes in as the
 * `now` argument (monotonic milliseconds), and everything else through
 * {@link Components}.
 */
import type { CryptoProvider } from './crypto.js';

/** Monotonic time in milliseconds, as passed to `handle(now, …)` / `handleTimeout(now)`. */
export type Millis = number;

/** Fills `dst` with random bytes (cryptographically strong outside tests). */
export type RandomSource = (dst: Uint8Array) => void;

/** A network address as the cores see it. */
export interface Address {
  address: string;
  port: number;
  family?: 'IPv4' | 'IPv6';
  protocol?: 'udp' | 'tcp';
}

/** A datagram a core wants sent. `data` is owned by the receiver once polled. */
export interface Transmit {
  to?: Address;
  from?: Address;
  data: Uint8Array;
}

/** Minimal structured logger; every method is optional to implement via {@link silentLogger}. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
};

/** What a core is constructed with. */
export interface Components {
  crypto: CryptoProvider;
  random: RandomSource;
  log?: Logger;
}

/**
 * A deterministic random source for tests and simulations (xoshiro128** over
 * a 32-bit seed). Never use it for keys outside tests.
 */
export function seededRandom(seed: number): RandomSource {
  let s0 = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let s1 = (seed * 0x85ebca6b) >>> 0 || 2;
  let s2 = 0xc2b2ae35;
  let s3 = 0x27d4eb2f;
  const next = (): number => {
    // xoshiro128** step
    const result = (Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  for (let i = 0; i < 8; i++) next();
  return (dst: Uint8Array) => {
    for (let i = 0; i < dst.length; i += 4) {
      const r = next();
      dst[i] = r & 0xff;
      if (i + 1 < dst.length) dst[i + 1] = (r >>> 8) & 0xff;
      if (i + 2 < dst.length) dst[i + 2] = (r >>> 16) & 0xff;
      if (i + 3 < dst.length) dst[i + 3] = r >>> 24;
    }
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A random unsigned 32-bit integer from a {@link RandomSource}. */
export function randomUint32(random: RandomSource): number {
  const b = new Uint8Array(4);
  random(b);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/**
 * A deterministic source of floats in [0, 1) (mulberry32 over a 32-bit seed),
 * for simulations and test data: loss and delay draws, shuffles. Never for
 * keys.
 */
export function seededFloats(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
