/**
 * The typed session-description model (RFC 8866 SDP, with the attributes
 * WebRTC uses: RFC 8829 JSEP, RFC 8839 ICE, RFC 8842 DTLS, RFC 8843 BUNDLE,
 * RFC 8285 extmap, RFC 8851 rid, RFC 8853 simulcast, RFC 8830 msid,
 * RFC 8841 SCTP).
 *
 * Every type here is plain data: no classes, no `Map`s, no `bigint`s, so a
 * description survives `structuredClone` and `JSON.parse(JSON.stringify(x))`.
 * Optional members are absent (not `undefined`) after parsing.
 */

/** Media direction attribute (RFC 8866 §6.7). */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** DTLS role attribute `a=setup` (RFC 4145 §4, RFC 8842 §5). */
export type Setup = 'actpass' | 'active' | 'passive' | 'holdconn';

/** Media kind from the `m=` line. Anything else the peer sends is kept as its string. */
export type MediaKind = 'audio' | 'video' | 'application' | (string & {});

/** `o=` line (RFC 8866 §5.2). Ids are decimal strings: they exceed 2^53. */
export interface Origin {
  username: string;
  /** Decimal digits, up to 2^63 in practice. */
  sessionId: string;
  /** Decimal digits. */
  sessionVersion: string;
  netType: string;
  addressType: string;
  address: string;
}

/** `t=` line (RFC 8866 §5.9), NTP seconds; WebRTC always uses `t=0 0`. */
export interface Timing {
  start: number;
  stop: number;
}

/** `c=` line (RFC 8866 §5.7). `address` keeps any `/ttl` or `/count` suffix. */
export interface Connection {
  netType: string;
  addressType: string;
  address: string;
}

/** `b=<type>:<bandwidth>` (RFC 8866 §5.8). */
export interface Bandwidth {
  type: string;
  value: number;
}

/** `a=fingerprint:<hash> <hex pairs>` (RFC 8122 §5). */
export interface Fingerprint {
  /** Hash function name as written, e.g. `sha-256`. */
  algorithm: string;
  /** Colon-separated hex pairs as written, e.g. `AB:CD:...`. */
  value: string;
}

/** `a=group:<semantics> <mid>...` (RFC 5888 §5, RFC 8843). */
export interface Group {
  semantics: 'BUNDLE' | 'LS' | 'FID' | (string & {});
  mids: string[];
}

/** Legacy `a=msid-semantic: WMS <id>...` (draft msid; browsers still emit it). */
export interface MsidSemantic {
  semantic: string;
  /** Stream ids or `*`; may be empty. */
  identifiers: string[];
}

/**
 * A generic attribute `a=<name>[:<value>]`. Used for attributes this package
 * does not model; they are kept in their original order and re-emitted.
 */
export interface Attribute {
  name: string;
  /** Absent for a property attribute (`a=name`); possibly empty for `a=name:`. */
  value?: string;
}

/** A line type this model has no field for (`u=`, `e=`, `p=`, `r=`, `z=`, `k=`, extra `t=`). */
export interface OtherLine {
  /** One letter. */
  type: string;
  value: string;
}

/** One `a=fmtp` parameter: `key=value`, or a bare token (`0-15`, `111/111`) with no value. */
export interface CodecParameter {
  key: string;
  value?: string;
}

/** `a=rtcp-fb:<pt> <type> [<parameter>]` (RFC 4585 §4.2). */
export interface RtcpFeedback {
  /** `nack`, `ccm`, `goog-remb`, `transport-cc`, ... */
  type: string;
  /** `pli`, `fir`, ... (everything after the type). */
  parameter?: string;
}

/** An RTP payload format: `a=rtpmap`, its `a=fmtp` and `a=rtcp-fb` lines. */
export interface Codec {
  /** 0-127. */
  payloadType: number;
  /** Encoding name as written (`opus`, `VP8`, `H264`, `rtx`, ...). */
  name: string;
  clockRate: number;
  /** Audio channels (the third rtpmap field) when present. */
  channels?: number;
  /** Ordered `a=fmtp` parameters; empty when there is no fmtp line. */
  parameters: CodecParameter[];
  /** `a=rtcp-fb` lines for this payload type, in order. */
  rtcpFeedback: RtcpFeedback[];
  /**
   * True when the section has no `a=rtpmap` for this (static) payload type;
   * name and clock rate then come from RFC 3551's table. No rtpmap is emitted.
   */
  implicit?: boolean;
}

