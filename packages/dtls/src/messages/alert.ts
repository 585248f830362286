/**
 * Alert (RFC 5246 §7.2): `struct { AlertLevel level; AlertDescription description; } Alert;`
 */

/** An alert. */
export interface Alert {
  level: number;
  description: number;
}

/** Encodes an alert. */
export function encodeAlert(a: Alert): Uint8Array {
  return new Uint8Array([a.level, a.description]);
}

/** Decodes an alert; undefined unless exactly two bytes with a known level. */
export function decodeAlert(b: Uint8Array): Alert | undefined {
  if (b.length !== 2 || (b[0] !== 1 && b[0] !== 2)) return undefined;
  return { level: b[0]!, description: b[1]! };
}
