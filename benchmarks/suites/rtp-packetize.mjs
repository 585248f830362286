/**
 * H.264 and VP8 packetize / depacketize at 1, 10 and 100 KiB frames.
 * Depacketize: purertc vs werift-rtp (`dePacketizeRtpPackets`).
 * Packetize: purertc vs werift's own packetizers — werift-rtp has none, but the
 * `werift` package ships H.264 and VP8 packetizers (`createPacketizer` in
 * lib/webrtc/src/nonstandard/userMedia/packetizer.js, used by its file
 * playback; not in its `exports` map, so it is loaded by path) — and vs a plain
 * slice-and-write-header loop (the floor: one allocation and one copy per
 * packet, no parsing).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { H264Packetizer, H264Depacketizer, Vp8Packetizer, Vp8Depacketizer, FrameAssembler } from '@purertc/rtp';
import werift from 'werift-rtp';

const { dePacketizeRtpPackets } = werift;
const require = createRequire(import.meta.url);
/** werift's packetizer factory (see the file comment). */
const { createPacketizer: weriftPacketizer } = require(join(dirname(require.resolve('werift/nonstandard')), 'userMedia', 'packetizer.js'));
const SIZES = [1024, 10 * 1024, 100 * 1024];
const MAX = 1200;

function fill(n, seed) {
  const b = Buffer.alloc(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = (x & 0xff) | 1; // no zero bytes: no start-code emulation in the H.264 body
  }
  return b;
}

/** An IDR access unit in Annex B: start code + one NAL of `size` bytes. */
function h264Frame(size) {
  const nal = fill(size, size);
  nal[0] = 0x65;
  return Buffer.concat([Buffer.from([0, 0, 0, 1]), nal]);
}
function vp8Frame(size) {
  const f = fill(size, size + 1);
  f[0] &= 0xfe; // key frame
  return f;
}

/** The floor for FU-A: slice the NAL and write the two FU bytes, nothing else. */
function plainFuA(nal) {
  const out = [];
  const per = MAX - 2;
  for (let o = 1; o < nal.length; o += per) {
    const len = Math.min(per, nal.length - o);
    const p = new Uint8Array(2 + len);
    p[0] = (nal[0] & 0xe0) | 28;
    p[1] = (o === 1 ? 0x80 : 0) | (o + len === nal.length ? 0x40 : 0) | (nal[0] & 0x1f);
    p.set(nal.subarray(o, o + len), 2);
    out.push(p);
  }
  return out;
}
/** The floor for VP8: slice and write a 4-byte descriptor. */
function plainVp8(frame) {
  const out = [];
  const per = MAX - 4;
  for (let o = 0; o < frame.length; o += per) {
    const len = Math.min(per, frame.length - o);
    const p = new Uint8Array(4 + len);
    p[0] = o === 0 ? 0x90 : 0x80;
    p[1] = 0x80;
    p[2] = 0x80;
    p[3] = 1;
    p.set(frame.subarray(o, o + len), 4);
    out.push(p);
  }
  return out;
}

const codecs = {
  'H.264': {
    frame: h264Frame, pk: () => new H264Packetizer({ maxPayloadSize: MAX }), dp: () => new H264Depacketizer(), plain: (f) => plainFuA(f.subarray(4)), werift: 'MPEG4/ISO/AVC',
    wpk: () => weriftPacketizer({ codec: { payloadType: 96, parameters: 'packetization-mode=1' }, sourceCodec: 'avc' }),
  },
  VP8: {
    frame: vp8Frame, pk: () => new Vp8Packetizer({ maxPayloadSize: MAX }), dp: () => new Vp8Depacketizer(), plain: plainVp8, werift: 'VP8',
    wpk: () => weriftPacketizer({ codec: { payloadType: 96 }, sourceCodec: 'vp8' }),
  },
};

