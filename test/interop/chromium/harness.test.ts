/**
 * Harness self-test: two RTCPeerConnections inside headless Chromium connect a
 * DataChannel over loopback (only 127.0.0.1 / ::1 candidates are exchanged)
 * and exchange a message each way. Proves the browser's WebRTC works in this
 * sandbox before any purertc interop test relies on it. Never skips: a missing
 * Chromium is a failure.
 */
import { launchChromium, loopbackOnly, type ChromiumHarness } from './harness.js';

jest.setTimeout(30_000);

let browser: ChromiumHarness;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

test('the page is a secure context on a loopback origin, with RTCPeerConnection', async () => {
  const info = await browser.eval(() => ({ secure: isSecureContext, origin: location.origin, pc: typeof RTCPeerConnection }));
  expect(info).toEqual({ secure: true, origin: 'http://127.0.0.1:9', pc: 'function' });
  expect(browser.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
});

test('loopbackOnly keeps loopback candidates and drops the others', () => {
  const sdp = [
    'v=0',
    'a=candidate:1 1 udp 2122194687 127.0.0.1 5000 typ host',
    'a=candidate:2 1 udp 2122063615 192.0.2.2 5001 typ host',
    'a=candidate:3 1 udp 2122267903 ::1 5002 typ host',
    'a=candidate:4 1 udp 2122134271 fd00::2 5003 typ host',
    '',
  ].join('\r\n');
  expect(loopbackOnly(sdp)).toBe(['v=0', 'a=candidate:1 1 udp 2122194687 127.0.0.1 5000 typ host', 'a=candidate:3 1 udp 2122267903 ::1 5002 typ host', ''].join('\r\n'));
});

test('two Chromium peers connect a DataChannel over loopback and exchange messages', async () => {
  const a = await browser.newPeer();
  const b = await browser.newPeer();
  try {
    await a.createDataChannel('self-test');
    await a.setLocalDescription();
    const offer = loopbackOnly((await a.gatheredLocalDescription()).sdp!);
    expect(offer).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/m);
    expect(offer).not.toMatch(/^a=candidate:\S+ \d \S+ \d+ (?!127\.|::1 )/m);

    await b.setRemoteDescription({ type: 'offer', sdp: offer });
    await b.setLocalDescription();
    const answer = loopbackOnly((await b.gatheredLocalDescription()).sdp!);
    expect(answer).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/m);
    await a.setRemoteDescription({ type: 'answer', sdp: answer });

    // Wire the channels in the page: b echoes what it receives, a collects.
    const result = await browser.eval(
      async (ids, h) => {
        const pa = h.peers.get(ids.a) as RTCPeerConnection;
        const pb = h.peers.get(ids.b) as RTCPeerConnection;
        const log = h.events.get(ids.b) as { channels: RTCDataChannel[] };
        const remote: RTCDataChannel =
          log.channels[0] ?? (await new Promise<RTCDataChannel>((r) => pb.addEventListener('datachannel', (e) => r(e.channel), { once: true })));
        remote.onmessage = (e) => remote.send(`echo:${e.data}`);
        const local = (h.events.get(ids.a) as { localChannels: RTCDataChannel[] }).localChannels[0]!;
        if (local.readyState !== 'open') await new Promise((r) => local.addEventListener('open', r, { once: true }));
        const echoed = await new Promise<string>((r) => {
          local.onmessage = (e) => r(e.data as string);
          local.send('hello from a');
        });
        // Both ends of each side's selected pair (a learned peer's address may be redacted: null).
        const ends = (pc: RTCPeerConnection) => {
          const p = pc.sctp!.transport.iceTransport.getSelectedCandidatePair()!;
          return [p.local.address, p.remote.address];
        };
        return { echoed, connectionState: pa.connectionState, pairs: [ends(pa), ends(pb)], label: remote.label };
      },
      { a: a.id, b: b.id },
    );
    expect(result.echoed).toBe('echo:hello from a');
    expect(result.connectionState).toBe('connected');
    expect(result.label).toBe('self-test');
    // Each side's pair has a loopback end: the signalled peer is loopback-only, so every
    // check goes to 127.0.0.1 / ::1. Chromium also pairs its sockets on the machine's other
    // addresses with those loopback candidates (e.g. fd00::2 -> ::1): such packets still
    // never leave the host, so the local end may be any local address.
    // Chromium may report an IPv6 address in URL form ("[::1]").
    const loopback = (a: string | null) => a !== null && /^(127\.|::1$)/.test(a.replace(/^\[(.*)\]$/, '$1'));
    for (const [local, remote] of result.pairs) expect(loopback(local!) || loopback(remote!)).toBe(true);
  } finally {
    await a.close();
    await b.close();
  }
});
