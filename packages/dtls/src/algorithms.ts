/**
 * Code points for key exchange groups (RFC 8422 §5.1.1, RFC 7748) and
 * signature algorithms (RFC 5246 §7.4.1.4.1 SignatureAndHashAlgorithm, with
 * the TLS 1.3 SignatureScheme values RFC 8446 §4.2.3 made common, e.g. PSS).
 */
import type { NamedGroup, SignatureScheme } from '@purertc/common';

const GROUPS: [NamedGroup, number][] = [
  ['x25519', 29],
  ['p-256', 23],
  ['p-384', 24],
];

/** Default supported_groups order. */
export const DEFAULT_GROUPS: readonly NamedGroup[] = ['x25519', 'p-256', 'p-384'];

/** A named group's code point. */
export function groupId(g: NamedGroup): number {
  return GROUPS.find(([n]) => n === g)![1];
}

/** A group by code point, if supported. */
export function groupById(id: number): NamedGroup | undefined {
  return GROUPS.find(([, v]) => v === id)?.[0];
}

const SCHEMES: [SignatureScheme, number][] = [
  ['ecdsa_secp256r1_sha256', 0x0403],
  ['ecdsa_secp384r1_sha384', 0x0503],
  ['rsa_pss_rsae_sha256', 0x0804],
  ['rsa_pkcs1_sha256', 0x0401],
  ['rsa_pkcs1_sha384', 0x0501],
];

/** The signature algorithms we offer and accept, in preference order. */
export const DEFAULT_SIGNATURE_SCHEMES: readonly SignatureScheme[] = [
  'ecdsa_secp256r1_sha256',
  'rsa_pss_rsae_sha256',
  'rsa_pkcs1_sha256',
  'ecdsa_secp384r1_sha384',
  'rsa_pkcs1_sha384',
];

/** A signature scheme's code point. */
export function signatureSchemeId(s: SignatureScheme): number {
  const e = SCHEMES.find(([n]) => n === s);
  if (!e) throw new RangeError(`unsupported signature scheme ${s}`);
  return e[1];
}

/** A signature scheme by code point, if supported. */
export function signatureSchemeById(id: number): SignatureScheme | undefined {
  return SCHEMES.find(([, v]) => v === id)?.[0];
}

/** The key type a scheme needs. */
export function schemeKeyType(s: SignatureScheme): 'ec' | 'rsa' | 'ed25519' {
  return s.startsWith('ecdsa') ? 'ec' : s.startsWith('rsa') ? 'rsa' : 'ed25519';
}
