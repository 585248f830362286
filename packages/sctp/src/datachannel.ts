/**
 * WebRTC data channels over one SCTP association (RFC 8831, RFC 8832), as a
 * sans-IO manager that the RTCPeerConnection drives.
 *
 * - Stream ids: the DTLS client uses even ids, the DTLS server odd ones
 *   (RFC 8832 §6).
 * - In-band channels send DATA_CHANNEL_OPEN (ordered, reliable) and may send
 *   data at once; until the ACK (or any message on the stream, an implicit
 *   ACK) arrives, their messages go ordered (RFC 8832 §6).
 * - Negotiated channels (`negotiated: true`) skip DCEP: both sides create
 *   the channel with the same id.
 * - Closing resets the outgoing stream (RFC 8831 §6.7, RFC 6525); a channel
 *   is closed once both directions are reset.
 * - Messages: PPID 51 string / 53 binary; empty ones as one byte with PPID
 *   56 / 57; the deprecated partial PPIDs 52 / 54 are reassembled on receipt.
 * - `max-message-size` (RFC 8841): sending more than the remote limit throws,
 *   receiving more than the local limit drops the message.
 *
 * Drive it like the association: inputs `handle`, `handleTimeout`, user calls;
 * then drain `pollTransmit()`, `pollEvent()`, and arm `pollTimeout()`.
 */
import { type Transmit, PureRtcError, StateError } from '@purertc/common';
import type { Association, AssociationEvent } from './association.js';
import { DcepPriority, DcepType, Ppid, channelTypeOf, decodeOpen, encodeAck, encodeOpen } from './dcep.js';
import { Deque } from './deque.js';

/** What `createChannel` takes (the W3C RTCDataChannelInit, plus the SCTP priority). */
export interface DataChannelInit {
  label?: string;
  protocol?: string;
  ordered?: boolean;
  maxRetransmits?: number;
  maxPacketLifeTime?: number;
  /** SCTP/DCEP priority value (see {@link DcepPriority}); default low (256). */
  priority?: number;
  negotiated?: boolean;
  id?: number;
}

/** W3C RTCDataChannelState. */
export type DataChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** One channel's settings and state. */
export class DataChannel {
  state: DataChannelState = 'connecting';
  /** For in-band channels we opened: the peer's ACK (or any message) arrived. */
  acked: boolean;
  /** Our outgoing stream was reset / the peer's was. */
  outgoingReset = false;
  incomingReset = false;
  /** Deprecated partial-PPID reassembly. */
  partial: Uint8Array[] = [];
  partialBytes = 0;
  /** Messages dropped for exceeding the local max-message-size. */
  oversizeDrops = 0;
  constructor(
    readonly id: number,
    readonly label: string,
    readonly protocol: string,
    readonly ordered: boolean,
    readonly maxRetransmits: number | undefined,
    readonly maxPacketLifeTime: number | undefined,
    readonly priority: number,
    readonly negotiated: boolean,
    /** True when we sent the DATA_CHANNEL_OPEN (or created a negotiated channel). */
    readonly local: boolean,
  ) {
    this.acked = negotiated || !local;
  }
}

/** Events from {@link DataChannelManager.pollEvent}. */
export type DataChannelEvent =
  /** The peer opened a channel in-band (W3C `datachannel`). An `open` follows. */
  | { type: 'channel'; channel: DataChannel }
  | { type: 'open'; id: number }
  | { type: 'message'; id: number; data: Uint8Array; binary: boolean }
  | { type: 'buffered-amount-low'; id: number }
  | { type: 'closing'; id: number }
  | { type: 'closed'; id: number }
  /** Association-level events (state, connected, closed, restart, error-chunk). */
  | { type: 'association'; event: AssociationEvent };

