/**
 * Serial number arithmetic (RFC 1982) for 16-bit and 32-bit wrapping counters:
 * RTP sequence numbers, SCTP TSNs and SSNs, SRTP indexes.
 */

/** `a < b` in 16-bit serial arithmetic. */
export function seq16Lt(a: number, b: number): boolean {
  return a !== b && ((b - a) & 0xffff) < 0x8000;
}
/** `a <= b` in 16-bit serial arithmetic. */
export function seq16Lte(a: number, b: number): boolean {
  return a === b || seq16Lt(a, b);
}
/** Signed distance from `a` to `b` in 16-bit serial arithmetic, in [-32768, 32767]. */
export function seq16Diff(a: number, b: number): number {
  const d = (b - a) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}
/** `(a + n) mod 2^16`. */
export function seq16Add(a: number, n: number): number {
  return (a + n) & 0xffff;
}

/** `a < b` in 32-bit serial arithmetic. */
export function seq32Lt(a: number, b: number): boolean {
  return a !== b && ((b - a) >>> 0) < 0x8000_0000;
}
/** `a <= b` in 32-bit serial arithmetic. */
export function seq32Lte(a: number, b: number): boolean {
  return a === b || seq32Lt(a, b);
}
/** Signed distance from `a` to `b` in 32-bit serial arithmetic. */
export function seq32Diff(a: number, b: number): number {
  const d = (b - a) >>> 0;
  return d >= 0x8000_0000 ? d - 0x1_0000_0000 : d;
}
/** `(a + n) mod 2^32`. */
export function seq32Add(a: number, n: number): number {
  return (a + n) >>> 0;
}
