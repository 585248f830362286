/** WPT webrtc/RTCRtpTransceiver-setCodecPreferences.html, checked against our implementation. */
import { RTCRtpReceiver, RTCRtpSender, type RtcRtpCodec } from '@purertc/peerconnection';
import { expectThrowsDom, newPc, sdpLines, splitSections } from './helpers.js';

const senderCodecs = (kind: 'audio' | 'video') => RTCRtpSender.getCapabilities(kind)!.codecs;
const receiverCodecs = (kind: 'audio' | 'video') => RTCRtpReceiver.getCapabilities(kind)!.codecs;

/** Encoding names of the first m= section's payload types, in m= line order (what SDPUtils.parseRtpParameters gives). */
function codecNamesOfFirstSection(sdp: string | undefined): string[] {
  const section = splitSections(sdp)[1]!;
  const pts = section.split('\r\n')[0]!.split(' ').slice(3);
  const names = new Map(sdpLines(section, 'a=rtpmap:').map((l) => [l.slice(9).split(' ')[0]!, l.split(' ')[1]!.split('/')[0]!]));
  return pts.map((pt) => names.get(pt)!);
}

async function rtpmapLinesWithCodecAsFirst(firstCodec: string): Promise<string[]> {
  const capabilities = senderCodecs('video');
  capabilities.forEach((codec, idx) => {
    if (codec.mimeType === firstCodec) {
      capabilities.splice(idx, 1);
      capabilities.unshift(codec);
    }
  });
  const pc = newPc();
  pc.addTransceiver('video').setCodecPreferences(capabilities);
  const offer = await pc.createOffer();
  return sdpLines(offer.sdp, 'a=rtpmap');
}

