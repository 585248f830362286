/**
 * ICE restart against Chromium in the middle of a reliable transfer flowing
 * both ways, each side restarting, in both signaling orders (issues 5 and 7;
 * formerly pending-ice-restart.test.ts.ignore).
 *
 * What it took (packages/ice, RFC 8445): the answerer of a restart keeps the
 * peer's new credentials and candidates (§9); a check received on an
 * In-Progress or Failed pair triggers a new check (§7.3.1.4); data is accepted
 * from an address whose authenticated check we answered (§12.1); and a check
 * whose USERNAME pairs our previous ufrag with Chromium's new one (Chromium
 * pairs its new ports with our previous generation's candidates until it has
 * our new ones) gets 401 instead of validating a pair Chromium would then
 * nominate but we never check. Signaling here waits for the new generation's
 * candidates before sending a description (see `regathered`).
 */
import { RTCPeerConnection } from '@purertc/peerconnection';
import { launchChromium, loopbackOnly, type ChromiumHarness, type ChromiumPeer, type DescriptionInit } from './harness.js';
import { chromiumOffers, event, LOOPBACK, nodeOffers, poll, ufragOf, until } from './peers.js';

/**
 * purertc's local description once the ICE generation it names has gathered:
 * right after a restart's setLocalDescription, iceGatheringState may still
 * read 'complete' (the 'gathering' change is a queued task), so this waits for
 * a host candidate carrying the description's own ufrag. Without it the
 * description sent carries no candidate of the new generation; Chromium then
 * pairs its new ports with our previous generation's candidates (their
 * old ufrag), answers our new-generation checks with 401 and never reaches
 * the new generation over non-trickle signaling.
 */
async function regathered(pc: RTCPeerConnection): Promise<DescriptionInit> {
  const current = () => {
    const sdp = pc.localDescription!.sdp;
    return sdp.includes(` typ host ufrag ${ufragOf(sdp)}`) && pc.iceGatheringState === 'complete';
  };
  await until(current, 5000, 'purertc gathering of the new generation');
  return { type: pc.localDescription!.type as DescriptionInit['type'], sdp: pc.localDescription!.sdp };
}

