/**
 * SrtpContext: SRTP and SRTCP protection of one direction under one master
 * key (RFC 3711, RFC 7714), sans-IO, crypto through the injected
 * `CryptoProvider`.
 *
 * Per-SSRC state is created on demand — for sending on the first packet
 * protected, for receiving on the first packet that authenticates — and the
 * number of SSRCs tracked is bounded (`maxSsrcs`): beyond it, packets of new
 * receive SSRCs are dropped and counted (never evicting an existing stream,
 * which would reopen its replay window), and protecting for a new SSRC throws
 * (a sender forgetting a stream's ROC would reuse keystream).
 *
 * Receive path order (RFC 3711 §3.3): parse → estimate the index (§3.3.1) →
 * replay check (§3.3.2) → authenticate → decrypt → update ROC, s_l and the
 * replay list (only after authentication succeeded).
 */
import type { CryptoProvider } from '@purertc/common';
import { ParseError, StateError } from '@purertc/common';
import { AeadTransform } from './aead-transform.js';
import { AesCmTransform } from './aes-cm-transform.js';
import { deriveSessionKeys, type SessionKeys } from './kdf.js';
import { estimateIndex, MAX_SRTCP_INDEX, MAX_SRTP_INDEX } from './packet-index.js';
import { SRTP_PROFILES, type SrtpProfile, type SrtpProfileParams } from './profiles.js';
import { ReplayWindow } from './replay-window.js';
import { rtpHeaderLength, u32 } from './rtp-header.js';

/** Options of {@link SrtpContext}. */
export interface SrtpContextOptions {
  /** The protection profile negotiated (DTLS-SRTP use_srtp or SDES). */
  profile: SrtpProfile;
  /** Master key: 16 bytes (32 for SRTP_AEAD_AES_256_GCM). */
  masterKey: Uint8Array;
  /** Master salt: 14 bytes for AES-CM profiles, 12 for AEAD profiles. */
  masterSalt: Uint8Array;
  /** The crypto provider (`nodeCrypto` from `@purertc/common/node-crypto` on Node; `@purertc/srtp/node` fills it in). */
  crypto: CryptoProvider;
  /**
   * Replay window in packets (RFC 3711 §3.3.2), for SRTP and, unless
   * `rtcpReplayWindow` is given, SRTCP; rounded up to a multiple of 32.
   * Default 1024.
   */
  replayWindow?: number;
  /** Replay window of SRTCP in packets, when it should differ from `replayWindow`. Default: `replayWindow`. */
  rtcpReplayWindow?: number;
  /** Most SSRCs tracked per table (send/receive × RTP/RTCP). Default 1024. */
  maxSsrcs?: number;
}

/** Counters of a context; failures never throw, they are counted here. */
export interface SrtpStats {
  /** SRTP packets protected / unprotected successfully. */
  rtpProtected: number;
  rtpUnprotected: number;
  /** SRTCP packets protected / unprotected successfully. */
  rtcpProtected: number;
  rtcpUnprotected: number;
  /** Received packets dropped as malformed: too short, not RTP version 2, header overrunning the packet. */
  malformed: number;
  /** Received packets whose authentication tag did not verify. */
  authFailed: number;
  /** Received packets dropped by the replay check (duplicates, or older than the window). */
  replayed: number;
  /** Received packets dropped because their SSRC is new and `maxSsrcs` are already tracked. */
  ssrcLimit: number;
}

interface SendState {
  highest: number;
}
interface RecvState {
  window: ReplayWindow;
}

type Transform = AesCmTransform | AeadTransform;

/** SRTP/SRTCP context of one direction. See the file comment for the state it keeps. */
export class SrtpContext {
  /** The profile's parameters. */
  readonly profile: SrtpProfileParams;
  /** Counters; see {@link SrtpStats}. */
  readonly stats: SrtpStats = {
    rtpProtected: 0,
    rtpUnprotected: 0,
    rtcpProtected: 0,
    rtcpUnprotected: 0,
    malformed: 0,
    authFailed: 0,
    replayed: 0,
    ssrcLimit: 0,
  };
  private readonly transform: Transform;
  private readonly windowSize: number;
  private readonly rtcpWindowSize: number;
  private readonly maxSsrcs: number;
  private readonly rtpSend = new Map<number, SendState>();
  private readonly rtpRecv = new Map<number, RecvState>();
  private readonly rtcpSend = new Map<number, SendState>();
  private readonly rtcpRecv = new Map<number, RecvState>();
  // Batch scratch.
  private bHdr = new Int32Array(16);
  private bSsrc = new Float64Array(16);
  private bIndex = new Float64Array(16);