/** Options of a {@link DataChannelManager}. */
export interface DataChannelManagerOptions {
  /** Our DTLS role: the client uses even stream ids, the server odd ones. */
  role: 'client' | 'server';
  /** Our a=max-message-size (RFC 8841); larger incoming messages are dropped. 0 = no limit. */
  localMaxMessageSize?: number;
  /** The peer's a=max-message-size; 65536 when the peer's SDP had none (RFC 8841 §6.1). 0 = no limit. */
  remoteMaxMessageSize?: number;
}

/** Thrown by `send` when a message is larger than the peer accepts (W3C maps it to TypeError). */
export class MessageTooLargeError extends PureRtcError {
  override name = 'MessageTooLargeError';
  constructor(size: number, limit: number) {
    super('message-too-large', `message of ${size} bytes exceeds the remote max-message-size ${limit}`);
  }
}

const utf8 = new TextEncoder();
const EMPTY_PAYLOAD = Uint8Array.of(0);

/** The data channels of one association. */
export class DataChannelManager {
  readonly association: Association;
  private readonly channels = new Map<number, DataChannel>();
  private readonly events = new Deque<DataChannelEvent>();
  private readonly role: 'client' | 'server';
  localMaxMessageSize: number;
  remoteMaxMessageSize: number;
  /** DCEP messages that did not parse, or OPENs for ids in use. */
  dcepErrors = 0;

  constructor(association: Association, options: DataChannelManagerOptions) {
    this.association = association;
    this.role = options.role;
    this.localMaxMessageSize = options.localMaxMessageSize ?? 256 * 1024;
    this.remoteMaxMessageSize = options.remoteMaxMessageSize ?? 65536;
  }

  /** A channel by stream id. */
  channel(id: number): DataChannel | undefined {
    return this.channels.get(id);
  }

  /** Every channel not yet closed. */
  get openChannels(): DataChannel[] {
    return [...this.channels.values()];
  }

  private get established(): boolean {
    return this.association.state === 'established';
  }

  /** Smallest free id of our parity (RFC 8832 §6). */
  private allocateId(): number {
    const limit = this.association.outboundStreams || 65535;
    for (let id = this.role === 'client' ? 0 : 1; id < limit; id += 2) if (!this.channels.has(id)) return id;
    throw new StateError('no free stream id for a new data channel');
  }

  /**
   * Creates a channel. In-band channels get an id of our parity and send
   * DATA_CHANNEL_OPEN once the association is established; negotiated ones
   * need `id` and open when the association does.
   */
  createChannel(init: DataChannelInit = {}): DataChannel {
    const negotiated = init.negotiated === true;
    let id: number;
    if (init.id !== undefined) {
      if (!Number.isInteger(init.id) || init.id < 0 || init.id > 65534) throw new RangeError(`invalid data channel id ${init.id}`);
      if (this.channels.has(init.id)) throw new StateError(`data channel id ${init.id} is in use`);
      id = init.id;
    } else {
      if (negotiated) throw new StateError('a negotiated data channel needs an id');
      id = this.allocateId();
    }
    if (init.maxRetransmits !== undefined && init.maxPacketLifeTime !== undefined) {
      throw new StateError('maxRetransmits and maxPacketLifeTime are exclusive');
    }
    const ch = new DataChannel(
      id,
      init.label ?? '',
      init.protocol ?? '',
      init.ordered ?? true,
      init.maxRetransmits,
      init.maxPacketLifeTime,
      init.priority ?? DcepPriority.LOW,
      negotiated,
      true,
    );
    this.channels.set(id, ch);
    this.association.setStreamPriority(id, ch.priority);
    if (this.established) this.announce(ch);
    return ch;
  }

  private announce(ch: DataChannel): void {
    if (ch.state !== 'connecting') return;
    if (!ch.negotiated && ch.local) {
      const reliability = ch.maxRetransmits ?? ch.maxPacketLifeTime ?? 0;
      const open = encodeOpen({
        channelType: channelTypeOf(ch.ordered, ch.maxRetransmits, ch.maxPacketLifeTime),
        priority: ch.priority,
        reliability,
        label: ch.label,
        protocol: ch.protocol,
      });
      this.association.send(ch.id, Ppid.DCEP, open, { uncounted: true });
    }
    ch.state = 'open';
    this.events.push({ type: 'open', id: ch.id });
  }

