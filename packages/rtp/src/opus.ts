/**
 * Opus RTP payload format (RFC 7587 §4.2): exactly one Opus packet per RTP
 * packet, never fragmented; every RTP packet is a frame. The marker bit
 * flags the first packet of a talkspurt (DTX), not a frame end.
 */
import { checkMaxPayloadSize, type Packetizer, WholeFrameDepacketizer } from './payload-format.js';

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

/** Opus depacketizer: every packet is one Opus packet, which decodes on its own. */
export class OpusDepacketizer extends WholeFrameDepacketizer {}
