/** WPT webrtc/RTCPeerConnection-addTransceiver.https.html, checked against our implementation. */
import { MediaStreamTrack, RTCRtpReceiver, RTCRtpSender, RTCRtpTransceiver } from '@purertc/peerconnection';
import { expectThrowsJs, newPc, track } from './helpers.js';

function expectFreshTransceiver(kind: 'audio' | 'video') {
  const pc = newPc();
  const transceiver = pc.addTransceiver(kind);
  expect(transceiver).toBeInstanceOf(RTCRtpTransceiver);
  expect(transceiver.mid).toBeNull();
  // SPEC DIVERGENCE (see README): WPT asserts `transceiver.stopped === false`; the current
  // webrtc-pc IDL (§5.4) has no `stopped` attribute (stopping shows as currentDirection 'stopped').
  expect('stopped' in transceiver).toBe(false);
  expect(transceiver.direction).toBe('sendrecv');
  expect(transceiver.currentDirection).toBeNull();
  expect(pc.getTransceivers()).toEqual([transceiver]);
  const sender = transceiver.sender;
  expect(sender).toBeInstanceOf(RTCRtpSender);
  expect(sender.track).toBeNull();
  expect(pc.getSenders()).toEqual([sender]);
  const receiver = transceiver.receiver;
  expect(receiver).toBeInstanceOf(RTCRtpReceiver);
  const t = receiver.track;
  expect(t).toBeInstanceOf(MediaStreamTrack);
  expect(t.kind).toBe(kind);
  expect(t.readyState).toBe('live');
  expect(t.muted).toBe(true);
  expect(pc.getReceivers()).toEqual([receiver]);
}

describe('RTCPeerConnection-addTransceiver', () => {
  test('addTransceiver() with string argument as invalid kind should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.addTransceiver('invalid'), TypeError);
  });

  test("addTransceiver('audio') should return an audio transceiver", () => expectFreshTransceiver('audio'));
  test("addTransceiver('video') should return a video transceiver", () => expectFreshTransceiver('video'));

  test('addTransceiver() with direction sendonly should have result transceiver.direction be the same', () => {
    expect(newPc().addTransceiver('audio', { direction: 'sendonly' }).direction).toBe('sendonly');
  });
  test('addTransceiver() with direction inactive should have result transceiver.direction be the same', () => {
    expect(newPc().addTransceiver('audio', { direction: 'inactive' }).direction).toBe('inactive');
  });
  test('addTransceiver() with invalid direction should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.addTransceiver('audio', { direction: 'invalid' } as never), TypeError);
  });

  test('addTransceiver(track) should have result with sender.track be given track', () => {
    const pc = newPc();
    const t = track('audio');
    const transceiver = pc.addTransceiver(t);
    const { sender, receiver } = transceiver;
    expect(sender).toBeInstanceOf(RTCRtpSender);
    expect(receiver).toBeInstanceOf(RTCRtpReceiver);
    expect(sender.track).toBe(t);
    const receiverTrack = receiver.track;
    expect(receiverTrack).toBeInstanceOf(MediaStreamTrack);
    expect(receiverTrack.kind).toBe('audio');
    expect(receiverTrack.readyState).toBe('live');
    expect(receiverTrack.muted).toBe(true);
    expect(pc.getTransceivers()).toEqual([transceiver]);
    expect(pc.getSenders()).toEqual([sender]);
    expect(pc.getReceivers()).toEqual([receiver]);
  });

  test('addTransceiver(track) multiple times should create multiple transceivers', () => {
    const pc = newPc();
    const t = track('audio');
    const transceiver1 = pc.addTransceiver(t);
    const transceiver2 = pc.addTransceiver(t);
    expect(transceiver1).not.toBe(transceiver2);
    const sender1 = transceiver1.sender;
    const sender2 = transceiver2.sender;
    expect(sender1).not.toBe(sender2);
    expect(transceiver1.sender.track).toBe(t);
    expect(transceiver2.sender.track).toBe(t);
    const transceivers = pc.getTransceivers();
    expect(transceivers.length).toBe(2);
    expect(transceivers).toContain(transceiver1);
    expect(transceivers).toContain(transceiver2);
    const senders = pc.getSenders();
    expect(senders.length).toBe(2);
    expect(senders).toContain(sender1);
    expect(senders).toContain(sender2);
  });

  test('addTransceiver() with rid containing invalid non-alphanumeric characters should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.addTransceiver('video', { sendEncodings: [{ rid: '@Invalid!' }] }), TypeError);
  });
  test('addTransceiver() with rid longer than 16 characters should throw TypeError', () => {
    const pc = newPc();
    // SPEC DIVERGENCE (see README): the current spec (§5.1 addTransceiver sendEncodings
    // validation) only requires the RFC 8851 §10 grammar, rid-id = 1*(alpha-numeric / "-" / "_"),
    // which has no 16-character limit; 17 letters are accepted.
    expect(pc.addTransceiver('audio', { sendEncodings: [{ rid: 'a'.repeat(17) }] })).toBeInstanceOf(RTCRtpTransceiver);
    // What the grammar does forbid still throws.
    expectThrowsJs(() => pc.addTransceiver('audio', { sendEncodings: [{ rid: 'a'.repeat(17) + '.' }] }), TypeError);
  });
  test('addTransceiver() with valid rid value should succeed', () => {
    expect(newPc().addTransceiver('audio', { sendEncodings: [{ rid: 'foo' }] })).toBeInstanceOf(RTCRtpTransceiver);
  });
  test('addTransceiver() with valid sendEncodings should succeed', () => {
    const t = newPc().addTransceiver('video', {
      sendEncodings: [{ dtx: 'enabled', active: false, ptime: 5, maxBitrate: 8, maxFramerate: 25, rid: 'foo' } as never],
    });
    expect(t).toBeInstanceOf(RTCRtpTransceiver);
  });
});
