/**
 * Direction helpers for offer/answer (RFC 8829 §5.3.1, RFC 3264 §6.1).
 */
import type { Direction } from './model.js';

/** True when the direction includes sending. */
export function directionSends(d: Direction): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

/** True when the direction includes receiving. */
export function directionReceives(d: Direction): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}

/** Builds a direction from its send and receive halves. */
export function makeDirection(send: boolean, recv: boolean): Direction {
  return send ? (recv ? 'sendrecv' : 'sendonly') : recv ? 'recvonly' : 'inactive';
}

/** The direction as seen from the other side: sendonly ↔ recvonly. */
export function reverseDirection(d: Direction): Direction {
  return makeDirection(directionReceives(d), directionSends(d));
}

/** Intersection of two directions (send only if both send, receive only if both receive). */
export function intersectDirections(a: Direction, b: Direction): Direction {
  return makeDirection(directionSends(a) && directionSends(b), directionReceives(a) && directionReceives(b));
}

/**
 * The direction to put in an answer (RFC 8829 §5.3.1, RFC 3264 §6.1): send
 * only if the offerer receives and we want to send; receive only if the
 * offerer sends and we want to receive.
 */
export function answerDirection(offered: Direction, wanted: Direction): Direction {
  return intersectDirections(reverseDirection(offered), wanted);
}
