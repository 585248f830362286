/**
 * Wire constants: chunk types (RFC 9260 §3.2, RFC 3758, RFC 6525, RFC 8260),
 * parameter types (RFC 9260 §3.3.2, RFC 5061, RFC 6525, RFC 9653) and error
 * cause codes (RFC 9260 §3.3.10).
 */

/** Chunk type numbers. */
export const ChunkType = {
  DATA: 0,
  INIT: 1,
  INIT_ACK: 2,
  SACK: 3,
  HEARTBEAT: 4,
  HEARTBEAT_ACK: 5,
  ABORT: 6,
  SHUTDOWN: 7,
  SHUTDOWN_ACK: 8,
  ERROR: 9,
  COOKIE_ECHO: 10,
  COOKIE_ACK: 11,
  SHUTDOWN_COMPLETE: 14,
  I_DATA: 64,
  RE_CONFIG: 130,
  FORWARD_TSN: 192,
  I_FORWARD_TSN: 194,
} as const;

/** Parameter types used in INIT / INIT ACK / HEARTBEAT / RE-CONFIG. */
export const ParamType = {
  HEARTBEAT_INFO: 1,
  IPV4_ADDRESS: 5,
  IPV6_ADDRESS: 6,
  STATE_COOKIE: 7,
  UNRECOGNIZED_PARAMETER: 8,
  COOKIE_PRESERVATIVE: 9,
  HOST_NAME_ADDRESS: 11,
  SUPPORTED_ADDRESS_TYPES: 12,
  OUTGOING_SSN_RESET_REQUEST: 13,
  INCOMING_SSN_RESET_REQUEST: 14,
  SSN_TSN_RESET_REQUEST: 15,
  RECONFIG_RESPONSE: 16,
  ADD_OUTGOING_STREAMS_REQUEST: 17,
  ADD_INCOMING_STREAMS_REQUEST: 18,
  ECN_CAPABLE: 0x8000,
  /** RFC 9653 §4. */
  ZERO_CHECKSUM_ACCEPTABLE: 0x8001,
  /** RFC 5061 §4.2.7. */
  SUPPORTED_EXTENSIONS: 0x8008,
  /** RFC 3758 §3.1. */
  FORWARD_TSN_SUPPORTED: 0xc000,
} as const;

/** Error cause codes (RFC 9260 §3.3.10). */
export const ErrorCause = {
  INVALID_STREAM_IDENTIFIER: 1,
  MISSING_MANDATORY_PARAMETER: 2,
  STALE_COOKIE: 3,
  OUT_OF_RESOURCE: 4,
  UNRESOLVABLE_ADDRESS: 5,
  UNRECOGNIZED_CHUNK_TYPE: 6,
  INVALID_MANDATORY_PARAMETER: 7,
  UNRECOGNIZED_PARAMETERS: 8,
  NO_USER_DATA: 9,
  COOKIE_RECEIVED_WHILE_SHUTTING_DOWN: 10,
  RESTART_WITH_NEW_ADDRESSES: 11,
  USER_INITIATED_ABORT: 12,
  PROTOCOL_VIOLATION: 13,
} as const;

/** RE-CONFIG response results (RFC 6525 §4.4). */
export const ReconfigResult = {
  SUCCESS_NOTHING_TO_DO: 0,
  SUCCESS_PERFORMED: 1,
  DENIED: 2,
  ERROR_WRONG_SSN: 3,
  ERROR_REQUEST_IN_PROGRESS: 4,
  ERROR_BAD_SEQUENCE_NUMBER: 5,
  IN_PROGRESS: 6,
} as const;

/** Error Detection Method Identifier for "SCTP over DTLS" (RFC 9653 §4). */
export const EDMID_DTLS = 1;

/** Size of the SCTP common header (RFC 9260 §3.1). */
export const COMMON_HEADER_LENGTH = 12;
/** Size of a chunk header (type, flags, length). */
export const CHUNK_HEADER_LENGTH = 4;
/** DATA chunk header size including the chunk header (RFC 9260 §3.3.1). */
export const DATA_HEADER_LENGTH = 16;
/** I-DATA chunk header size including the chunk header (RFC 8260 §2.1). */
export const IDATA_HEADER_LENGTH = 20;

/** Rounds a length up to a multiple of 4 (chunk and parameter padding). */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}
