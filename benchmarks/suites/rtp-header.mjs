/**
 * RTP header parse and serialize: purertc (lazy RtpView, full decodeRtp,
 * encodeRtpInto) vs werift-rtp (RtpPacket.deSerialize / serialize), on a
 * plain packet and on a packet with Chrome's one-byte header extensions
 * (abs-send-time, transport-wide-cc, sdes:mid, rtp-stream-id).
 */
import { RtpView, decodeRtp, encodeRtp, encodeRtpInto, rtpEncodedLength, readTransportWideSeq } from '@purertc/rtp';
import werift from 'werift-rtp';
import { measureAllocations } from '../lib/alloc.mjs';

const { RtpPacket } = werift;

function hex(s) {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex');
}
const payload = Buffer.alloc(1000, 0xab);
const plain = Buffer.concat([hex('80 60 1a 2b 00 01 e2 40 12 34 56 78'), payload]);
// Chrome's video packet: abs-send-time (2), transport-wide-cc (3), mid (4), rid (10).
const chrome = Buffer.concat([hex('90 60 1a 2b 00 01 e2 40 12 34 56 78 be de 00 03 22 12 34 56 31 00 2a 40 31 a1 72 30'), payload]);

const view = new RtpView();
function parseView(pkt) {
  if (!view.parse(pkt)) throw new Error('bad packet');
  const at = view.findExtension(3);
  const tw = at < 0 ? 0 : readTransportWideSeq(pkt, at);
  return view.sequenceNumber + view.timestamp + view.ssrc + view.payloadType + (view.marker ? 1 : 0) + tw + view.payloadLength;
}
function parseDecode(pkt) {
  const p = decodeRtp(pkt);
  const e = p.header.extensions.find((x) => x.id === 3);
  const tw = e ? readTransportWideSeq(e.value) : 0;
  const h = p.header;
  return h.sequenceNumber + h.timestamp + h.ssrc + h.payloadType + (h.marker ? 1 : 0) + tw + p.payload.length;
}
function parseWerift(pkt) {
  const p = RtpPacket.deSerialize(pkt);
  const h = p.header;
  const e = h.extensions.find((x) => x.id === 3);
  const tw = e ? e.payload.readUInt16BE(0) : 0;
  return h.sequenceNumber + h.timestamp + h.ssrc + h.payloadType + (h.marker ? 1 : 0) + tw + p.payload.length;
}

const inputs = { plain, 'Chrome extensions': chrome };
const ours = {};
const theirs = {};
const out = {};
for (const [name, pkt] of Object.entries(inputs)) {
  if (parseView(pkt) !== parseWerift(pkt) || parseDecode(pkt) !== parseWerift(pkt)) throw new Error(`rtp-header: parsers disagree on ${name}`);
  ours[name] = decodeRtp(pkt);
  theirs[name] = RtpPacket.deSerialize(pkt);
  out[name] = new Uint8Array(rtpEncodedLength(ours[name]));
  if (Buffer.compare(encodeRtp(ours[name]), pkt) !== 0) throw new Error(`rtp-header: purertc does not re-encode ${name}`);
  if (Buffer.compare(theirs[name].serialize(), pkt) !== 0) throw new Error(`rtp-header: werift does not re-encode ${name}`);
}

const comparisons = [];
for (const [name, pkt] of Object.entries(inputs)) {
  comparisons.push({
    name: `parse, ${name}`,
    baseline: 'werift',
    contenders: {
      'purertc RtpView': () => parseView(pkt),
      'purertc decodeRtp': () => parseDecode(pkt),
      werift: () => parseWerift(pkt),
    },
  });
  comparisons.push({
    name: `serialize, ${name}`,
    baseline: 'werift',
    contenders: {
      'purertc encodeRtpInto': () => encodeRtpInto(ours[name], out[name], 0),
      'purertc encodeRtp': () => encodeRtp(ours[name]),
      werift: () => theirs[name].serialize(),
    },
  });
}
comparisons.push({
  name: 'rewrite seq/timestamp/SSRC in place, Chrome extensions',
  baseline: 'werift',
  contenders: {
    'purertc RtpView': () => {
      view.parse(chrome);
      view.setSequenceNumber(view.sequenceNumber + 1);
      view.setTimestamp(view.timestamp + 3000);
      view.setSsrc(0x01020304);
    },
    werift: () => {
      const p = RtpPacket.deSerialize(chrome);
      p.header.sequenceNumber = (p.header.sequenceNumber + 1) & 0xffff;
      p.header.timestamp = (p.header.timestamp + 3000) >>> 0;
      p.header.ssrc = 0x01020304;
      return p.serialize();
    },
  },
});

export default {
  title: 'RTP header parse and serialize',
  description:
    'One 1000-byte-payload RTP packet, plain and with Chrome\'s one-byte header extensions (abs-send-time, transport-wide-cc, mid, rid). ' +
    '"parse" reads seq, timestamp, SSRC, PT, marker, payload length and the transport-wide sequence number from the extension. ' +
    '`RtpView` records offsets only and finds the extension by id without allocating; `decodeRtp` builds the full object (views for bytes). ' +
    '"serialize" writes the whole packet: `encodeRtpInto` into a reused buffer, `encodeRtp` and werift into a new one.',
  comparisons,
  targets: [{ comparison: 'parse, Chrome extensions', contender: 'purertc RtpView', vs: 'werift', min: 10 }],
  async report({ quick }) {
    const ops = quick ? 2000 : 20000;
    const rows = [
      ['purertc RtpView parse (Chrome)', () => parseView(chrome)],
      ['purertc decodeRtp (Chrome)', () => parseDecode(chrome)],
      ['werift deSerialize (Chrome)', () => parseWerift(chrome)],
      ['purertc encodeRtpInto (Chrome)', () => encodeRtpInto(ours['Chrome extensions'], out['Chrome extensions'], 0)],
      ['werift serialize (Chrome)', () => theirs['Chrome extensions'].serialize()],
    ];
    let md = '### Allocations per packet\n\n| operation | JS heap bytes/op | ArrayBuffer bytes/op |\n|---|---:|---:|\n';
    for (const [name, fn] of rows) {
      const a = measureAllocations(fn, { ops });
      md += `| ${name} | ${Math.round(a.heapBytesPerOp)} | ${Math.round(a.bufferBytesPerOp)} |\n`;
    }
    return md;
  },
};
