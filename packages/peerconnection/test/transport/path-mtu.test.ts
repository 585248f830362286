/**
 * SCTP packet size per path (path-mtu.ts): which pairs count as loopback, and
 * connections over real loopback UDP: by default two purertc peers (both
 * negotiate DTLS record_size_limit 16384, RFC 8449) probe and use
 * full-record SCTP packets, data intact; a peer that does not send the
 * extension is probed at 2048 bytes only (libwebrtc's limit), with a probe
 * padded by a second HEARTBEAT, unless `loopbackPathMtu: true` says more;
 * `loopbackPathMtu: false` never probes; a peer's smaller record limit caps
 * every SCTP packet.
 */
import { RTCPeerConnection, type RTCDataChannel } from '@purertc/peerconnection';
import { isLoopbackAddress, isLoopbackPair, LOOPBACK_SCTP_PACKET, UNSTATED_LOOPBACK_SCTP_PACKET } from '@purertc/peerconnection/transport/index';
import { PeerTransportDriver, type PeerTransportDriverOptions } from '@purertc/peerconnection/transport/node';
import type { IceCandidate } from '@purertc/ice';
import { connectPair } from '../../../../test/connect-pair';

const cand = (address: string, type: IceCandidate['type'] = 'host'): IceCandidate => ({ foundation: '1', component: 1, protocol: 'udp', priority: 1, address, port: 1, type });

describe('loopback paths', () => {
  it('recognizes loopback addresses only', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['192.0.2.1', '10.0.0.1', '::', 'fe80::1', '128.0.0.1', '127.0.0', 'host.local', '::ffff:10.0.0.1']) expect(isLoopbackAddress(a)).toBe(false);
  });
  it('a pair is loopback only host-to-host with both ends on loopback', () => {
    expect(isLoopbackPair({ local: cand('127.0.0.1'), remote: cand('127.0.0.1') })).toBe(true);
    expect(isLoopbackPair({ local: cand('127.0.0.1'), remote: cand('127.0.0.1', 'prflx') })).toBe(true);
    expect(isLoopbackPair({ local: cand('127.0.0.1', 'relay'), remote: cand('127.0.0.1') })).toBe(false);
    expect(isLoopbackPair({ local: cand('127.0.0.1'), remote: cand('192.0.2.7') })).toBe(false);
    expect(isLoopbackPair({ local: cand('192.0.2.7'), remote: cand('127.0.0.1') })).toBe(false);
  });
});

type DriverOptions = Partial<PeerTransportDriverOptions>;

async function connect(optsA: DriverOptions, optsB: DriverOptions = optsA) {
  const drivers: PeerTransportDriver[] = [];
  const make = (driver: DriverOptions) =>
    new RTCPeerConnection({}, {
      network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] },
      transport: {
        driver,
        createDriver: async (o: PeerTransportDriverOptions) => {
          const d = await PeerTransportDriver.create(o);
          drivers.push(d);
          return d;
        },
      },
    });
  const a = make(optsA);
  const b = make(optsB);
  const { ch, rch } = await connectPair(a, b, 'bulk');
  return { a, b, ch, rch, drivers };
}

/** Sends `count` messages of `size` bytes (each filled with its index) and checks them on arrival. */
async function transfer(ch: RTCDataChannel, rch: RTCDataChannel, size: number, count: number): Promise<number> {
  rch.binaryType = 'arraybuffer';
  let got = 0;
  let bad = 0;
  const done = new Promise<void>((resolve) => {
    rch.onmessage = (e) => {
      const u = new Uint8Array(e.data as ArrayBuffer);
      if (u.length !== size || u[0] !== (got & 0xff) || u[size - 1] !== (got & 0xff)) bad++;
      if (++got === count) resolve();
    };
  });
  for (let i = 0; i < count; i++) ch.send(new Uint8Array(size).fill(i & 0xff));
  await done;
  return bad;
}

describe('SCTP packet size over real loopback UDP', () => {
  /** Runs a 16 KiB-message transfer, then returns each side's SCTP packet size (a's, b's). */
  async function sizes(optsA: DriverOptions, optsB: DriverOptions = optsA, count = 64): Promise<number[]> {
    const before = PeerTransportDriver.activeHandles;
    const { a, b, ch, rch, drivers } = await connect(optsA, optsB);
    let out: number[];
    try {
      expect(await transfer(ch, rch, 16 * 1024, count)).toBe(0);
      // Back the other way too, so b's packet size is exercised.
      expect(await transfer(rch, ch, 16 * 1024, 8)).toBe(0);
      out = drivers.map((d) => d.transport.association!.pathMtu);
      // Every packet fit the peer's record limit: none had to be dropped on the way to DTLS.
      for (const d of drivers) expect(d.transport.counters.droppedOversize).toBe(0);
    } finally {
      a.close();
      b.close();
    }
    await Promise.all(drivers.map((d) => d.close()));
    expect(PeerTransportDriver.activeHandles).toBe(before);
    return out;
  }

  it('by default, two purertc peers (record_size_limit 16384 both ways) probe and use 16 KiB packets, messages intact and in order', async () => {
    expect(await sizes({}, {}, 128)).toEqual([LOOPBACK_SCTP_PACKET, LOOPBACK_SCTP_PACKET]);
  });

  it('by default, a peer whose DTLS does not send record_size_limit is probed at 2048 bytes only', async () => {
    // b plays a stack without RFC 8449 (Chromium, OpenSSL, werift): neither side negotiates it.
    expect(await sizes({}, { dtls: { recordSizeLimit: false } })).toEqual([UNSTATED_LOOPBACK_SCTP_PACKET, UNSTATED_LOOPBACK_SCTP_PACKET]);
    expect(UNSTATED_LOOPBACK_SCTP_PACKET).toBe(2048);
  });

  it('loopbackPathMtu: true probes whatever the peer said; false never probes', async () => {
    expect(await sizes({ loopbackPathMtu: true, dtls: { recordSizeLimit: false } })).toEqual([LOOPBACK_SCTP_PACKET, LOOPBACK_SCTP_PACKET]);
    expect(await sizes({ loopbackPathMtu: false })).toEqual([1200, 1200]);
  });

  it("the peer's smaller record_size_limit caps every SCTP packet we send (RFC 8449 §4)", async () => {
    // b accepts records of at most 1000 bytes: a sends 1000-byte packets and never probes; b may still
    // probe a, which takes full records.
    const [sa, sb] = await sizes({}, { dtls: { recordSizeLimit: 1000 } });
    expect(sa).toBe(1000);
    expect(sb).toBe(LOOPBACK_SCTP_PACKET);
  });
});