  constructor(options: SrtpContextOptions) {
    const profile = SRTP_PROFILES[options.profile];
    if (!profile) throw new RangeError(`unknown SRTP profile ${String(options.profile)}`);
    if (options.masterKey?.length !== profile.keyLength) throw new RangeError(`${profile.name}: master key must be ${profile.keyLength} bytes`);
    if (options.masterSalt?.length !== profile.saltLength) throw new RangeError(`${profile.name}: master salt must be ${profile.saltLength} bytes`);
    const keys = deriveSessionKeys(options.crypto, profile, options.masterKey, options.masterSalt);
    this.profile = profile;
    this.transform = profile.kind === 'aead' ? new AeadTransform(options.crypto, profile, keys) : new AesCmTransform(options.crypto, profile, keys);
    const windowSize = options.replayWindow ?? 1024;
    const rtcpWindowSize = options.rtcpReplayWindow ?? windowSize;
    const maxSsrcs = options.maxSsrcs ?? 1024;
    if (!Number.isInteger(windowSize) || windowSize < 1 || windowSize > 1 << 20) throw new RangeError('replayWindow must be an integer in [1, 2^20]');
    if (!Number.isInteger(rtcpWindowSize) || rtcpWindowSize < 1 || rtcpWindowSize > 1 << 20) throw new RangeError('rtcpReplayWindow must be an integer in [1, 2^20]');
    if (!Number.isInteger(maxSsrcs) || maxSsrcs < 1) throw new RangeError('maxSsrcs must be a positive integer');
    this.windowSize = Math.max(32, windowSize);
    this.rtcpWindowSize = Math.max(32, rtcpWindowSize);
    this.maxSsrcs = maxSsrcs;
  }

  /**
   * A context keyed directly with session keys (no key derivation): for test
   * vectors that publish session keys (RFC 7714 §16-17) and for external key
   * management.
   */
  static withSessionKeys(profile: SrtpProfile, keys: SessionKeys, crypto: CryptoProvider, options?: Pick<SrtpContextOptions, 'replayWindow' | 'rtcpReplayWindow' | 'maxSsrcs'>): SrtpContext {
    const p = SRTP_PROFILES[profile];
    const ctx = new SrtpContext({
      profile,
      masterKey: new Uint8Array(p.keyLength),
      masterSalt: new Uint8Array(p.saltLength),
      crypto,
      ...options,
    });
    (ctx as unknown as { transform: Transform }).transform = p.kind === 'aead' ? new AeadTransform(crypto, p, keys) : new AesCmTransform(crypto, p, keys);
    return ctx;
  }

  /** Number of SSRCs tracked in each table, for tests and monitoring. */
  get ssrcCounts(): { rtpSend: number; rtpRecv: number; rtcpSend: number; rtcpRecv: number } {
    return { rtpSend: this.rtpSend.size, rtpRecv: this.rtpRecv.size, rtcpSend: this.rtcpSend.size, rtcpRecv: this.rtcpRecv.size };
  }

  /** The rollover counter of a sent SSRC (undefined if never sent). */
  sendRoc(ssrc: number): number | undefined {
    const s = this.rtpSend.get(ssrc >>> 0);
    return s ? Math.floor(s.highest / 65536) : undefined;
  }

