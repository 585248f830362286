/**
 * Offers as browsers write them (fixtures of @purertc/sdp): each is accepted
 * by setRemoteDescription and answered with the media both sides support.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RTCPeerConnection, RTCTrackEvent } from '@purertc/peerconnection';
import { sections } from './helpers/signaling';

const dir = join(__dirname, '../../sdp/test/fixtures');
const offers = readdirSync(dir).filter((f) => /offer.*\.sdp$/.test(f) && !f.includes('plan-b'));

describe.each(offers)('%s', (file) => {
  const text = readFileSync(join(dir, file), 'utf8');
  const sdp = text.includes('\r\n') ? text : text.replace(/\n/g, '\r\n');

  test('is accepted and answered with one m= section per offered one', async () => {
    const pc = new RTCPeerConnection();
    const tracks: RTCTrackEvent[] = [];
    pc.ontrack = (e: Event) => tracks.push(e as RTCTrackEvent);
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = (await pc.createAnswer())!;
    const offered = sections(sdp);
    const answered = sections(answer.sdp);
    expect(answered).toHaveLength(offered.length);
    // Offered audio/video sections that are not rejected are accepted (common codecs exist).
    offered.forEach((s, i) => {
      if (/^m=(audio|video) [1-9]/.test(s[0]!)) expect(answered[i]![0]).toMatch(/^m=(audio|video) 9 /);
    });
    await pc.setLocalDescription(answer);
    expect(pc.signalingState).toBe('stable');
    pc.close();
  });
});

describe('H.264 interop in answers', () => {
  // Firefox and Safari offer H.264 only as Constrained Baseline (profile-level-id 42e01f);
  // our answer must keep it (RFC 6184 §8.1 profile matching), with the offerer's payload type.
  test.each(['firefox-offer-audio-video-data.sdp', 'safari-offer-audio-video-data.sdp'])('%s: the answer keeps H.264 42e01f', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const sdp = text.includes('\r\n') ? text : text.replace(/\n/g, '\r\n');
    const offeredPt = /a=fmtp:(\d+) [^\r\n]*profile-level-id=42e01f[^\r\n]*packetization-mode=1|a=fmtp:(\d+) [^\r\n]*packetization-mode=1[^\r\n]*profile-level-id=42e01f/i.exec(sdp);
    expect(offeredPt).not.toBeNull();
    const pt = offeredPt![1] ?? offeredPt![2];
    const pc = new RTCPeerConnection();
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = (await pc.createAnswer())!;
    const video = sections(answer.sdp).find((s) => s[0]!.startsWith('m=video'))!;
    expect(video[0]!.split(' ').slice(3)).toContain(pt);
    expect(video).toContain(`a=rtpmap:${pt} H264/90000`);
    pc.close();
  });
});
