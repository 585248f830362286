/**
 * Character classes and small lexical checks shared by the SDP parsers
 * (RFC 8866 §9 ABNF, RFC 8839 §5.1 ice-char).
 */

/** RFC 8866 token = 1*(token-char); token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E. */
export const TOKEN = /^[!#-'*+\-.0-9A-Z^-~]+$/;

/** RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/". */
export const ICE_CHARS = /^[A-Za-z0-9+/]+$/;

/** 1*DIGIT. */
export const DIGITS = /^[0-9]+$/;

/** True when `s` is a non-empty token. */
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/** Parses 1*DIGIT into an integer in [min, max]; undefined otherwise. */
export function parseIntIn(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || s.length === 0 || s.length > 16 || !DIGITS.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

/** Largest uint32. */
export const UINT32_MAX = 0xffffffff;

/**
 * Splits `name:value` at the first colon. `a=name` has no value;
 * `a=name:` has the empty value.
 */
export function splitAttribute(text: string): { name: string; value?: string } {
  const i = text.indexOf(':');
  return i < 0 ? { name: text } : { name: text.slice(0, i), value: text.slice(i + 1) };
}

/** Splits on single spaces; returns undefined when there are empty fields (double/leading/trailing space). */
export function splitSpaces(s: string): string[] | undefined {
  const parts = s.split(' ');
  for (const p of parts) if (p.length === 0) return undefined;
  return parts;
}
