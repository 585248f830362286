/**
 * Wire constants of DTLS 1.2 (RFC 6347) and TLS 1.2 (RFC 5246), with the
 * IANA registries they come from. Numbers only; the logic lives elsewhere.
 */

/** ContentType (RFC 5246 §6.2.1, RFC 6347 §4.1). */
export const enum ContentType {
  ChangeCipherSpec = 20,
  Alert = 21,
  Handshake = 22,
  ApplicationData = 23,
}

/** ProtocolVersion on the wire: DTLS 1.0 = {254,255}, DTLS 1.2 = {254,253} (RFC 6347 §4.1). */
export const DTLS_1_0 = 0xfeff;
/** DTLS 1.2 version number. */
export const DTLS_1_2 = 0xfefd;

/** HandshakeType (RFC 5246 §7.4, RFC 6347 §4.3.2). */
export const enum HandshakeType {
  HelloRequest = 0,
  ClientHello = 1,
  ServerHello = 2,
  HelloVerifyRequest = 3,
  Certificate = 11,
  ServerKeyExchange = 12,
  CertificateRequest = 13,
  ServerHelloDone = 14,
  CertificateVerify = 15,
  ClientKeyExchange = 16,
  Finished = 20,
}

/** ExtensionType (IANA TLS ExtensionType Values). */
export const enum ExtensionType {
  SupportedGroups = 10,
  EcPointFormats = 11,
  SignatureAlgorithms = 13,
  UseSrtp = 14,
  ExtendedMasterSecret = 23,
  /** RFC 8449 §4 (replaces max_fragment_length). */
  RecordSizeLimit = 28,
  RenegotiationInfo = 0xff01,
}

/** AlertLevel (RFC 5246 §7.2). */
export const enum AlertLevel {
  Warning = 1,
  Fatal = 2,
}

/** AlertDescription (RFC 5246 §7.2, RFC 6347). */
export const enum AlertDescription {
  CloseNotify = 0,
  UnexpectedMessage = 10,
  BadRecordMac = 20,
  RecordOverflow = 22,
  HandshakeFailure = 40,
  BadCertificate = 42,
  UnsupportedCertificate = 43,
  CertificateUnknown = 46,
  IllegalParameter = 47,
  DecodeError = 50,
  DecryptError = 51,
  ProtocolVersion = 70,
  InsufficientSecurity = 71,
  InternalError = 80,
  NoRenegotiation = 100,
  UnsupportedExtension = 110,
}

/** Names of alert descriptions, for error messages. */
export const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  100: 'no_renegotiation',
  110: 'unsupported_extension',
};

/** ClientCertificateType (RFC 5246 §7.4.4, RFC 8422 §5.5). */
export const enum ClientCertificateType {
  RsaSign = 1,
  EcdsaSign = 64,
}

/** ECCurveType named_curve (RFC 8422 §5.4). */
export const EC_CURVE_TYPE_NAMED = 3;

/** Record header length: type(1) version(2) epoch(2) sequence_number(6) length(2) (RFC 6347 §4.1). */
export const RECORD_HEADER_LENGTH = 13;
/** Handshake header length: type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) (RFC 6347 §4.2.2). */
export const HANDSHAKE_HEADER_LENGTH = 12;
/** Largest DTLSPlaintext fragment (RFC 6347 §4.1: 2^14). */
export const MAX_PLAINTEXT_LENGTH = 16384;
/** Largest DTLSCiphertext fragment (RFC 5246 §6.2.3: 2^14 + 2048). */
export const MAX_CIPHERTEXT_LENGTH = 16384 + 2048;
