/**
 * The shape every codec's RTP payload format implements, so one
 * {@link FrameAssembler} can reassemble frames for any of them.
 */

/** Splits media frames into RTP payloads. */
export interface Packetizer {
  /**
   * Splits one frame into RTP payloads of at most the configured maximum
   * size, in sending order. The caller sets the RTP marker bit on the last
   * payload (video) and advances the timestamp per frame.
   */
  packetize(frame: Uint8Array): Uint8Array[];
}

/** Reads a codec's RTP payloads back into frames. */
export interface Depacketizer {
  /**
   * Whether this payload starts a frame: true, false, or undefined when the
   * payload format cannot tell (H.264 single NAL units, AV1).
   */
  isFrameStart(payload: Uint8Array): boolean | undefined;
  /** Whether this payload ends a frame regardless of the marker bit (audio: always). */
  isFrameEnd(payload: Uint8Array): boolean;
  /** Whether this payload shows that its frame is a keyframe (random access point). */
  isKeyframe(payload: Uint8Array): boolean;
  /**
   * Joins the payloads of one complete frame, in sequence order, into the
   * codec's frame format; one allocation, linear time. Undefined when the
   * payloads are malformed or inconsistent (never a partial frame).
   */
  depacketize(payloads: readonly Uint8Array[]): Uint8Array | undefined;
}

/**
 * Depacketizer for audio formats that never split a frame across packets, so
 * every RTP payload is one whole frame that decodes on its own (Opus, RFC 7587
 * §4.2; G.711, RFC 3551 §4.5.14). Serves {@link Depacketizer} for both.
 */
export class WholeFrameDepacketizer implements Depacketizer {
  /** Always true: every payload starts a frame. */
  isFrameStart(): boolean {
    return true;
  }
  /** Always true: every payload ends its frame. */
  isFrameEnd(): boolean {
    return true;
  }
  /** Always true: every frame decodes on its own. */
  isKeyframe(): boolean {
    return true;
  }
  /** A copy of the single payload; undefined for any other count. */
  depacketize(payloads: readonly Uint8Array[]): Uint8Array | undefined {
    return payloads.length === 1 ? payloads[0]!.slice() : undefined;
  }
}

/** Default maximum RTP payload size: fits a 1500-byte MTU with IP/UDP/SRTP/RTP headers and extensions. */
export const DEFAULT_MAX_PAYLOAD_SIZE = 1200;

/** Validates a max payload size option. */
export function checkMaxPayloadSize(n: number, min: number): number {
  if (!Number.isInteger(n) || n < min || n > 65_000) throw new RangeError(`maxPayloadSize must be an integer in [${min}, 65000], got ${n}`);
  return n;
}
