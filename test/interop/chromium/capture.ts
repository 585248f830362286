/**
 * Captures real Chromium session descriptions (after ICE gathering, so the
 * candidates are present) for the SDP fixtures in
 * packages/sdp/test/fixtures/captured-chromium-*.sdp. Used by capture.test.ts,
 * which checks fresh captures on every run and rewrites the fixture files when
 * PURERTC_WRITE_FIXTURES=1.
 */
import type { ChromiumHarness, ChromiumPeer, DescriptionInit } from './harness.js';

/** One captured description. */
export interface Capture {
  /** Fixture file name, `captured-chromium-<what>.sdp`. */
  name: string;
  type: DescriptionInit['type'];
  sdp: string;
}

/** Three simulcast layers, smallest first, as an SFU-facing sender would configure them. */
export const SIMULCAST_ENCODINGS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', maxBitrate: 1_500_000 },
];

async function gatheredOffer(pc: ChromiumPeer): Promise<DescriptionInit> {
  await pc.setLocalDescription();
  return pc.gatheredLocalDescription();
}

async function gatheredAnswer(pc: ChromiumPeer, offer: DescriptionInit): Promise<DescriptionInit> {
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription();
  return pc.gatheredLocalDescription();
}

/**
 * Non-loopback addresses Chromium saw on this machine's interfaces are
 * replaced by documentation addresses (RFC 5737 203.0.113.0/24, RFC 3849
 * 2001:db8::/32), consistently within one description; loopback stays.
 */
export function sanitizeAddresses(sdp: string): string {
  const v4 = new Map<string, string>();
  const v6 = new Map<string, string>();
  const map = (address: string): string => {
    if (/^127\./.test(address) || address === '::1' || address === '0.0.0.0' || address === '::' || address.endsWith('.local')) return address;
    if (address.includes(':')) {
      if (!v6.has(address)) v6.set(address, `2001:db8::${(v6.size + 1).toString(16)}`);
      return v6.get(address)!;
    }
    if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
      if (!v4.has(address)) v4.set(address, `203.0.113.${v4.size + 10}`);
      return v4.get(address)!;
    }
    return address;
  };
  return sdp
    .split('\r\n')
    .map((line) => {
      if (line.startsWith('c=IN ')) {
        // c=IN <addrtype> <address> (RFC 8866 §5.7)
        const [net, addrtype, address] = line.split(' ') as [string, string, string];
        return [net, addrtype, map(address)].join(' ');
      }
      if (line.startsWith('a=candidate:')) {
        const parts = line.split(' ');
        parts[4] = map(parts[4]!);
        const raddr = parts.indexOf('raddr');
        if (raddr > 0) parts[raddr + 1] = map(parts[raddr + 1]!);
        return parts.join(' ');
      }
      return line;
    })
    .join('\r\n');
}

/**
 * Runs every capture scenario in fresh connections: Chromium's own offers and
 * Chromium's answers to them, with audio, video, a data channel, BUNDLE and
 * simulcast. Addresses are sanitized with {@link sanitizeAddresses}.
 */
export async function captureChromiumSdp(browser: ChromiumHarness): Promise<Capture[]> {
  const out: Capture[] = [];
  const keep = (name: string, d: DescriptionInit) => out.push({ name: `captured-chromium-${name}.sdp`, type: d.type, sdp: sanitizeAddresses(d.sdp!) });

  // Audio + video tracks in one stream, and a data channel, all BUNDLEd.
  {
    const offerer = await browser.newPeer();
    const answerer = await browser.newPeer();
    await offerer.addTrack('audio', ['s']);
    await offerer.addTrack('video', ['s']);
    await offerer.createDataChannel('chat');
    const offer = await gatheredOffer(offerer);
    keep('offer-audio-video-data', offer);
    // The answerer's addTrack transceivers are associated with the offer's m= sections.
    await answerer.addTrack('audio', ['r']);
    await answerer.addTrack('video', ['r']);
    keep('answer-audio-video-data', await gatheredAnswer(answerer, offer));
    await offerer.close();
    await answerer.close();
  }

  // Simulcast: a sendonly video transceiver with three rids, plus audio and data.
  {
    const offerer = await browser.newPeer();
    const answerer = await browser.newPeer();
    await offerer.addTransceiver('audio', { direction: 'sendonly', streams: ['sim'], withTrack: true });
    await offerer.addTransceiver('video', { direction: 'sendonly', streams: ['sim'], withTrack: true, sendEncodings: SIMULCAST_ENCODINGS });
    await offerer.createDataChannel('data');
    const offer = await gatheredOffer(offerer);
    keep('offer-simulcast', offer);
    keep('answer-simulcast', await gatheredAnswer(answerer, offer));
    await offerer.close();
    await answerer.close();
  }

  // Receive-only offer (transceivers without tracks), as a viewer would send.
  {
    const offerer = await browser.newPeer();
    await offerer.addTransceiver('audio', { direction: 'recvonly' });
    await offerer.addTransceiver('video', { direction: 'recvonly' });
    keep('offer-recvonly', await gatheredOffer(offerer));
    await offerer.close();
  }
  return out;
}