const comparisons = [];
const targets = [];
const cases = [];
for (const [codec, c] of Object.entries(codecs)) {
  for (const size of SIZES) {
    const frame = c.frame(size);
    const packetizer = c.pk();
    const depacketizer = c.dp();
    const payloads = packetizer.packetize(frame).map((p) => Buffer.from(p.buffer, p.byteOffset, p.length));
    const wPackets = payloads.map((payload, i) => ({ payload, header: { sequenceNumber: i, timestamp: 1000, marker: i === payloads.length - 1 } }));
    // Same output from both sides before timing anything.
    const ours = depacketizer.depacketize(payloads);
    const theirs = dePacketizeRtpPackets(c.werift, wPackets).data;
    if (Buffer.compare(Buffer.from(ours), frame) !== 0) throw new Error(`rtp-packetize: purertc ${codec} ${size} does not round-trip`);
    if (Buffer.compare(theirs, frame) !== 0) throw new Error(`rtp-packetize: werift ${codec} ${size} output differs from the frame`);
    const assemble = () => {
      const a = new FrameAssembler(depacketizer);
      for (let i = 0; i < payloads.length; i++) a.push(i, 1000, i === payloads.length - 1, payloads[i]);
      return a.poll();
    };
    if (Buffer.compare(Buffer.from(assemble().data), frame) !== 0) throw new Error('rtp-packetize: assembler output differs');
    // werift's packetizer: its payloads must carry the same frame (checked with our depacketizer).
    const wpk = c.wpk();
    const wSample = { data: frame, type: 'key' };
    const wOut = wpk.packetize(wSample, 1000);
    const wJoined = depacketizer.depacketize(wOut.map((p) => p.payload));
    if (!wJoined || Buffer.compare(Buffer.from(wJoined), frame) !== 0) throw new Error(`rtp-packetize: werift ${codec} ${size} packetizer output does not carry the frame`);
    if (wOut.some((p) => p.payload.length > MAX)) throw new Error('rtp-packetize: werift payloads exceed the maximum');
    const kib = `${size / 1024} KiB`;
    const nals = [frame.subarray(4)]; // the access unit as NAL units (no Annex B scan)
    cases.push({ codec, size, frame, payloads, packetizer, depacketizer, wPackets, assemble, wpk, wSample });
    comparisons.push({
      name: `${codec} packetize ${kib}`,
      baseline: 'werift',
      contenders: {
        purertc: () => packetizer.packetize(frame),
        ...(codec === 'H.264' ? { 'purertc packetizeNalUnits': () => packetizer.packetizeNalUnits(nals) } : {}),
        'plain slice loop': () => c.plain(frame),
        werift: () => wpk.packetize(wSample, 1000),
      },
    });
    if (size >= 10 * 1024) targets.push({ comparison: `${codec} packetize ${kib}`, contender: 'purertc', vs: 'werift', min: 10 });
    comparisons.push({
      name: `${codec} depacketize ${kib}`,
      baseline: 'werift',
      contenders: {
        purertc: () => depacketizer.depacketize(payloads),
        'purertc FrameAssembler': assemble,
        werift: () => dePacketizeRtpPackets(c.werift, wPackets),
      },
    });
    if (size >= 10 * 1024) targets.push({ comparison: `${codec} depacketize ${kib}`, contender: 'purertc', vs: 'werift', min: 10 });
  }
}

function timeIt(fn, ms) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t;
  do {
    for (let i = 0; i < 16; i++) fn();
    n += 16;
    t = process.hrtime.bigint();
  } while (Number(t - t0) < ms * 1e6);
  return Number(t - t0) / n;
}

export default {
  title: 'H.264 and VP8 packetize / depacketize',
  description:
    'One key frame per call (H.264: one IDR NAL unit in Annex B, FU-A at 1200 bytes; VP8: 15-bit PictureID descriptor). ' +
    '"depacketize" joins the payloads of one frame: purertc `depacketize(payloads)` (one pass to size, one allocation, one copy per payload), ' +
    '`FrameAssembler` (the full receive path: copy on push, reorder-safe completion, join), werift `dePacketizeRtpPackets`. ' +
    '"packetize" compares purertc with werift\'s packetizers (werift-rtp has none; the `werift` package has `createPacketizer` for file playback, ' +
    'which returns `RtpPacket` objects: header objects plus payload Buffers, not serialized; H.264 from Annex B with packetization-mode=1, ' +
    'VP8 with a 1-byte descriptor) and with a plain loop that slices and writes the payload header and does nothing else. ' +
    'Both purertc and werift split the Annex B stream for H.264; `packetizeNalUnits` takes NAL units directly. ' +
    'Each packetizer\'s output is checked to carry the frame before timing. purertc\'s VP8 payloads are views of one buffer allocated per frame ' +
    '(an ArrayBuffer per packet is what bounds the plain loop), which is why it beats the "floor" there.',
  comparisons,
  targets,
  async report({ quick }) {
    let md =
      '### Linearity (ns per KiB of frame)\n\n' +
      'Linear time means a flat row. The last column is the cost per KiB at 100 KiB over the cost per KiB at 10 KiB: ' +
      'about 1 for linear time, about 10 for quadratic.\n\n' +
      'Target "time linear in the frame size" (purertc rows): met when that ratio is at most 2.\n\n' +
      '| codec | operation | 1 KiB | 10 KiB | 100 KiB | 100 KiB / 10 KiB per KiB | linear |\n|---|---|---:|---:|---:|---:|---|\n';
    const ms = quick ? 20 : 150;
    for (const codec of Object.keys(codecs)) {
      for (const [op, pick] of [
        ['packetize', (k) => () => k.packetizer.packetize(k.frame)],
        ['werift packetize', (k) => () => k.wpk.packetize(k.wSample, 1000)],
        ['depacketize', (k) => () => k.depacketizer.depacketize(k.payloads)],
        ['FrameAssembler', (k) => k.assemble],
        ['werift depacketize', (k) => () => dePacketizeRtpPackets(codecs[codec].werift, k.wPackets)],
      ]) {
        const perKib = cases.filter((k) => k.codec === codec).map((k) => timeIt(pick(k), ms) / (k.size / 1024));
        const r = perKib[2] / perKib[1];
        const verdict = op.startsWith('werift') ? '' : r <= 2 ? 'met' : '**NOT MET**';
        md += `| ${codec} | ${op} | ${perKib.map((v) => v.toFixed(0)).join(' | ')} | ${r.toFixed(2)} | ${verdict} |\n`;
      }
    }
    return md;
  },
};