/** purertc re-offers after restartIce(), Chromium answers. */
async function nodeReoffers(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<void> {
  await pc.setLocalDescription();
  await peer.setRemoteDescription(await regathered(pc));
  await peer.setLocalDescription();
  const answer = await peer.gatheredLocalDescription();
  await pc.setRemoteDescription({ type: 'answer', sdp: loopbackOnly(answer.sdp!) });
}

/** Chromium re-offers after its restartIce(), purertc answers. */
async function chromiumReoffers(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<void> {
  await peer.setLocalDescription();
  const offer = await peer.gatheredLocalDescription();
  await pc.setRemoteDescription({ type: 'offer', sdp: loopbackOnly(offer.sdp!) });
  await pc.setLocalDescription();
  await peer.setRemoteDescription(await regathered(pc));
}

let browser: ChromiumHarness;

beforeAll(async () => {
  browser = await launchChromium({ timeoutMs: 30_000 });
  await browser.eval(() => {
    const w = globalThis as any;
    w.__tx = {
      /** Sends "0", "1", ... on `ch` every ms (bounded queue) until stopped; checks what arrives is 0, 1, ... */
      pump(ch: RTCDataChannel) {
        const s = { sent: 0, stop: false, received: 0, outOfOrder: 0 };
        ch.onmessage = (e) => {
          if (Number(e.data) !== s.received) s.outOfOrder++;
          s.received++;
        };
        const timer = setInterval(() => {
          if (s.stop) return clearInterval(timer);
          for (let i = 0; i < 50 && ch.bufferedAmount < 65536; i++) ch.send(String(s.sent++));
        }, 1);
        return s;
      },
    };
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('ICE restart in the middle of a reliable transfer flowing both ways', () => {
  /**
   * Opens a reliable channel from purertc, starts a sequence-number pump on
   * both ends, runs `restart`, lets data flow on the new pair, stops and checks
   * every message arrived exactly once, in order, on both sides.
   */
  async function restartMidTransfer(offerer: 'purertc' | 'chromium', restartBy: 'purertc' | 'chromium'): Promise<void> {
    const pc = new RTCPeerConnection({}, LOOPBACK);
    const peer = await browser.newPeer();
    let pump: NodeJS.Timeout | undefined;
    try {
      await peer.eval((p) => {
        const w = globalThis as any;
        p.ondatachannel = (e) => (w.__pump = w.__tx.pump(e.channel));
      });
      const ch = pc.createDataChannel('reliable');
      // Listen from the start: Chromium's pump starts on its 'datachannel' event, which can come
      // before our 'open' (its first messages would otherwise reach no handler).
      const got: number[] = [];
      let outOfOrder = 0;
      ch.onmessage = (e) => {
        if (Number(e.data) !== got.length) outOfOrder++;
        got.push(Number(e.data));
      };
      if (offerer === 'purertc') await nodeOffers(pc, peer);
      else {
        // Chromium needs an m=application section of its own to offer one.
        await peer.createDataChannel('kick');
        await chromiumOffers(pc, peer);
      }
      if (ch.readyState !== 'open') await event(ch, 'open');
      const ice = pc.sctp!.transport.iceTransport;
      const localUfrag = ice.getLocalParameters()!.usernameFragment;
      const remoteUfrag = ice.getRemoteParameters()!.usernameFragment;
      let pairChanges = 0;
      ice.onselectedcandidatepairchange = () => pairChanges++;

      let sent = 0;
      pump = setInterval(() => {
        for (let i = 0; i < 50 && ch.bufferedAmount < 65536; i++) ch.send(String(sent++));
      }, 1);
      const remoteCount = () => peer.eval(() => (globalThis as any).__pump.received as number);
      await until(() => got.length > 200, 10_000, 'first messages from Chromium');
      await poll(remoteCount, (n) => n > 200, 10_000, 'first messages at Chromium');

      // restartIce() affects the next offer of its side (webrtc-pc §4.4.1.5): the restarting side offers.
      if (restartBy === 'purertc') {
        pc.restartIce();
        await nodeReoffers(pc, peer);
      } else {
        await peer.restartIce();
        await chromiumReoffers(pc, peer);
      }
      // Both sides have new credentials (an ICE restart changes both, RFC 8839 §4.4.1.1.1),
      // and the new generation's pair is selected while data keeps flowing both ways.
      expect(ice.getLocalParameters()!.usernameFragment).not.toBe(localUfrag);
      expect(ice.getRemoteParameters()!.usernameFragment).not.toBe(remoteUfrag);
      expect(ufragOf(pc.remoteDescription!.sdp)).toBe(ice.getRemoteParameters()!.usernameFragment);
      const before = [got.length, await remoteCount()] as const;
      await until(() => pairChanges > 0 && ice.getSelectedCandidatePair()!.local.usernameFragment === ice.getLocalParameters()!.usernameFragment, 10_000, 'new pair selected');
      await until(() => got.length > before[0] + 500, 10_000, 'messages from Chromium after the restart');
      await poll(remoteCount, (n) => n > before[1] + 500, 10_000, 'messages at Chromium after the restart');
      const chromiumState = await peer.eval((p) => [p.iceConnectionState, p.connectionState]);
      expect(chromiumState).toEqual(['connected', 'connected']);

      // Stop both pumps; everything sent arrives, once, in order.
      clearInterval(pump);
      pump = undefined;
      const chromiumSent = await peer.eval(() => {
        const s = (globalThis as any).__pump;
        s.stop = true;
        return s.sent as number;
      });
      await until(() => got.length === chromiumSent, 10_000, 'every message from Chromium');
      const atChromium = await poll(() => peer.eval(() => ({ ...(globalThis as any).__pump })), (s: any) => s.received === sent, 10_000, 'every message at Chromium');
      expect(outOfOrder).toBe(0);
      expect(got).toEqual(Array.from({ length: chromiumSent }, (_, i) => i));
      expect(atChromium.outOfOrder).toBe(0);
      expect(atChromium.received).toBe(sent);
      expect(pc.connectionState).toBe('connected');
    } finally {
      if (pump) clearInterval(pump);
      pc.close();
      await peer.close();
    }
  }

  it('purertc offers, purertc restarts', () => restartMidTransfer('purertc', 'purertc'), 60_000);
  it('purertc offers, Chromium restarts', () => restartMidTransfer('purertc', 'chromium'), 60_000);
  it('Chromium offers, Chromium restarts', () => restartMidTransfer('chromium', 'chromium'), 60_000);
  it('Chromium offers, purertc restarts', () => restartMidTransfer('chromium', 'purertc'), 60_000);
});
