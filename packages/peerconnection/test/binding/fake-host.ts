/**
 * A minimal stand-in for RTCPeerConnection around a TransportBinding: an
 * EventTarget, data channels as plain objects, local descriptions built
 * with @purertc/sdp, and an event log.
 */
import { generateDtlsCertificate, type DtlsCertificate } from '@purertc/dtls';
import { createDataMediaSection, createSessionDescription, serializeSdp } from '@purertc/sdp';
import { TransportBinding, type BoundChannel, type TransportBindingHost } from '../../src/transport-binding.js';
import { certificateFingerprint } from '@purertc/dtls';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { until } from '../../../../test/until';

export async function makeCertificate(): Promise<DtlsCertificate> {
  return generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto as Crypto, now: Date.now() });
}

/** A data channel object for the binding. */
export class FakeChannel extends EventTarget implements BoundChannel {
  id: number | null;
  readyState: BoundChannel['readyState'] = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: 'blob' | 'arraybuffer' = 'arraybuffer';
  readonly target: EventTarget = this;
  readonly log: string[] = [];
  constructor(
    readonly host: FakeHost,
    readonly label: string,
    readonly ordered = true,
    readonly maxRetransmits: number | null = null,
    readonly maxPacketLifeTime: number | null = null,
    readonly negotiated = false,
    id: number | null = null,
    readonly protocol = '',
  ) {
    super();
    this.id = id;
    for (const t of ['open', 'closing', 'close', 'error', 'bufferedamountlow']) this.addEventListener(t, () => this.log.push(t));
  }
  announceClosed(): void {
    this.readyState = 'closed';
    this.host.channels.delete(this);
    this.dispatchEvent(new Event('close'));
  }
  send(data: unknown): void {
    this.host.binding.sendMessage(this, data);
  }
}

let session = 1;

export class FakeHost extends EventTarget implements TransportBindingHost {
  readonly target: EventTarget = this;
  closed = false;
  readonly channels = new Set<FakeChannel>();
  readonly log: string[] = [];
  readonly candidates: string[] = [];
  readonly remoteChannels: FakeChannel[] = [];
  binding!: TransportBinding;
  ufrag: string;
  pwd: string;
  fingerprint: { algorithm: string; value: string };
  constructor(readonly certificate: DtlsCertificate, readonly name: string) {
    super();
    this.ufrag = `${name}ufr${session++}`;
    this.pwd = `${name}password0abcdefghijklmnop`;
    this.fingerprint = certificateFingerprint(certificate.certificateDer, 'sha-256', nodeCrypto);
    this.binding = new TransportBinding(this, {
      certificate,
      fingerprint: this.fingerprint,
      includeLoopback: true,
      ipv6: false,
      addresses: ['127.0.0.1'],
      driver: { dtls: { initialRetransmitMs: 50 } },
    });
    for (const t of ['icegatheringstatechange', 'iceconnectionstatechange', 'connectionstatechange']) {
      this.addEventListener(t, () => this.log.push(`${t}:${t === 'icegatheringstatechange' ? this.binding.iceGatheringState : t === 'iceconnectionstatechange' ? this.binding.iceConnectionState : this.binding.connectionState}`));
    }
    this.addEventListener('icecandidate', (e) => {
      const c = (e as unknown as { candidate: { candidate: string } | null }).candidate;
      this.log.push(c === null ? 'icecandidate:null' : c.candidate === '' ? 'icecandidate:end' : 'icecandidate');
      if (c) this.candidates.push(c.candidate);
    });
    this.addEventListener('datachannel', (e) => this.log.push(`datachannel:${(e as unknown as { channel: FakeChannel }).channel.label}`));
  }
  isClosed(): boolean {
    return this.closed;
  }
  surfaceCandidate(_line: string, ufrag: string, tag: { sdpMid: string | null; sdpMLineIndex: number }): boolean {
    expect(tag).toEqual({ sdpMid: '0', sdpMLineIndex: 0 });
    return ufrag === this.ufrag;
  }
  dataChannels(): Iterable<BoundChannel> {
    return this.channels;
  }
  createRemoteChannel(p: { label: string; protocol: string; ordered: boolean; maxRetransmits: number | null; maxPacketLifeTime: number | null; negotiated: boolean; id: number }): BoundChannel {
    const ch = new FakeChannel(this, p.label, p.ordered, p.maxRetransmits, p.maxPacketLifeTime, p.negotiated, p.id, p.protocol);
    this.channels.add(ch);
    this.remoteChannels.push(ch);
    return ch;
  }
  createChannel(label: string, init: { ordered?: boolean; maxRetransmits?: number; negotiated?: boolean; id?: number } = {}): FakeChannel {
    const ch = new FakeChannel(this, label, init.ordered ?? true, init.maxRetransmits ?? null, null, init.negotiated ?? false, init.id ?? null);
    this.channels.add(ch);
    this.binding.attachChannel(ch);
    return ch;
  }
  /** A data-only description with our credentials and a=setup. */
  description(setup: 'actpass' | 'active' | 'passive', candidates: string[] = [], endOfCandidates = false): string {
    const sdp = createSessionDescription({ sessionId: '1', sessionVersion: 1, bundleMids: ['0'] });
    const m = createDataMediaSection({ mid: '0', iceUfrag: this.ufrag, icePwd: this.pwd, fingerprints: [this.fingerprint], setup });
    m.candidates = candidates.map((c) => ({ attribute: c }) as never);
    m.endOfCandidates = endOfCandidates;
    sdp.media.push(m);
    return serializeSdp(sdp);
  }
  restart(): void {
    this.ufrag = `${this.name}rst${session++}`;
    this.pwd = `${this.name}restart0password0abcdefgh`;
  }
  close(): Promise<void> {
    this.closed = true;
    for (const ch of this.channels) ch.readyState = 'closed';
    return this.binding.close();
  }
}

export { until };