  /** The next index of a sent SSRC, updating the sender state (RFC 3711 §3.3.1 applied to our own stream). */
  private nextSendIndex(p: Uint8Array, ssrc: number): number {
    let st = this.rtpSend.get(ssrc);
    const seq = (p[2]! << 8) | p[3]!;
    if (!st) {
      if (this.rtpSend.size >= this.maxSsrcs) throw new StateError(`SRTP: more than ${this.maxSsrcs} sending SSRCs`);
      st = { highest: seq };
      this.rtpSend.set(ssrc, st);
      return seq;
    }
    // A jump of more than 2^15 back from ROC 0 cannot be placed before index 0: take it as ROC 0
    // (a receiver will likely drop it as too old; the sender must not crash over it).
    const estimate = estimateIndex(st.highest, seq);
    const index = estimate < 0 ? seq : estimate;
    if (index > MAX_SRTP_INDEX) throw new StateError('SRTP: master key exhausted (2^48 packets)');
    if (index > st.highest) st.highest = index;
    return index;
  }

  /**
   * Protects an RTP packet: returns a new SRTP packet. Throws a `ParseError`
   * if `packet` is not an RTP packet (this is local input, not network input).
   */
  protectRtp(packet: Uint8Array): Uint8Array {
    const hdr = rtpHeaderLength(packet, packet.length);
    if (hdr < 0) throw new ParseError('protectRtp: not an RTP packet');
    const ssrc = u32(packet, 8);
    const index = this.nextSendIndex(packet, ssrc);
    const out = this.transform.protectRtp(packet, hdr, ssrc, index);
    this.stats.rtpProtected++;
    return out;
  }

  /**
   * Protects many RTP packets; for AES-CM profiles the keystream of up to 64
   * of them is generated in one native call (AEAD profiles protect them one
   * by one: Node's GCM has no multi-message call). The result is exactly
   * what calling {@link protectRtp} on each packet in order returns (same
   * bytes, same sender state, same stats); packets may mix SSRCs and arrive
   * in any order. All packets are checked first: if one is not an RTP packet
   * a `ParseError` is thrown before any is protected or any state changes.
   */
  protectRtpBatch(packets: Uint8Array[]): Uint8Array[] {
    for (let i = 0; i < packets.length; i++) {
      const p = packets[i]!;
      if (rtpHeaderLength(p, p.length) < 0) throw new ParseError(`protectRtpBatch: packet ${i} is not an RTP packet`);
    }
    if (this.rtpSend.size + packets.length > this.maxSsrcs) {
      // Only near the SSRC bound: count the new SSRCs so the bound also fails before any state changes.
      const fresh = new Set<number>();
      for (let i = 0; i < packets.length; i++) {
        const ssrc = u32(packets[i]!, 8);
        if (!this.rtpSend.has(ssrc)) fresh.add(ssrc);
      }
      if (this.rtpSend.size + fresh.size > this.maxSsrcs) throw new StateError(`SRTP: more than ${this.maxSsrcs} sending SSRCs`);
    }
    const out: Uint8Array[] = [];
    const t = this.transform;
    if (!(t instanceof AesCmTransform)) {
      for (let i = 0; i < packets.length; i++) out.push(this.protectRtp(packets[i]!));
      return out;
    }
    // Chunks of at most 64 packets keep the keystream scratch bounded.
    for (let start = 0; start < packets.length; start += 64) {
      const count = Math.min(64, packets.length - start);
      if (this.bHdr.length < count) {
        this.bHdr = new Int32Array(64);
        this.bSsrc = new Float64Array(64);
        this.bIndex = new Float64Array(64);
      }
      const chunk = start === 0 && count === packets.length ? packets : packets.slice(start, start + count);
      for (let i = 0; i < count; i++) {
        const p = chunk[i]!;
        this.bHdr[i] = rtpHeaderLength(p, p.length); // validated above
      }
      for (let i = 0; i < count; i++) {
        const p = chunk[i]!;
        const ssrc = u32(p, 8);
        this.bSsrc[i] = ssrc;
        this.bIndex[i] = this.nextSendIndex(p, ssrc);
      }
      t.protectRtpBatch(chunk, this.bHdr, this.bSsrc, this.bIndex, out, count);
      this.stats.rtpProtected += count;
    }
    return out;
  }