describe('RTCRtpTransceiver-setCodecPreferences', () => {
  test("setCodecPreferences() on audio transceiver with codecs returned from RTCRtpSender.getCapabilities('audio') should succeed", () => {
    expect(newPc().addTransceiver('audio').setCodecPreferences(senderCodecs('audio'))).toBeUndefined();
  });

  test("setCodecPreferences() on video transceiver with codecs returned from RTCRtpReceiver.getCapabilities('video') should succeed", () => {
    expect(newPc().addTransceiver('video').setCodecPreferences(receiverCodecs('video'))).toBeUndefined();
  });

  test('setCodecPreferences() with both sender receiver codecs combined should succeed', () => {
    expect(newPc().addTransceiver('audio').setCodecPreferences([...senderCodecs('audio'), ...receiverCodecs('audio')])).toBeUndefined();
  });

  test('setCodecPreferences([]) should succeed', () => {
    expect(newPc().addTransceiver('audio').setCodecPreferences([])).toBeUndefined();
  });

  test('setCodecPreferences() with reordered codecs should succeed', () => {
    const codecs = senderCodecs('audio');
    if (codecs.length >= 2) [codecs[0], codecs[1]] = [codecs[1]!, codecs[0]!];
    expect(newPc().addTransceiver('audio').setCodecPreferences(codecs)).toBeUndefined();
  });

  test('setCodecPreferences() with only VP8 should succeed', () => {
    const transceiver = newPc().addTransceiver('video');
    const codecs = senderCodecs('video');
    let tried = false;
    for (const codec of codecs) {
      if (codec.mimeType.toLowerCase() === 'video/vp8') {
        transceiver.setCodecPreferences([codecs[0]!]);
        tried = true;
      }
    }
    expect(tried).toBe(true);
  });

  test('setCodecPreferences() with only H264 should succeed', () => {
    const transceiver = newPc().addTransceiver('video');
    const codecs = senderCodecs('video');
    let tried = false;
    for (const codec of codecs) {
      if (codec.mimeType.toLowerCase() === 'video/h264') {
        transceiver.setCodecPreferences([codecs[0]!]);
        tried = true;
      }
    }
    expect(tried).toBe(true);
  });

  test('setCodecPreferences() should allow setting H264 as first codec', async () => {
    const lines = await rtpmapLinesWithCodecAsFirst('video/H264');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]!.includes('H264')).toBe(true);
  });

  test('setCodecPreferences() should allow setting VP8 as first codec', async () => {
    const lines = await rtpmapLinesWithCodecAsFirst('video/VP8');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]!.includes('VP8')).toBe(true);
  });

  test("setCodecPreferences() on audio transceiver with codecs returned from getCapabilities('video') should throw InvalidModificationError", () => {
    const transceiver = newPc().addTransceiver('audio');
    expectThrowsDom(() => transceiver.setCodecPreferences(senderCodecs('video')), 'InvalidModificationError');
  });

  test('setCodecPreferences() with user defined codec with invalid mimeType should throw InvalidModificationError', () => {
    const transceiver = newPc().addTransceiver('audio');
    const codecs = [{ mimeType: 'data', clockRate: 2000, channels: 2, sdpFmtpLine: '0-15' }] as RtcRtpCodec[];
    expectThrowsDom(() => transceiver.setCodecPreferences(codecs), 'InvalidModificationError');
  });

  test('setCodecPreferences() with user defined codec should throw InvalidModificationError', () => {
    const transceiver = newPc().addTransceiver('audio');
    const codecs = [{ mimeType: 'audio/piepiper', clockRate: 2000, channels: 2, sdpFmtpLine: '0-15' }] as RtcRtpCodec[];
    expectThrowsDom(() => transceiver.setCodecPreferences(codecs), 'InvalidModificationError');
  });

  test('setCodecPreferences() with user defined codec together with codecs returned from getCapabilities() should throw InvalidModificationError', () => {
    const transceiver = newPc().addTransceiver('audio');
    const codecs = [...senderCodecs('audio'), { mimeType: 'audio/piepiper', clockRate: 2000, channels: 2, sdpFmtpLine: '0-15' } as RtcRtpCodec];
    expectThrowsDom(() => transceiver.setCodecPreferences(codecs), 'InvalidModificationError');
  });

  test('setCodecPreferences() with modified codec clock rate should throw InvalidModificationError', () => {
    const transceiver = newPc().addTransceiver('audio');
    const codecs = [senderCodecs('audio')[0]!];
    codecs[0]!.clockRate = codecs[0]!.clockRate / 2;
    expectThrowsDom(() => transceiver.setCodecPreferences(codecs), 'InvalidModificationError');
  });

  test('setCodecPreferences() with modified codec channel count should throw InvalidModificationError', () => {
    const transceiver = newPc().addTransceiver('audio');
    const codecs = [senderCodecs('audio')[0]!];
    codecs[0]!.channels = (codecs[0]!.channels as number) + 11;
    expectThrowsDom(() => transceiver.setCodecPreferences(codecs), 'InvalidModificationError');
  });

  test('setCodecPreferences() with modified codec parameters should throw InvalidModificationError', () => {
    const transceiver = newPc().addTransceiver('audio');
    const codecs = [senderCodecs('audio')[0]!];
    codecs[0]!.sdpFmtpLine = 'modifiedparameter=1';
    expectThrowsDom(() => transceiver.setCodecPreferences(codecs), 'InvalidModificationError');
  });

  test('setCodecPreferences() with modified codecs returned from getCapabilities() should throw InvalidModificationError', () => {
    const transceiver = newPc().addTransceiver('audio');
    const codecs = senderCodecs('audio');
    expect(codecs.length).toBeGreaterThan(0);
    const [codec] = codecs;
    const channels = codec!.channels ?? 2;
    codec!.channels = channels + 1;
    expectThrowsDom(() => transceiver.setCodecPreferences(codecs), 'InvalidModificationError');
  });

  test('setCodecPreferences() modifies the order of audio codecs in createOffer', async () => {
    const pc = newPc();
    const transceiver = pc.addTransceiver('audio');
    const codecs = senderCodecs('audio');
    let firstCodec: string | undefined;
    for (let i = 0; i < codecs.length; i++) {
      const codec = codecs[i]!;
      if (codec.mimeType === 'audio/PCMU' || codec.mimeType === 'audio/PCMA') {
        codecs.splice(i, 1);
        codecs.unshift(codec);
        firstCodec = codec.mimeType.slice(6);
        break;
      }
    }
    expect(firstCodec).toBeDefined();
    transceiver.setCodecPreferences(codecs);
    const offer = await pc.createOffer();
    expect(codecNamesOfFirstSection(offer.sdp)[0]).toBe(firstCodec);
  });

  test('setCodecPreferences() modifies the order of video codecs in createOffer', async () => {
    const pc = newPc();
    const transceiver = pc.addTransceiver('video');
    const codecs = senderCodecs('video');
    let vp8 = -1;
    let h264 = -1;
    let firstCodec: string | undefined;
    for (let i = 0; i < codecs.length; i++) {
      const codec = codecs[i]!;
      if (codec.mimeType === 'video/VP8' && vp8 === -1) {
        vp8 = i;
        if (h264 !== -1) {
          codecs[vp8] = codecs[h264]!;
          codecs[h264] = codec;
          firstCodec = 'VP8';
          break;
        }
      }
      if (codec.mimeType === 'video/H264' && h264 === -1) {
        h264 = i;
        if (vp8 !== -1) {
          codecs[h264] = codecs[vp8]!;
          codecs[vp8] = codec;
          firstCodec = 'H264';
          break;
        }
      }
    }
    expect(firstCodec).toBeDefined();
    transceiver.setCodecPreferences(codecs);
    const offer = await pc.createOffer();
    expect(codecNamesOfFirstSection(offer.sdp)[0]).toBe(firstCodec);
  });
});
