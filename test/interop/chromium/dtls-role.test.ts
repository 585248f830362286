/**
 * In a session purertc started (purertc offered actpass, Chromium answered
 * a=setup:active, so purertc is the DTLS server), Chromium re-offers
 * (a=setup:actpass) and purertc answers a=setup:active again. That would swap
 * the DTLS roles of the existing association; Chromium rejects the answer:
 *   InvalidAccessError: Failed to set remote answer sdp: Failed to apply the
 *   description for m= section with mid='0': Failed to set SSL role for the transport.
 * RFC 8842 §5.3 / RFC 8829 §5.3.1: a subsequent answer keeps the role in use
 * (here a=setup:passive) unless the DTLS association is being replaced.
 */
import { createMediaStreamTrack, MediaStream, RTCPeerConnection } from '@purertc/peerconnection';
import { launchChromium, type ChromiumHarness } from './harness.js';

jest.setTimeout(20_000);

let browser: ChromiumHarness;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('Chromium re-offers in a session purertc started: purertc keeps a=setup:passive and Chromium accepts', async () => {
  const pc = new RTCPeerConnection({}, { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } });
  const peer = await browser.newPeer();
  try {
    pc.addTrack(createMediaStreamTrack('audio'), new MediaStream());
    pc.createDataChannel('chat');
    await pc.setLocalDescription();
    await peer.setRemoteDescription({ type: 'offer', sdp: pc.localDescription!.sdp });
    const answer = (await peer.setLocalDescription())!;
    expect(answer.sdp).toMatch(/^a=setup:active\r$/m);
    await pc.setRemoteDescription(answer as never);

    // Chromium adds a track and re-offers.
    await peer.addTrack('video', ['late']);
    const reoffer = (await peer.setLocalDescription())!;
    await pc.setRemoteDescription(reoffer as never);
    await pc.setLocalDescription();
    const reanswer = pc.localDescription!.sdp;
    expect(reanswer.match(/^a=setup:\S+\r$/gm)!.every((l) => l === 'a=setup:passive\r')).toBe(true);
    await peer.setRemoteDescription({ type: 'answer', sdp: reanswer });
    expect(await peer.signalingState()).toBe('stable');
  } finally {
    pc.close();
    await peer.close();
  }
});
