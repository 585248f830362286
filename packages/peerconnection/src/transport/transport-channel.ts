/**
 * One data channel as the composite transport sees it: its settings, its
 * stream id (null until the DTLS role is known, W3C webrtc-pc §6.2.1
 * "[[DataChannelId]]") and its state. The W3C RTCDataChannel wraps one.
 */
import type { DataChannelInit } from '@purertc/sctp';

/** RTCDataChannelState. */
export type TransportChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** A data channel of a {@link PeerTransport}. Created by `createDataChannel` or announced by a `datachannel` event. */
export class TransportChannel {
  /** SCTP stream id; null until the DTLS role is known (in-band channels without an explicit id). */
  id: number | null;
  state: TransportChannelState = 'connecting';
  readonly label: string;
  readonly protocol: string;
  readonly ordered: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  readonly negotiated: boolean;
  readonly priority: number | undefined;
  /** Set when the channel was closed because of an error (id allocation failed, transport failed). */
  error: Error | undefined;
  /** Free for the W3C layer (the RTCDataChannel object). */
  owner: unknown;

  constructor(init: DataChannelInit, id: number | null) {
    this.id = id;
    this.label = init.label ?? '';
    this.protocol = init.protocol ?? '';
    this.ordered = init.ordered ?? true;
    this.maxRetransmits = init.maxRetransmits ?? null;
    this.maxPacketLifeTime = init.maxPacketLifeTime ?? null;
    this.negotiated = init.negotiated === true;
    this.priority = init.priority;
  }

  /** The init to hand to the SCTP DataChannelManager. */
  toInit(): DataChannelInit {
    const init: DataChannelInit = { label: this.label, protocol: this.protocol, ordered: this.ordered, negotiated: this.negotiated };
    if (this.maxRetransmits !== null) init.maxRetransmits = this.maxRetransmits;
    if (this.maxPacketLifeTime !== null) init.maxPacketLifeTime = this.maxPacketLifeTime;
    if (this.priority !== undefined) init.priority = this.priority;
    if (this.id !== null) init.id = this.id;
    return init;
  }
}
