/**
 * Two purertc RTCPeerConnections in one process, connected over real UDP on
 * 127.0.0.1 through the W3C API only: both signaling orders, trickle and
 * non-trickle, every channel flavour, getStats, an ICE restart in the middle
 * of a transfer, and close() releasing every socket and timer (also checked
 * in a child process that must exit on its own).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RTCPeerConnection, type RTCDataChannel } from '@purertc/peerconnection';
import { PeerTransportDriver } from '@purertc/peerconnection/transport/node';
import { until } from '../until';

const LOOPBACK = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };

function pair(): [RTCPeerConnection, RTCPeerConnection] {
  return [new RTCPeerConnection({}, LOOPBACK), new RTCPeerConnection({}, LOOPBACK)];
}


function event<T extends Event = Event>(target: EventTarget, type: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${type} event`)), ms);
    target.addEventListener(type, (e) => {
      clearTimeout(t);
      resolve(e as T);
    }, { once: true });
  });
}

/** Trickle: every candidate of `from` goes to `to` (the null one is not forwarded). */
function trickle(from: RTCPeerConnection, to: RTCPeerConnection): void {
  from.addEventListener('icecandidate', (e) => {
    const c = (e as RTCPeerConnectionIceEvent).candidate;
    if (c) void to.addIceCandidate(c).catch(() => undefined);
  });
}

async function negotiateTrickle(offerer: RTCPeerConnection, answerer: RTCPeerConnection): Promise<void> {
  await offerer.setLocalDescription();
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription();
  await offerer.setRemoteDescription(answerer.localDescription!);
}

const gathered = (pc: RTCPeerConnection): Promise<void> => (pc.iceGatheringState === 'complete' ? Promise.resolve() : event(pc, 'icegatheringstatechange').then(() => gathered(pc)));

