/**
 * Opus RTP payload format (RFC 7587 §4.2): exactly one Opus packet per RTP
 * packet, never fragmented; every RTP packet is a frame. The marker bit
 * flags the first packet of a talkspurt (DTX), not a frame end.
 */
import { checkMaxPayloadSize, type Depacketizer, type Packetizer } from './payload-format.js';

/** Options of {@link OpusPacketizer}. */
export interface OpusPacketizerOptions {
  /** Largest Opus packet accepted. Default 1500 (an Opus packet of 120 ms at 510 kb/s is 7650 bytes; raise it for those). */
  maxPayloadSize?: number;
}

/** Opus packetizer: the packet is the payload. */
export class OpusPacketizer implements Packetizer {
  private readonly max: number;
  constructor(options: OpusPacketizerOptions = {}) {
    this.max = checkMaxPayloadSize(options.maxPayloadSize ?? 1500, 1);
  }
  /** Returns `[frame]` (a copy); throws a RangeError when it exceeds the maximum (RFC 7587 forbids fragmenting). */
  packetize(frame: Uint8Array): Uint8Array[] {
    if (frame.length > this.max) throw new RangeError(`Opus: a ${frame.length}-byte packet exceeds maxPayloadSize ${this.max}; Opus packets are never fragmented (RFC 7587 §4.2)`);
    return [frame.slice()];
  }
}

/** Opus depacketizer. */
export class OpusDepacketizer implements Depacketizer {
  isFrameStart(): boolean {
    return true;
  }
  isFrameEnd(): boolean {
    return true;
  }
  /** Every Opus packet decodes on its own. */
  isKeyframe(): boolean {
    return true;
  }
  depacketize(payloads: readonly Uint8Array[]): Uint8Array | undefined {
    return payloads.length === 1 ? payloads[0]!.slice() : undefined;
  }
}
