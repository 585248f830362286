/**
 * Hello extensions (RFC 5246 §7.4.1.4):
 *
 *   struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
 *   Extension extensions<0..2^16-1>;
 *
 * and the bodies of the ones DTLS-SRTP in WebRTC uses:
 * - supported_groups (RFC 8422 §5.1.1): NamedCurve named_curve_list<2..2^16-1>
 * - ec_point_formats (RFC 8422 §5.1.2): ECPointFormat ec_point_format_list<1..2^8-1>
 * - signature_algorithms (RFC 5246 §7.4.1.4.1): supported_signature_algorithms<2..2^16-2>
 * - use_srtp (RFC 5764 §4.1.1): SRTPProtectionProfiles<2..2^16-1>; opaque srtp_mki<0..255>
 * - extended_master_secret (RFC 7627 §5.1): empty
 * - renegotiation_info (RFC 5746 §3.2): opaque renegotiated_connection<0..255>
 * - record_size_limit (RFC 8449 §4): uint16 RecordSizeLimit (record-size-limit.ts)
 */
import { ByteReader, ByteWriter, concatBytes } from '@purertc/common';
import { ExtensionType } from '../constants.js';
import { decodeRecordSizeLimit, encodeRecordSizeLimit } from './record-size-limit.js';

/** The extensions we understand; others are listed by type only. */
export interface HelloExtensions {
  supportedGroups?: number[];
  ecPointFormats?: number[];
  signatureAlgorithms?: number[];
  useSrtp?: { profiles: number[]; mki: Uint8Array };
  extendedMasterSecret?: boolean;
  renegotiationInfo?: Uint8Array;
  /** record_size_limit (RFC 8449): the largest protected-record plaintext the sender accepts (value unchecked). */
  recordSizeLimit?: number;
  /**
   * Types of extensions we understand whose body did not decode but which do
   * not make the whole hello unreadable (today: record_size_limit with a body
   * other than two bytes). The handshake answers them with a fatal
   * decode_error once it holds state for the peer, rather than dropping the
   * hello unanswered.
   */
  malformed?: number[];
  /** Types of extensions present that we do not interpret. */
  unknown?: number[];
}

function u16List(values: number[], lengthBytes: 1 | 2): Uint8Array {
  const out = new Uint8Array(lengthBytes + values.length * 2);
  const w = new ByteWriter(out);
  if (lengthBytes === 2) w.u16(values.length * 2);
  else w.u8(values.length * 2);
  for (const v of values) w.u16(v);
  return out;
}

/** Encodes the extensions block, including its 2-byte length; empty bytes when there are none. */
export function encodeExtensions(e: HelloExtensions): Uint8Array {
  const parts: [number, Uint8Array][] = [];
  if (e.renegotiationInfo) parts.push([ExtensionType.RenegotiationInfo, concatBytes([new Uint8Array([e.renegotiationInfo.length]), e.renegotiationInfo])]);
  if (e.extendedMasterSecret) parts.push([ExtensionType.ExtendedMasterSecret, new Uint8Array(0)]);
  if (e.supportedGroups) parts.push([ExtensionType.SupportedGroups, u16List(e.supportedGroups, 2)]);
  if (e.ecPointFormats) parts.push([ExtensionType.EcPointFormats, new Uint8Array([e.ecPointFormats.length, ...e.ecPointFormats])]);
  if (e.signatureAlgorithms) parts.push([ExtensionType.SignatureAlgorithms, u16List(e.signatureAlgorithms, 2)]);
  if (e.useSrtp) {
    const p = u16List(e.useSrtp.profiles, 2);
    parts.push([ExtensionType.UseSrtp, concatBytes([p, new Uint8Array([e.useSrtp.mki.length]), e.useSrtp.mki])]);
  }
  if (e.recordSizeLimit !== undefined) parts.push([ExtensionType.RecordSizeLimit, encodeRecordSizeLimit(e.recordSizeLimit)]);
  if (parts.length === 0) return new Uint8Array(0);
  let n = 2;
  for (const [, d] of parts) n += 4 + d.length;
  const out = new Uint8Array(n);
  const w = new ByteWriter(out);
  w.u16(n - 2);
  for (const [t, d] of parts) w.u16(t).u16(d.length).write(d);
  return out;
}

function readU16List(r: ByteReader, lengthBytes: 1 | 2, min: number): number[] | undefined {
  const len = lengthBytes === 2 ? r.u16() : r.u8();
  if (len % 2 !== 0 || len < min || len > r.remaining) return undefined;
  const out: number[] = [];
  for (let i = 0; i < len; i += 2) out.push(r.u16());
  return out;
}

/**
 * Decodes an extensions block starting at the reader's position (absent =
 * empty). Returns undefined on malformed input or a repeated type (RFC 5246
 * §7.4.1.4: "There MUST NOT be more than one extension of the same type").
 */
export function decodeExtensions(r: ByteReader): HelloExtensions | undefined {
  const e: HelloExtensions = {};
  if (r.remaining === 0) return e;
  const total = r.u16();
  if (total !== r.remaining || r.overflow) return undefined;
  const seen = new Set<number>();
  while (r.remaining > 0) {
    const type = r.u16();
    const len = r.u16();
    const data = r.bytesView(len);
    if (r.overflow || seen.has(type)) return undefined;
    seen.add(type);
    const d = new ByteReader(data);
    switch (type) {
      case ExtensionType.SupportedGroups: {
        const l = readU16List(d, 2, 2);
        if (!l) return undefined;
        e.supportedGroups = l;
        break;
      }
      case ExtensionType.EcPointFormats: {
        const n = d.u8();
        if (n < 1) return undefined;
        e.ecPointFormats = Array.from(d.bytesView(n));
        break;
      }
      case ExtensionType.SignatureAlgorithms: {
        const l = readU16List(d, 2, 2);
        if (!l) return undefined;
        e.signatureAlgorithms = l;
        break;
      }
      case ExtensionType.UseSrtp: {
        const l = readU16List(d, 2, 2);
        if (!l) return undefined;
        const mkiLen = d.u8();
        e.useSrtp = { profiles: l, mki: d.bytesView(mkiLen).slice() };
        break;
      }
      case ExtensionType.ExtendedMasterSecret:
        if (len !== 0) return undefined;
        e.extendedMasterSecret = true;
        break;
      case ExtensionType.RenegotiationInfo: {
        const n = d.u8();
        e.renegotiationInfo = d.bytesView(n).slice();
        break;
      }
      case ExtensionType.RecordSizeLimit: {
        // RFC 8449 §4: exactly one uint16. A wrong length is kept as
        // `malformed` so the handshake can send decode_error.
        const v = decodeRecordSizeLimit(data);
        if (v === undefined) (e.malformed ??= []).push(type);
        else e.recordSizeLimit = v;
        continue;
      }
      default:
        (e.unknown ??= []).push(type);
        continue;
    }
    if (d.overflow || d.remaining !== 0) return undefined;
  }
  return e;
}
