/**
 * STUN constants: the magic cookie, methods, classes and attribute types
 * (RFC 8489 §5, §18; RFC 8656 §18; RFC 8445 §16; RFC 8489 §18.3 registry).
 */

/** The fixed magic cookie of RFC 8489 §5. */
export const MAGIC_COOKIE = 0x2112a442;
/** STUN header length in bytes. */
export const STUN_HEADER_LENGTH = 20;

/** STUN message classes (RFC 8489 §5: the C1 C0 bits). */
export const StunClass = {
  Request: 0,
  Indication: 1,
  Success: 2,
  Error: 3,
} as const;
/** One of {@link StunClass}. */
export type StunClass = (typeof StunClass)[keyof typeof StunClass];

/** STUN/TURN methods (RFC 8489 §18.2, RFC 8656 §17). */
export const StunMethod = {
  Binding: 0x001,
  Allocate: 0x003,
  Refresh: 0x004,
  Send: 0x006,
  Data: 0x007,
  CreatePermission: 0x008,
  ChannelBind: 0x009,
} as const;

/** STUN attribute types (RFC 8489 §18.3, RFC 8656 §18, RFC 8445 §16.1, RFC 5780). */
export const Attr = {
  MappedAddress: 0x0001,
  Username: 0x0006,
  MessageIntegrity: 0x0008,
  ErrorCode: 0x0009,
  UnknownAttributes: 0x000a,
  ChannelNumber: 0x000c,
  Lifetime: 0x000d,
  XorPeerAddress: 0x0012,
  Data: 0x0013,
  Realm: 0x0014,
  Nonce: 0x0015,
  XorRelayedAddress: 0x0016,
  RequestedAddressFamily: 0x0017,
  EvenPort: 0x0018,
  RequestedTransport: 0x0019,
  DontFragment: 0x001a,
  MessageIntegritySha256: 0x001c,
  PasswordAlgorithm: 0x001d,
  Userhash: 0x001e,
  XorMappedAddress: 0x0020,
  ReservationToken: 0x0022,
  Priority: 0x0024,
  UseCandidate: 0x0025,
  AdditionalAddressFamily: 0x8000,
  AddressErrorCode: 0x8001,
  PasswordAlgorithms: 0x8002,
  AlternateDomain: 0x8003,
  Icmp: 0x8004,
  Software: 0x8022,
  AlternateServer: 0x8023,
  Fingerprint: 0x8028,
  IceControlled: 0x8029,
  IceControlling: 0x802a,
  ResponseOrigin: 0x802b,
  OtherAddress: 0x802c,
} as const;

const KNOWN = new Set<number>(Object.values(Attr));

/** True for attribute types this codec understands. */
export function isKnownAttribute(type: number): boolean {
  return KNOWN.has(type);
}

/**
 * RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required; an agent that
 * does not understand one in a request answers 420 (Unknown Attribute).
 */
export function isComprehensionRequired(type: number): boolean {
  return type < 0x8000;
}

/** Default reason phrases for the error codes ICE and TURN use. */
export const ERROR_REASONS: Readonly<Record<number, string>> = {
  300: 'Try Alternate',
  400: 'Bad Request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  420: 'Unknown Attribute',
  437: 'Allocation Mismatch',
  438: 'Stale Nonce',
  440: 'Address Family not Supported',
  441: 'Wrong Credentials',
  442: 'Unsupported Transport Protocol',
  443: 'Peer Address Family Mismatch',
  486: 'Allocation Quota Reached',
  487: 'Role Conflict',
  500: 'Server Error',
  508: 'Insufficient Capacity',
};
