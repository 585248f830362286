/**
 * Packetization Layer Path MTU Discovery for SCTP (RFC 8899 §6.2.1; RFC 8261
 * §5 asks for it when SCTP runs over DTLS): a probe packet of the candidate
 * size carries a HEARTBEAT, and the HEARTBEAT ACK that comes back for it
 * confirms that a packet of that size crossed the whole path, the peer's
 * DTLS and SCTP stacks included. Only then does the association raise its
 * packet size; a probe that goes unanswered (after {@link MAX_PROBES} tries)
 * leaves it where it was.
 *
 * What fills the probe up to its size ({@link ProbePadding}):
 *
 * - `'pad-chunk'`, RFC 8899 §6.2.1.1's probe: the HEARTBEAT is followed by
 *   a PAD chunk (RFC 4820). PAD's type (0x84) has the high bits `10`: a
 *   receiver that does not know it skips it and processes the rest of the
 *   packet without reporting it (RFC 9260 §3.2). The HEARTBEAT ACK is small
 *   (it echoes only the 12-byte info), so the probe tests the direction we
 *   send in.
 * - `'heartbeat'`: the HEARTBEAT is followed by a second HEARTBEAT whose
 *   Heartbeat Info is filler. Some deployed stacks do not skip unknown chunk
 *   types as §3.2 says (werift's SCTP throws on PAD and takes its process
 *   down), but every SCTP stack answers HEARTBEAT (RFC 9260 §8.3). The
 *   first HEARTBEAT's small ACK confirms the probe (a receiver processes a
 *   packet only once its checksum covered all of it). The filler's ACK is as
 *   large as the probe; a peer that cannot send a packet that large drops it
 *   (libwebrtc's dcsctp does), and when it does arrive it is ignored (its
 *   info is not 12 bytes).
 *
 * ```
 *  PAD chunk (RFC 4820 §3)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Type = 0x84   |   Flags=0     |             Length            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  /                          Padding Data                         /
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  HEARTBEAT chunk (RFC 9260 §3.3.5)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type = 4    | Chunk  Flags  |      Heartbeat Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Heartbeat Info Type = 1      |      HB Info Length           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  /          Sender-Specific Heartbeat Info                       /
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 *
 * Which sizes are worth probing, and which padding the peer takes, is the
 * caller's knowledge (the association cannot see the path): `peerconnection`
 * probes when the selected ICE pair is host-to-host on loopback, where the
 * interface MTU is 64 KiB and no IP fragmentation can occur.
 */
import { ChunkType, ParamType } from './constants.js';

/** The PAD chunk type (RFC 4820 §3). */
export const PAD_CHUNK_TYPE = 0x84;

/** Probes sent for one size before giving up (RFC 8899 §5.1.2 MAX_PROBES). */
export const MAX_PROBES = 3;

/** Bytes of the common header + HEARTBEAT chunk carrying a 12-byte info. */
const HEADER_AND_HEARTBEAT = 12 + 4 + 4 + 12;

/** Smallest probe: the HEARTBEAT plus an empty PAD chunk, or a second HEARTBEAT with an empty info. */
export const MIN_PROBE_SIZE = HEADER_AND_HEARTBEAT + 8;

/**
 * What fills a probe packet up to its size (see the module comment):
 * `'pad-chunk'` (RFC 8899 §6.2.1.1, for peers known to skip unknown chunks)
 * or `'heartbeat'` (a second HEARTBEAT, which every SCTP stack answers).
 */
export type ProbePadding = 'pad-chunk' | 'heartbeat';

/** The state of one size search: one candidate size at a time. */
export class PathMtuProbe {
  /** The size being probed, 0 when idle. */
  target = 0;
  /** Probes sent for {@link target}. */
  sent = 0;
  /** Nonce carried in the outstanding probe's Heartbeat Info. */
  nonce = 0;
  /** A probe must be built at the next transmit opportunity. */
  due = false;
  /** Deadline of the outstanding probe (absolute ms), Infinity when none. */
  timer = Infinity;
  /** What fills the probe packet. */
  padding: ProbePadding = 'pad-chunk';
  /** Sizes confirmed and abandoned, for statistics and tests. */
  confirmed = 0;
  abandoned = 0;

  /** Starts probing `size` (rounded down to a multiple of 4); false when not above `current`. */
  start(size: number, current: number, padding: ProbePadding = 'pad-chunk'): boolean {
    const s = size & ~3;
    if (s <= current || s < MIN_PROBE_SIZE) return false;
    this.target = s;
    this.padding = padding;
    this.sent = 0;
    this.due = true;
    this.timer = Infinity;
    return true;
  }

  /** Stops probing. */
  stop(): void {
    this.target = 0;
    this.due = false;
    this.timer = Infinity;
  }

  /**
   * Builds the probe packet of {@link target} bytes (checksum field zero; the
   * caller sets it or not, as for any packet): common header, HEARTBEAT with
   * a 12-byte info (`now` as a float64, then `nonce`), then PAD or a filler
   * HEARTBEAT to the size ({@link padding}). Filler bytes are zero.
   */
  build(now: number, nonce: number, sourcePort: number, destinationPort: number, verificationTag: number): Uint8Array {
    const size = this.target;
    const buf = new Uint8Array(size);
    const dv = new DataView(buf.buffer);
    dv.setUint16(0, sourcePort);
    dv.setUint16(2, destinationPort);
    dv.setUint32(4, verificationTag >>> 0);
    // HEARTBEAT (RFC 9260 §3.3.5) with one Heartbeat Info parameter.
    buf[12] = ChunkType.HEARTBEAT;
    dv.setUint16(14, 4 + 4 + 12);
    dv.setUint16(16, ParamType.HEARTBEAT_INFO);
    dv.setUint16(18, 4 + 12);
    dv.setFloat64(20, now);
    dv.setUint32(28, nonce >>> 0);
    const rest = size - HEADER_AND_HEARTBEAT;
    if (this.padding === 'pad-chunk') {
      // PAD (RFC 4820 §3): the rest of the packet.
      buf[HEADER_AND_HEARTBEAT] = PAD_CHUNK_TYPE;
      dv.setUint16(HEADER_AND_HEARTBEAT + 2, rest);
    } else {
      // A second HEARTBEAT whose Heartbeat Info fills the rest of the packet.
      buf[HEADER_AND_HEARTBEAT] = ChunkType.HEARTBEAT;
      dv.setUint16(HEADER_AND_HEARTBEAT + 2, rest);
      dv.setUint16(HEADER_AND_HEARTBEAT + 4, ParamType.HEARTBEAT_INFO);
      dv.setUint16(HEADER_AND_HEARTBEAT + 6, rest - 4);
    }
    this.nonce = nonce >>> 0;
    this.sent++;
    this.due = false;
    return buf;
  }

  /** True when `info` is the Heartbeat Info of the outstanding probe. */
  matches(info: Uint8Array): boolean {
    if (this.target === 0 || this.sent === 0 || info.length !== 12) return false;
    const dv = new DataView(info.buffer, info.byteOffset, 12);
    return dv.getUint32(8) === this.nonce;
  }
}