  /**
   * Sends a message: a string as UTF-8 (PPID 51), bytes as binary (PPID 53);
   * empty messages use PPID 56 / 57. Bytes are not copied: do not modify them
   * afterwards. Throws when the channel is not open or the message exceeds the
   * remote max-message-size.
   */
  send(id: number, data: Uint8Array | string, now?: number): void {
    const ch = this.channels.get(id);
    if (!ch || ch.state !== 'open') throw new StateError(`data channel ${id} is not open`);
    const binary = typeof data !== 'string';
    const bytes = typeof data === 'string' ? utf8.encode(data) : data;
    if (this.remoteMaxMessageSize > 0 && bytes.length > this.remoteMaxMessageSize) {
      throw new MessageTooLargeError(bytes.length, this.remoteMaxMessageSize);
    }
    const empty = bytes.length === 0;
    const ppid = binary ? (empty ? Ppid.BINARY_EMPTY : Ppid.BINARY) : empty ? Ppid.STRING_EMPTY : Ppid.STRING;
    // RFC 8832 §6: before the ACK, messages go ordered.
    const unordered = !ch.ordered && ch.acked;
    this.association.send(ch.id, ppid, empty ? EMPTY_PAYLOAD : bytes, {
      unordered,
      maxRetransmits: ch.maxRetransmits,
      maxPacketLifeTime: ch.maxPacketLifeTime,
      now,
      uncounted: empty,
    });
  }

  /** Bytes queued on the channel and not yet handed to the network. */
  bufferedAmount(id: number): number {
    return this.association.bufferedAmount(id);
  }

  /** Sets the `bufferedamountlow` threshold. */
  setBufferedAmountLowThreshold(id: number, bytes: number): void {
    this.association.setBufferedAmountLowThreshold(id, bytes);
  }

  /** Starts closing a channel (RFC 8831 §6.7): queued messages go first, then the stream is reset. */
  close(id: number): void {
    const ch = this.channels.get(id);
    if (!ch || ch.state === 'closing' || ch.state === 'closed') return;
    ch.state = 'closing';
    this.events.push({ type: 'closing', id });
    if (this.association.state === 'established') this.association.resetStreams([id]);
    else this.finishClose(ch);
  }

  private finishClose(ch: DataChannel): void {
    if (ch.state === 'closed') return;
    ch.state = 'closed';
    this.channels.delete(ch.id);
    this.events.push({ type: 'closed', id: ch.id });
  }

  // ------------------------------------------------------------ sans-IO surface

  /** Feeds a received SCTP packet. */
  handle(now: number, packet: Uint8Array): void {
    this.association.handle(now, packet);
  }
  /** Runs due timers. */
  handleTimeout(now: number): void {
    this.association.handleTimeout(now);
  }
  /** The next packet to send. */
  pollTransmit(): Transmit | undefined {
    this.pump();
    return this.association.pollTransmit();
  }
  /** The next timer deadline. */
  pollTimeout(): number | undefined {
    return this.association.pollTimeout();
  }
  /** The next channel event. */
  pollEvent(): DataChannelEvent | undefined {
    this.pump();
    return this.events.shift();
  }

  /** Translates association events into channel events. */
  private pump(): void {
    for (let ev = this.association.pollEvent(); ev; ev = this.association.pollEvent()) {
      switch (ev.type) {
        case 'message':
          this.onMessage(ev.streamId, ev.ppid, ev.data);
          break;
        case 'buffered-amount-low':
          if (this.channels.has(ev.streamId)) this.events.push({ type: 'buffered-amount-low', id: ev.streamId });
          break;
        case 'stream-reset':
          this.onStreamReset(ev.direction, ev.streamIds);
          break;
        case 'connected':
          this.events.push({ type: 'association', event: ev });
          for (const ch of this.channels.values()) this.announce(ch);
          break;
        case 'closed':
          this.events.push({ type: 'association', event: ev });
          for (const ch of [...this.channels.values()]) this.finishClose(ch);
          break;
        default:
          this.events.push({ type: 'association', event: ev });
      }
    }
  }

