import { FrameAssembler, Vp8Depacketizer, H264Depacketizer, type AssembledFrame } from '@purertc/rtp';

/** VP8 payload: S flag, P bit (key when 0), one data byte. */
const vp8 = (start: boolean, key = false, data = 0xaa) => Uint8Array.of(start ? 0x10 : 0x00, key ? 0x00 : 0x01, data);

function drain(a: FrameAssembler): AssembledFrame[] {
  const out: AssembledFrame[] = [];
  for (let f = a.poll(); f; f = a.poll()) out.push(f);
  return out;
}

describe('FrameAssembler', () => {
  test('a complete frame waits for a missing earlier frame, then both come out in order', () => {
    const a = new FrameAssembler(new Vp8Depacketizer());
    a.push(10, 100, true, vp8(true, true));
    expect(drain(a).map((f) => f.timestamp)).toEqual([100]);
    a.push(12, 300, true, vp8(true)); // frame 300 complete, frame 200 (seq 11) not seen yet
    expect(drain(a)).toEqual([]);
    a.push(11, 200, true, vp8(true));
    expect(drain(a).map((f) => [f.timestamp, f.complete])).toEqual([[200, true], [300, true]]);
  });

  test('a hole is given up after reorderWindow sequence numbers', () => {
    const a = new FrameAssembler(new Vp8Depacketizer(), { reorderWindow: 5 });
    a.push(1, 100, false, vp8(true, true));
    a.push(3, 100, true, vp8(false, true)); // seq 2 lost
    for (let s = 4; s <= 7; s++) a.push(s, 100 + s, true, vp8(true));
    expect(drain(a)).toEqual([]); // still waiting for seq 2
    a.push(8, 108, true, vp8(true));
    const out = drain(a);
    expect(out[0]).toMatchObject({ timestamp: 100, complete: false, reason: 'gap', keyframe: true, data: undefined });
    expect(out.slice(1).map((f) => [f.timestamp, f.complete])).toEqual([[104, true], [105, true], [106, true], [107, true], [108, true]]);
    a.push(2, 100, false, vp8(false, true)); // the retransmission arrives too late
    expect(a.stats.packetsLate).toBe(1);
    expect(drain(a)).toEqual([]);
  });

  test('a complete later key frame ends the wait for an incomplete frame', () => {
    const a = new FrameAssembler(new Vp8Depacketizer(), { reorderWindow: 1000 });
    a.push(1, 100, true, vp8(true, true));
    a.push(2, 200, false, vp8(true)); // frame 200 loses seq 3
    a.push(4, 200, true, vp8(false));
    a.push(5, 300, true, vp8(true)); // delta frame: keeps waiting
    expect(drain(a).map((f) => f.timestamp)).toEqual([100]);
    a.push(6, 400, true, vp8(true, true)); // key frame
    expect(drain(a).map((f) => [f.timestamp, f.complete])).toEqual([[200, false], [300, true], [400, true]]);
  });

  test('maxPendingFrames bounds what waits', () => {
    const a = new FrameAssembler(new Vp8Depacketizer(), { maxPendingFrames: 3, reorderWindow: 1000 });
    a.push(0, 0, true, vp8(true, true));
    a.push(2, 2, true, vp8(true)); // seq 1 missing: everything after waits
    a.push(3, 3, true, vp8(true));
    a.push(4, 4, true, vp8(true));
    expect(a.pendingFrames).toBe(3);
    a.push(5, 5, true, vp8(true));
    expect(a.pendingFrames).toBe(0);
    expect(drain(a).map((f) => f.timestamp)).toEqual([0, 2, 3, 4, 5]);
  });

  test('works across the sequence number and timestamp wrap', () => {
    const a = new FrameAssembler(new Vp8Depacketizer());
    const ts = [0xfffffc18, 0xffffffff, 0x3e7];
    const seqs = [[65533, 65534], [65535, 0], [1, 2]];
    for (let i = 2; i >= 0; i--) {
      a.push(seqs[i]![1]!, ts[i]!, true, vp8(false));
      a.push(seqs[i]![0]!, ts[i]!, false, vp8(true, i === 0));
    }
    expect(drain(a).map((f) => [f.timestamp, f.complete, f.firstSequenceNumber, f.lastSequenceNumber])).toEqual([
      [ts[0], true, 65533, 65534], [ts[1], true, 65535, 0], [ts[2], true, 1, 2],
    ]);
  });

  test('H.264: the frame start comes from the end of the previous frame', () => {
    const a = new FrameAssembler(new H264Depacketizer());
    a.push(1, 10, true, Uint8Array.of(0x65, 1)); // IDR, first frame of the stream
    a.push(3, 20, true, Uint8Array.of(0x41, 3)); // single NAL: could start a frame, but seq 2 is missing
    expect(drain(a).map((f) => f.timestamp)).toEqual([10]);
    a.push(2, 20, false, Uint8Array.of(0x41, 2));
    const [f] = drain(a);
    expect(f).toMatchObject({ timestamp: 20, complete: true, keyframe: false });
    expect(Array.from(f!.data!)).toEqual([0, 0, 0, 1, 0x41, 2, 0, 0, 0, 1, 0x41, 3]);
  });

  test('a too-large frame stores nothing more and is reported once', () => {
    const a = new FrameAssembler(new Vp8Depacketizer(), { maxFrameSize: 1000 });
    const big = new Uint8Array(600);
    big[0] = 0x10;
    a.push(1, 1, false, big);
    big[0] = 0x00;
    for (let s = 2; s < 50; s++) a.push(s, 1, false, big);
    a.push(50, 1, true, big);
    a.push(51, 2, true, vp8(true, true));
    expect(drain(a).map((f) => [f.timestamp, f.complete, f.reason])).toEqual([[1, false, 'too-large'], [2, true, undefined]]);
    expect(a.stats.packetsDroppedTooLarge).toBe(49);
  });
});
