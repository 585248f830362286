/**
 * SCTP packet size per path (path-mtu.ts): which pairs count as loopback, and
 * two connections over real loopback UDP that opt in (`loopbackPathMtu`)
 * probe and use full-record SCTP packets, data intact; without the opt-in
 * they stay at 1200 bytes.
 */
import { RTCPeerConnection, type RTCDataChannel } from '@purertc/peerconnection';
import { isLoopbackAddress, isLoopbackPair, LOOPBACK_SCTP_PACKET } from '@purertc/peerconnection/transport/index';
import { PeerTransportDriver, type PeerTransportDriverOptions } from '@purertc/peerconnection/transport/node';
import type { IceCandidate } from '@purertc/ice';

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

async function connect(loopbackPathMtu: boolean) {
  const drivers: PeerTransportDriver[] = [];
  const make = () =>
    new RTCPeerConnection({}, {
      network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] },
      transport: {
        driver: { loopbackPathMtu },
        createDriver: async (o: PeerTransportDriverOptions) => {
          const d = await PeerTransportDriver.create(o);
          drivers.push(d);
          return d;
        },
      },
    });
  const a = make();
  const b = make();
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate).catch(() => undefined));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate).catch(() => undefined));
  const ch = a.createDataChannel('bulk');
  const remote = new Promise<RTCDataChannel>((r) => (b.ondatachannel = (e) => r(e.channel)));
  const open = new Promise((r) => (ch.onopen = r));
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  await open;
  const rch = await remote;
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

describe('loopbackPathMtu over real loopback UDP', () => {

  it('opted in: the association probes and uses 16 KiB packets, messages intact and in order', async () => {
    const before = PeerTransportDriver.activeHandles;
    const { a, b, ch, rch, drivers } = await connect(true);
    try {
      const bad = await transfer(ch, rch, 16 * 1024, 128);
      expect(bad).toBe(0);
      for (const d of drivers) expect(d.transport.association?.pathMtu).toBe(LOOPBACK_SCTP_PACKET);
    } finally {
      a.close();
      b.close();
    }
    await Promise.all(drivers.map((d) => d.close()));
    expect(PeerTransportDriver.activeHandles).toBe(before);

  });

  it('by default: no probe, 1200-byte SCTP packets', async () => {
    const { a, b, ch, rch, drivers } = await connect(false);
    try {
      expect(await transfer(ch, rch, 16 * 1024, 16)).toBe(0);
      for (const d of drivers) expect(d.transport.association?.pathMtu).toBe(1200);
    } finally {
      a.close();
      b.close();
    }
    await Promise.all(drivers.map((d) => d.close()));
  });
});