describe('purertc to purertc over loopback UDP, through the W3C API', () => {
  let before = 0;
  beforeEach(() => {
    before = PeerTransportDriver.activeHandles;
  });
  afterEach(() => {
    expect(PeerTransportDriver.activeHandles).toBe(before);
  });

  it('trickle, the offerer creates the channel: states, events and messages both ways', async () => {
    const [a, b] = pair();
    try {
      trickle(a, b);
      trickle(b, a);
      const log: string[] = [];
      for (const [n, pc] of [['a', a], ['b', b]] as const) {
        pc.addEventListener('iceconnectionstatechange', () => log.push(`${n}:ice:${pc.iceConnectionState}`));
        pc.addEventListener('connectionstatechange', () => log.push(`${n}:conn:${pc.connectionState}`));
        pc.addEventListener('icegatheringstatechange', () => log.push(`${n}:gather:${pc.iceGatheringState}`));
      }
      const ch = a.createDataChannel('chat');
      expect(ch.id).toBeNull();
      const remote = event<RTCDataChannelEvent>(b, 'datachannel');
      await negotiateTrickle(a, b);
      expect(a.sctp).not.toBeNull();
      expect(a.sctp!.transport.iceTransport).toBeDefined();
      await event(ch, 'open');
      const rch = (await remote).channel as unknown as RTCDataChannel;
      expect(rch.readyState).toBe('open');
      expect(ch.id).toBe(1); // the offerer is the DTLS server: odd ids
      expect(rch.id).toBe(1);
      expect(a.connectionState).toBe('connected');
      expect(a.iceGatheringState).toBe('complete');
      expect(log.filter((x) => x.startsWith('a:conn'))).toEqual(['a:conn:connecting', 'a:conn:connected']);
      expect(a.sctp!.state).toBe('connected');
      expect(a.sctp!.maxMessageSize).toBe(262144);
      expect(a.sctp!.transport.state).toBe('connected');
      expect(a.sctp!.transport.getRemoteCertificates()).toHaveLength(1);
      const pairInfo = a.sctp!.transport.iceTransport.getSelectedCandidatePair()!;
      expect(pairInfo.local.address).toBe('127.0.0.1');
      // Messages both ways: string, ArrayBuffer, view, Blob; binaryType.
      const got: unknown[] = [];
      rch.onmessage = (e) => rch.send(e.data);
      ch.onmessage = (e) => got.push(e.data);
      ch.send('hi');
      ch.send(new Uint8Array([1, 2, 3]).buffer);
      ch.send(new Uint16Array([0x0102]));
      ch.send(new Blob(['blob!']));
      await until(() => got.length === 4, 5000, 'echo');
      expect(got[0]).toBe('hi');
      expect(new Uint8Array(got[1] as ArrayBuffer)).toEqual(Uint8Array.of(1, 2, 3));
      expect((got[2] as ArrayBuffer).byteLength).toBe(2);
      expect(new TextDecoder().decode(got[3] as ArrayBuffer)).toBe('blob!');
      ch.binaryType = 'blob';
      ch.send(Uint8Array.of(5));
      await until(() => got.length === 5, 5000, 'blob message');
      expect(got[4]).toBeInstanceOf(Blob);
      expect(new Uint8Array(await (got[4] as Blob).arrayBuffer())).toEqual(Uint8Array.of(5));
      // Too large for the peer: TypeError; not open: InvalidStateError.
      expect(() => ch.send(new Uint8Array(262145))).toThrow(TypeError);
      // getStats.
      const report = await a.getStats();
      const types = new Set([...report.values()].map((s: { type: string }) => s.type));
      for (const t of ['peer-connection', 'transport', 'candidate-pair', 'local-candidate', 'remote-candidate', 'certificate', 'data-channel']) expect(types).toContain(t);
      // Close from the answerer's side.
      const closing = event(ch, 'closing');
      const closed = event(ch, 'close');
      rch.close();
      expect(rch.readyState).toBe('closing');
      await closing;
      await closed;
      expect(() => ch.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    } finally {
      a.close();
      b.close();
    }
    expect(a.connectionState).toBe('closed');
    await until(() => PeerTransportDriver.activeHandles === before, 5000, 'sockets released');
  }, 30_000);

  it('non-trickle, the answerer creates the channels: ordered, unordered, partially reliable and negotiated', async () => {
    const [a, b] = pair();
    try {
      a.createDataChannel('bootstrap'); // an m=application section in the offer
      await a.setLocalDescription();
      await gathered(a);
      expect(a.localDescription!.sdp).toContain('a=candidate:');
      expect(a.localDescription!.sdp).toContain('a=end-of-candidates');
      await b.setRemoteDescription(a.localDescription!);
      const unordered = b.createDataChannel('unordered', { ordered: false });
      const lossy = b.createDataChannel('lossy', { ordered: false, maxRetransmits: 0 });
      const timed = b.createDataChannel('timed', { maxPacketLifeTime: 500 });
      const nb = b.createDataChannel('neg', { negotiated: true, id: 42 });
      const na = a.createDataChannel('neg', { negotiated: true, id: 42 });
      await b.setLocalDescription();
      await gathered(b);
      await a.setRemoteDescription(b.localDescription!);
      const remote: RTCDataChannel[] = [];
      a.ondatachannel = (e) => remote.push(e.channel as unknown as RTCDataChannel);
      await until(() => remote.length === 3 && [unordered, lossy, timed, nb, na].every((c) => c.readyState === 'open'), 10_000, 'channels open');
      expect(unordered.id! % 2).toBe(0); // the answerer (DTLS client) uses even ids
      const byLabel = new Map(remote.map((c) => [c.label, c]));
      expect(byLabel.get('unordered')!.ordered).toBe(false);
      expect(byLabel.get('lossy')!.maxRetransmits).toBe(0);
      expect(byLabel.get('timed')!.maxPacketLifeTime).toBe(500);
      const got = new Map<string, unknown[]>();
      for (const c of [...remote, na]) {
        got.set(c.label, []);
        c.onmessage = (e) => got.get(c.label)!.push(e.data);
      }
      for (const c of [unordered, lossy, timed, nb]) for (let i = 0; i < 20; i++) c.send(`${c.label}-${i}`);
      await until(() => [...got.values()].every((v) => v.length >= 20), 10_000, 'messages on every channel');
      expect(got.get('neg')).toEqual(Array.from({ length: 20 }, (_, i) => `neg-${i}`));
      expect(new Set(got.get('unordered'))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `unordered-${i}`)));
    } finally {
      a.close();
      b.close();
    }
    await until(() => PeerTransportDriver.activeHandles === before, 5000, 'sockets released');
  }, 30_000);

  it('restartIce() in the middle of a reliable transfer loses and reorders nothing', async () => {
    const [a, b] = pair();
    try {
      trickle(a, b);
      trickle(b, a);
      a.onnegotiationneeded = async () => {
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
      };
      const ch = a.createDataChannel('reliable');
      const remote = event<RTCDataChannelEvent>(b, 'datachannel');
      await event(ch, 'open');
      const rch = (await remote).channel as unknown as RTCDataChannel;
      const got: number[] = [];
      rch.onmessage = (e) => got.push(Number(e.data));
      const ufrag = a.sctp!.transport.iceTransport.getLocalParameters()!.usernameFragment;
      let sent = 0;
      const pump = setInterval(() => {
        for (let i = 0; i < 50 && ch.bufferedAmount < 65536; i++) ch.send(String(sent++));
      }, 1);
      try {
        await until(() => got.length > 200, 5000, 'first messages');
        const ice = a.sctp!.transport.iceTransport;
        let pairChanges = 0;
        ice.onselectedcandidatepairchange = () => pairChanges++;
        a.restartIce();
        // The new generation's pair is selected (its local candidate carries the new ufrag) while data flows.
        await until(() => ice.getLocalParameters()!.usernameFragment !== ufrag && a.signalingState === 'stable' && pairChanges > 0 && ice.getSelectedCandidatePair()!.local.usernameFragment === ice.getLocalParameters()!.usernameFragment && got.length > 1000, 10_000, 'restart');
      } finally {
        clearInterval(pump);
      }
      await until(() => got.length === sent, 10_000, 'every message');
      expect(got).toEqual(Array.from({ length: sent }, (_, i) => i));
      expect(a.connectionState).toBe('connected');
      expect(a.localDescription!.sdp).not.toContain(`a=ice-ufrag:${ufrag}`);
    } finally {
      a.close();
      b.close();
    }
    await until(() => PeerTransportDriver.activeHandles === before, 5000, 'sockets released');
  }, 30_000);

  it('close() on one side: close_notify reaches the peer, whose DTLS transport and channels close', async () => {
    const [a, b] = pair();
    try {
      trickle(a, b);
      trickle(b, a);
      expect(a.sctp).toBeNull();
      const audio = a.addTransceiver('audio');
      expect(audio.sender.transport).toBeNull();
      const ch = a.createDataChannel('bye');
      const remote = event<RTCDataChannelEvent>(b, 'datachannel');
      await negotiateTrickle(a, b);
      const sctp = a.sctp!;
      expect(a.sctp).toBe(sctp); // [[SctpTransport]] is one object
      expect(sctp.transport.iceTransport).toBe(sctp.transport.iceTransport);
      // BUNDLE: the audio section shares the one DTLS transport.
      expect(audio.sender.transport).toBe(sctp.transport);
      expect(audio.receiver.transport).toBe(sctp.transport);
      await event(ch, 'open');
      const rch = (await remote).channel as unknown as RTCDataChannel;
      const bDtls = b.sctp!.transport;
      const dtlsClosed = new Promise<void>((resolve) => bDtls.addEventListener('statechange', () => bDtls.state === 'closed' && resolve()));
      const rclosed = event(rch, 'close');
      const events: string[] = [];
      a.onconnectionstatechange = () => events.push('connectionstatechange');
      ch.onclose = () => events.push('close');
      a.close();
      // close() fires nothing on its own side, and everything is closed at once.
      expect([a.connectionState, a.iceConnectionState, a.signalingState, ch.readyState]).toEqual(['closed', 'closed', 'closed', 'closed']);
      expect([sctp.state, sctp.transport.state, sctp.transport.iceTransport.state]).toEqual(['closed', 'closed', 'closed']);
      await dtlsClosed;
      await rclosed;
      expect(events).toEqual([]);
      expect(b.sctp!.state).toBe('closed');
    } finally {
      a.close();
      b.close();
    }
    await until(() => PeerTransportDriver.activeHandles === before, 5000, 'sockets released');
  }, 30_000);

  it('a script that closes its connections exits on its own (built dist)', async () => {
    const script = join(__dirname, 'node-node-exit.mjs');
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the script did not exit within 10 s:\n${out}`));
      }, 10_000);
      child.on('exit', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(out).toContain('message: ping');
    expect(out).toContain('closed');
    expect(code).toBe(0);
  }, 20_000);
});