  /**
   * Verifies and decrypts an SRTP packet. Returns the RTP packet, or
   * `undefined` (counted in {@link stats}) if it is malformed, fails
   * authentication, is a replay or belongs to one SSRC too many. Never throws.
   */
  unprotectRtp(packet: Uint8Array): Uint8Array | undefined {
    const t = this.transform;
    const len = packet.length;
    const hdr = rtpHeaderLength(packet, len - t.rtpTagLength);
    if (hdr < 0) {
      this.stats.malformed++;
      return undefined;
    }
    const ssrc = u32(packet, 8);
    const seq = (packet[2]! << 8) | packet[3]!;
    const st = this.rtpRecv.get(ssrc);
    let index: number;
    if (st) {
      index = estimateIndex(st.window.highest, seq);
      if (index < 0 || !st.window.check(index)) {
        this.stats.replayed++;
        return undefined;
      }
    } else {
      if (this.rtpRecv.size >= this.maxSsrcs) {
        this.stats.ssrcLimit++;
        return undefined;
      }
      index = seq; // §3.3.1: the first packet sets s_l = SEQ, ROC = 0
    }
    const out = t.unprotectRtp(packet, hdr, ssrc, index);
    if (!out) {
      this.stats.authFailed++;
      return undefined;
    }
    if (st) st.window.accept(index);
    else {
      const w = new ReplayWindow(this.windowSize);
      w.accept(index);
      this.rtpRecv.set(ssrc, { window: w });
    }
    this.stats.rtpUnprotected++;
    return out;
  }

  /**
   * Protects an RTCP (compound) packet: returns a new SRTCP packet, encrypted
   * (E = 1), with the sender's next SRTCP index. Throws a `ParseError` if
   * `packet` is shorter than 8 bytes or not version 2.
   */
  protectRtcp(packet: Uint8Array): Uint8Array {
    if (packet.length < 8 || packet[0]! >> 6 !== 2) throw new ParseError('protectRtcp: not an RTCP packet');
    const ssrc = u32(packet, 4);
    let st = this.rtcpSend.get(ssrc);
    if (!st) {
      if (this.rtcpSend.size >= this.maxSsrcs) throw new StateError(`SRTCP: more than ${this.maxSsrcs} sending SSRCs`);
      st = { highest: -1 };
      this.rtcpSend.set(ssrc, st);
    }
    // §3.4: the SRTCP index is zero for the first packet sent and counts every packet after it.
    if (st.highest >= MAX_SRTCP_INDEX) throw new StateError('SRTCP: master key exhausted (2^31 packets)');
    const index = ++st.highest;
    const out = this.transform.protectRtcp(packet, ssrc, index);
    this.stats.rtcpProtected++;
    return out;
  }

  /**
   * Verifies and (if E = 1) decrypts an SRTCP packet. Returns the RTCP
   * packet, or `undefined` (counted) on any failure. Never throws.
   */
  unprotectRtcp(packet: Uint8Array): Uint8Array | undefined {
    const t = this.transform;
    const len = packet.length;
    const trailer = 4 + t.rtcpTagLength;
    if (len < 8 + trailer || packet[0]! >> 6 !== 2) {
      this.stats.malformed++;
      return undefined;
    }
    const ssrc = u32(packet, 4);
    // E‖index precedes the tag for AES-CM (RFC 3711 §3.4) and follows it for AEAD (RFC 7714 §9.2).
    const eAt = t instanceof AeadTransform ? len - 4 : len - trailer;
    const eIndex = u32(packet, eAt);
    const encrypted = eIndex >= 0x80000000;
    const index = eIndex & 0x7fffffff;
    const st = this.rtcpRecv.get(ssrc);
    if (st) {
      if (!st.window.check(index)) {
        this.stats.replayed++;
        return undefined;
      }
    } else if (this.rtcpRecv.size >= this.maxSsrcs) {
      this.stats.ssrcLimit++;
      return undefined;
    }
    const out = t.unprotectRtcp(packet, ssrc, index, encrypted);
    if (!out) {
      this.stats.authFailed++;
      return undefined;
    }
    if (st) st.window.accept(index);
    else {
      const w = new ReplayWindow(this.rtcpWindowSize);
      w.accept(index);
      this.rtcpRecv.set(ssrc, { window: w });
    }
    this.stats.rtcpUnprotected++;
    return out;
  }
}
