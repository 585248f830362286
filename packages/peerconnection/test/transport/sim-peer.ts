/**
 * Glue between a PeerTransport and the simulated network (test/sim): one
 * transport on one simulated host, trickle signalling with a partner, and an
 * event log with virtual timestamps.
 */
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { generateDtlsCertificate, type DtlsCertificate } from '@purertc/dtls';
import { PeerTransport, type PeerTransportEvent, type PeerTransportOptions, type TransportChannel } from '@purertc/peerconnection/transport/index';
import type { Participant, SimNat, SimNetwork } from '../../../../test/sim/network';

/** Generates one ECDSA P-256 certificate (WebCrypto; async once per test file). */
export function makeCertificate(): Promise<DtlsCertificate> {
  return generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto as Crypto, now: Date.now() });
}

/** One PeerTransport on a simulated host. */
/** One receive buffer shared by every scribbling peer (large enough for any datagram). */
const scratch = new Uint8Array(70_000);

export class SimTransportPeer implements Participant {
  readonly pt: PeerTransport;
  readonly log: { t: number; e: PeerTransportEvent }[] = [];
  partner: SimTransportPeer | undefined;
  /** Messages received per channel label. */
  readonly received = new Map<string, { data: Uint8Array; binary: boolean }[]>();
  /** Channels announced by the peer (`datachannel`). */
  readonly remoteChannels: TransportChannel[] = [];
  /** Pass each datagram as a view of a shared buffer that is overwritten right after handle() (see the constructor). */
  scribble = false;
  /** Called for every event after logging (tests hook echo servers here). */
  onEvent: ((e: PeerTransportEvent, now: number) => void) | undefined;

  constructor(
    private readonly net: SimNetwork,
    readonly name: string,
    readonly ip: string,
    opts: Omit<PeerTransportOptions, 'components' | 'ice'> & { ice?: PeerTransportOptions['ice'] },
    seed: number,
    nat?: SimNat,
  ) {
    this.pt = new PeerTransport({
      components: { crypto: nodeCrypto, random: seededRandom(seed) },
      ...opts,
      ice: {
        interfaces: () => [{ name: 'eth0', address: ip, family: 'IPv4', internal: false }],
        bind: () => 5000,
        ...opts.ice,
      },
    });
    net.addHost(ip, (now, d) => {
      if (this.scribble) {
        // The caller's buffer is only borrowed for the call: hand a view of one shared scratch
        // buffer and overwrite it as soon as handle() returns (what a driver reusing its receive
        // buffer would do). Anything the transport kept without copying would now be garbage.
        const view = scratch.subarray(7, 7 + d.data.length);
        view.set(d.data);
        this.pt.handle(now, view, d.from, d.to);
        scratch.fill(0xee);
      } else this.pt.handle(now, d.data, d.from, d.to);
      this.drain(now);
    }, nat);
  }

  pollTimeout(): number | undefined {
    return this.pt.pollTimeout();
  }

  handleTimeout(now: number): void {
    this.pt.handleTimeout(now);
    this.drain(now);
  }

  flush(now: number): void {
    this.drain(now);
  }

  /** Events of one type. */
  events<T extends PeerTransportEvent['type']>(type: T): Extract<PeerTransportEvent, { type: T }>[] {
    return this.log.filter((x) => x.e.type === type).map((x) => x.e) as Extract<PeerTransportEvent, { type: T }>[];
  }

  /** The sequence of values of a state event type. */
  states(type: 'ice-state' | 'dtls-state' | 'sctp-state' | 'connection-state' | 'ice-connection-state'): string[] {
    return this.log.filter((x) => x.e.type === type).map((x) => (x.e as { state: string }).state);
  }

  drain(now: number): void {
    for (let t = this.pt.pollTransmit(); t; t = this.pt.pollTransmit()) {
      this.net.send({ address: t.from!.address, port: t.from!.port }, { address: t.to!.address, port: t.to!.port }, t.data);
    }
    for (let e = this.pt.pollEvent(); e; e = this.pt.pollEvent()) {
      this.log.push({ t: now, e });
      if (e.type === 'ice-candidate' && this.partner) {
        this.partner.pt.addRemoteCandidate(now, e.candidate);
        this.partner.drain(now);
      } else if (e.type === 'ice-end-of-candidates' && this.partner) {
        this.partner.pt.addRemoteEndOfCandidates(now);
        this.partner.drain(now);
      } else if (e.type === 'datachannel') this.remoteChannels.push(e.channel);
      else if (e.type === 'channel-message') {
        const list = this.received.get(e.channel.label) ?? [];
        list.push({ data: e.data, binary: e.binary });
        this.received.set(e.channel.label, list);
      }
      this.onEvent?.(e, now);
    }
    // Events may have queued more output (echoes): send it too.
    for (let t = this.pt.pollTransmit(); t; t = this.pt.pollTransmit()) {
      this.net.send({ address: t.from!.address, port: t.from!.port }, { address: t.to!.address, port: t.to!.port }, t.data);
    }
  }
}

/**
 * Offer/answer between an offerer `a` (ICE controlling, a=setup:actpass, so
 * the DTLS server once the answer says active) and an answerer `b` (DTLS
 * client), then trickle and gathering on both.
 */
export function signal(now: number, a: SimTransportPeer, b: SimTransportPeer, opts: { wrongFingerprintAtB?: boolean } = {}): void {
  a.partner = b;
  b.partner = a;
  const ai = a.pt.localIceParameters;
  const bi = b.pt.localIceParameters;
  const aFp = opts.wrongFingerprintAtB ? { algorithm: 'sha-256' as const, value: a.pt.localFingerprint.value.replace(/^../, a.pt.localFingerprint.value.startsWith('00') ? '01' : '00') } : a.pt.localFingerprint;
  // The answerer applies the offer…
  b.pt.setRemoteParameters(now, { iceUfrag: ai.usernameFragment, icePwd: ai.password, fingerprints: [aFp], dtlsRole: 'client' });
  // …and the offerer the answer (a=setup:active → we are passive, the DTLS server).
  a.pt.setRemoteParameters(now, { iceUfrag: bi.usernameFragment, icePwd: bi.password, fingerprints: [b.pt.localFingerprint], dtlsRole: 'server' });
  a.pt.startGathering(now);
  b.pt.startGathering(now);
  a.drain(now);
  b.drain(now);
}