  private onStreamReset(direction: 'incoming' | 'outgoing', ids: number[]): void {
    const all = ids.length === 0 ? [...this.channels.keys()] : ids;
    for (const id of all) {
      const ch = this.channels.get(id);
      if (!ch) continue;
      if (direction === 'outgoing') ch.outgoingReset = true;
      else {
        ch.incomingReset = true;
        // RFC 8831 §6.7: the peer closed; reset our direction too.
        if (ch.state !== 'closing') {
          ch.state = 'closing';
          this.events.push({ type: 'closing', id });
          this.association.resetStreams([id]);
        }
      }
      if (ch.outgoingReset && ch.incomingReset) this.finishClose(ch);
    }
  }

  private onMessage(id: number, ppid: number, data: Uint8Array): void {
    if (ppid === Ppid.DCEP) {
      this.onDcep(id, data);
      return;
    }
    const ch = this.channels.get(id);
    if (!ch || ch.state === 'closed') return;
    // RFC 8832 §6: any user message is an implicit ACK.
    ch.acked = true;
    let binary: boolean;
    let payload: Uint8Array;
    switch (ppid) {
      case Ppid.STRING:
      case Ppid.BINARY:
        binary = ppid === Ppid.BINARY;
        payload = data;
        if (ch.partial.length > 0) {
          ch.partial.push(data);
          payload = join(ch.partial, ch.partialBytes + data.length);
          ch.partial = [];
          ch.partialBytes = 0;
        }
        break;
      case Ppid.STRING_EMPTY:
      case Ppid.BINARY_EMPTY:
        binary = ppid === Ppid.BINARY_EMPTY;
        payload = new Uint8Array(0);
        break;
      case Ppid.STRING_PARTIAL:
      case Ppid.BINARY_PARTIAL:
        // Deprecated partial delivery (RFC 8831 §8): collect until the final part.
        ch.partial.push(data);
        ch.partialBytes += data.length;
        if (this.localMaxMessageSize > 0 && ch.partialBytes > this.localMaxMessageSize) {
          ch.partial = [];
          ch.partialBytes = 0;
          ch.oversizeDrops++;
        }
        return;
      default:
        return; // unknown PPID: not a WebRTC message
    }
    if (this.localMaxMessageSize > 0 && payload.length > this.localMaxMessageSize) {
      ch.oversizeDrops++;
      return;
    }
    this.events.push({ type: 'message', id, data: payload, binary });
  }

  private onDcep(id: number, data: Uint8Array): void {
    if (data.length === 1 && data[0] === DcepType.ACK) {
      const ch = this.channels.get(id);
      if (ch) ch.acked = true;
      return;
    }
    const open = decodeOpen(data);
    if (!open || this.channels.has(id)) {
      this.dcepErrors++;
      return;
    }
    const kind = open.channelType & 0x7f;
    const ch = new DataChannel(
      id,
      open.label,
      open.protocol,
      (open.channelType & 0x80) === 0,
      kind === 1 ? open.reliability : undefined,
      kind === 2 ? open.reliability : undefined,
      open.priority,
      false,
      false,
    );
    this.channels.set(id, ch);
    this.association.setStreamPriority(id, ch.priority);
    // RFC 8832 §6: answer on the same stream, ordered and reliable.
    this.association.send(id, Ppid.DCEP, encodeAck(), { uncounted: true });
    this.events.push({ type: 'channel', channel: ch });
    ch.state = 'open';
    this.events.push({ type: 'open', id });
  }
}

function join(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