/** `a=extmap:<id>[/<direction>] <uri> [<attributes>]` (RFC 8285 §8). */
export interface HeaderExtension {
  /** 1-14 (one-byte form) or 1-255 with extmap-allow-mixed / two-byte. */
  id: number;
  uri: string;
  direction?: Direction;
  /** Extension attributes as written after the URI. */
  attributes?: string;
}

/** `a=msid:<stream id> [<track id>]` (RFC 8830 §2). Stream id `-` means no stream. */
export interface Msid {
  streamId: string;
  trackId?: string;
}

/** One `a=ssrc:<ssrc> <name>[:<value>]` attribute. */
export interface SsrcAttribute {
  name: string;
  value?: string;
}

/** All `a=ssrc` lines for one SSRC (RFC 5576 §4.1), in order. */
export interface Ssrc {
  /** uint32. */
  ssrc: number;
  attributes: SsrcAttribute[];
}

/** `a=ssrc-group:<semantics> <ssrc>...` (RFC 5576 §4.2), e.g. FID for RTX. */
export interface SsrcGroup {
  semantics: string;
  ssrcs: number[];
}

/** One `a=rid` restriction parameter (`pt=96,97`, `max-width=1280`, ...). */
export interface RidParameter {
  key: string;
  value?: string;
}

/** `a=rid:<id> send|recv [params]` (RFC 8851 §10). */
export interface Rid {
  id: string;
  direction: 'send' | 'recv';
  /** Ordered parameters, including `pt` when present. */
  params: RidParameter[];
}

/** One rid in an `a=simulcast` alternative list; `paused` is the `~` prefix. */
export interface SimulcastRid {
  rid: string;
  paused: boolean;
}

/**
 * A simulcast stream list (RFC 8853 §5.1): streams separated by `;`, each a
 * list of alternatives separated by `,`.
 */
export type SimulcastStreams = SimulcastRid[][];

/** `a=simulcast` (RFC 8853 §5.1). */
export interface Simulcast {
  send?: SimulcastStreams;
  recv?: SimulcastStreams;
  /** True when recv was written before send (kept for a faithful round trip). */
  recvFirst?: boolean;
}

/** Legacy `a=sctpmap:<port> <protocol> [<streams>]` (draft-ietf-mmusic-sctp-sdp-05). */
export interface SctpMap {
  port: number;
  protocol: string;
  streams?: number;
}

/** `a=rtcp:<port> [<nettype> <addrtype> <address>]` (RFC 3605). */
export interface RtcpAttribute {
  port: number;
  netType?: string;
  addressType?: string;
  address?: string;
}

/** An extension pair after the mandatory candidate fields (RFC 8839 §5.1). */
export interface CandidateExtension {
  name: string;
  value: string;
}

/** The fields of an ICE candidate attribute (RFC 8839 §5.1, RFC 6544 tcptype). */
export interface Candidate {
  /** 1-32 ice-chars. */
  foundation: string;
  /** 1 RTP, 2 RTCP. */
  component: number;
  /** Transport as written (`udp`, `UDP`, `tcp`). */
  protocol: string;
  /** uint32. */
  priority: number;
  /** IPv4, IPv6 or FQDN (mDNS `.local`). */
  address: string;
  port: number;
  /** `host`, `srflx`, `prflx`, `relay` or an extension token. */
  type: string;
  relatedAddress?: string;
  relatedPort?: number;
  /** `active`, `passive`, `so` (RFC 6544). */
  tcpType?: string;
  generation?: number;
  ufrag?: string;
  networkId?: number;
  networkCost?: number;
  /** Other extension pairs, in order. */
  extensions: CandidateExtension[];
}

/**
 * A candidate as it appears in a media section: the parsed fields plus the
 * attribute text (`candidate:...`, without `a=`). The serializer writes
 * `attribute` verbatim; build one with `sdpCandidate(fields)`.
 */
export interface SdpCandidate extends Candidate {
  attribute: string;
}

/** One `m=` section and everything below it. */
export interface MediaSection {
  kind: MediaKind;
  /** 0 means rejected/stopped (RFC 8829 §5.2.2, §5.3.1); 9 is the JSEP placeholder. */
  port: number;
  /** The `/<number of ports>` suffix of the m= port, when present. */
  numberOfPorts?: number;
  /** `UDP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`, ... */
  protocol: string;
  /** The m= line's format list as written (payload types or `webrtc-datachannel`). */
  formats: string[];
  /** `i=` line. */
  information?: string;
  connection?: Connection;
  bandwidths: Bandwidth[];
  /** `k=` and any other non-`a=` lines, in order. */
  otherLines: OtherLine[];
  rtcp?: RtcpAttribute;
  candidates: SdpCandidate[];
  endOfCandidates: boolean;
  iceUfrag?: string;
  icePwd?: string;
  /** `a=ice-options` tokens, e.g. `['trickle']`. */
  iceOptions?: string[];
  fingerprints: Fingerprint[];
  setup?: Setup;
  mid?: string;
  bundleOnly: boolean;
  headerExtensions: HeaderExtension[];
  /** Media-level `a=extmap-allow-mixed` (RFC 8285 §6). */
  extmapAllowMixed: boolean;
  direction?: Direction;
  msids: Msid[];
  rtcpMux: boolean;
  /** `a=rtcp-mux-only` (RFC 8858). */
  rtcpMuxOnly: boolean;
  /** `a=rtcp-rsize` (RFC 5506). */
  rtcpRsize: boolean;
  codecs: Codec[];
  /** `a=rtcp-fb:* ...` lines that apply to every payload type. */
  rtcpFeedbackWildcard: RtcpFeedback[];
  rids: Rid[];
  simulcast?: Simulcast;
  ssrcGroups: SsrcGroup[];
  ssrcs: Ssrc[];
  /** `a=sctp-port` (RFC 8841 §5). */
  sctpPort?: number;
  /** `a=max-message-size` (RFC 8841 §6). */
  maxMessageSize?: number;
  sctpmap?: SctpMap;
  /** Attributes not modelled above, in their original order. */
  attributes: Attribute[];
}

/** A whole session description. */
export interface SessionDescription {
  /** Always 0. */
  version: number;
  origin: Origin;
  sessionName: string;
  /** Session-level `i=`. */
  information?: string;
  /** Session-level `c=`. */
  connection?: Connection;
  bandwidths: Bandwidth[];
  timing: Timing;
  /** `u=`, `e=`, `p=`, `r=`, `z=`, `k=` and extra `t=` lines, in order. */
  otherLines: OtherLine[];
  groups: Group[];
  msidSemantic?: MsidSemantic;
  /** Session-level `a=extmap-allow-mixed` (RFC 8285 §6). */
  extmapAllowMixed: boolean;
  /** `a=ice-lite` (RFC 8839 §5.3). */
  iceLite: boolean;
  iceUfrag?: string;
  icePwd?: string;
  iceOptions?: string[];
  fingerprints: Fingerprint[];
  setup?: Setup;
  /** Session-level direction attribute (default for every media section). */
  direction?: Direction;
  /** Session-level attributes not modelled above, in order. */
  attributes: Attribute[];
  media: MediaSection[];
}

/** The result of {@link parseSdp}: the model, or the first offending line. */
export type SdpParseResult =
  | { ok: true; sdp: SessionDescription }
  | {
      ok: false;
      /** 1-based number of the first offending line (lines split on `\r\n` or `\n`). */
      line: number;
      /** Human-readable reason, e.g. `invalid a=rtpmap`. */
      reason: string;
    };

/** A media section with every collection empty and every flag false. */
export function emptyMediaSection(kind: MediaKind, port: number, protocol: string, formats: string[]): MediaSection {
  return {
    kind,
    port,
    protocol,
    formats,
    bandwidths: [],
    otherLines: [],
    candidates: [],
    endOfCandidates: false,
    fingerprints: [],
    bundleOnly: false,
    headerExtensions: [],
    extmapAllowMixed: false,
    msids: [],
    rtcpMux: false,
    rtcpMuxOnly: false,
    rtcpRsize: false,
    codecs: [],
    rtcpFeedbackWildcard: [],
    rids: [],
    ssrcGroups: [],
    ssrcs: [],
    attributes: [],
  };
}
