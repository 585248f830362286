/**
 * Wire interop with an independent implementation: werift-sctp (derived from
 * aiortc), both in this process over an in-memory datagram pipe. werift owns
 * its timers, so this test runs on the real event loop (no sleeps: it waits
 * for events).
 */
import { performance } from 'node:perf_hooks';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { Association, type AssociationEvent } from '@purertc/sctp';
import { SCTP } from 'werift-sctp';

interface Link {
  ours: Association;
  theirs: SCTP;
  events: AssociationEvent[];
  waiters: (() => void)[];
  drive(): void;
  close(): Promise<void>;
}

function link(theirsIsClient: boolean): Link {
  const ours = new Association({ crypto: nodeCrypto, random: nodeRandom });
  const events: AssociationEvent[] = [];
  const waiters: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const transport = {
    onData: undefined as ((b: Buffer) => void) | undefined,
    send: async (buf: Buffer) => {
      setImmediate(() => {
        if (closed) return;
        ours.handle(performance.now(), buf);
        drive();
      });
    },
    close() {},
  };
  const drive = () => {
    for (let t = ours.pollTransmit(); t; t = ours.pollTransmit()) {
      const b = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      setImmediate(() => !closed && transport.onData?.(b));
    }
    for (let e = ours.pollEvent(); e; e = ours.pollEvent()) events.push(e);
    for (const w of waiters.splice(0)) w();
    clearTimeout(timer);
    const at = ours.pollTimeout();
    if (at !== undefined && !closed) {
      timer = setTimeout(() => {
        ours.handleTimeout(performance.now());
        drive();
      }, Math.max(0, at - performance.now()));
    }
  };
  const theirs = theirsIsClient ? SCTP.client(transport) : SCTP.server(transport);
  return {
    ours,
    theirs,
    events,
    waiters,
    drive,
    async close() {
      closed = true;
      clearTimeout(timer);
      await Promise.race([theirs.stop(), new Promise((r) => setTimeout(r, 100))]).catch(() => {});
    },
  };
}

function until(l: Link, cond: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error('timed out')), ms);
    const check = () => {
      if (cond()) {
        clearTimeout(deadline);
        resolve();
      } else l.waiters.push(check);
    };
    check();
  });
}

/** Resolves once werift delivered `count` messages into `received`; rejects after 5 s. */
function weriftReceived(received: readonly unknown[], count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`werift received ${received.length} of ${count}`)), 5000);
    const poll = () => (received.length === count ? (clearTimeout(t), resolve()) : setImmediate(poll));
    poll();
  });
}

const pattern = (i: number, len: number) => {
  const m = new Uint8Array(len);
  for (let k = 0; k < len; k++) m[k] = (i * 13 + k) & 0xff;
  return m;
};

describe('interop with werift-sctp', () => {
  for (const theirsIsClient of [true, false]) {
    it(`handshake (${theirsIsClient ? 'werift connects' : 'both connect'}) and data both ways, fragmented and not`, async () => {
      const l = link(theirsIsClient);
      const received: Buffer[] = [];
      l.theirs.onReceive.subscribe((_sid: number, _ppid: number, data: Buffer) => void received.push(data));
      const started = l.theirs.start(5000);
      if (!theirsIsClient) {
        l.ours.connect(performance.now());
        l.drive();
      }
      await started;
      await until(l, () => l.ours.state === 'established');
      expect(l.ours.interleaving).toBe(false); // werift has no I-DATA: plain DATA is used
      const sizes = [1, 100, 1200, 5000, 70_000, 3];
      sizes.forEach((n, i) => l.ours.send(1, 53, pattern(i, n)));
      l.drive();
      await weriftReceived(received, sizes.length).catch(async (e) => {
        await l.close();
        throw e;
      });
      expect(received.map((b) => b.length)).toEqual(sizes);
      received.forEach((b, i) => expect(new Uint8Array(b)).toEqual(pattern(i, sizes[i]!)));
      // werift → us.
      for (let i = 0; i < 5; i++) await l.theirs.send(2, 51, Buffer.from(pattern(100 + i, 2000 * (i + 1))));
      await until(l, () => l.events.filter((e) => e.type === 'message').length === 5);
      const got = l.events.filter((e): e is Extract<AssociationEvent, { type: 'message' }> => e.type === 'message');
      got.forEach((m, i) => {
        expect(m.streamId).toBe(2);
        expect(m.ppid).toBe(51);
        expect(m.data).toEqual(pattern(100 + i, 2000 * (i + 1)));
      });
      // Stream reset (RFC 6525) toward werift.
      const resetSeen: number[][] = [];
      l.theirs.onReconfigStreams.subscribe((ids: number[]) => void resetSeen.push(ids));
      l.ours.resetStreams([1]);
      l.drive();
      await until(l, () => l.events.some((e) => e.type === 'stream-reset'));
      expect(l.events.find((e) => e.type === 'stream-reset')).toMatchObject({ direction: 'outgoing', streamIds: [1], ok: true });
      expect(resetSeen).toEqual([[1]]);
      await l.close();
    });
  }

  it('a path MTU probe padded with a second HEARTBEAT (not PAD, which werift does not skip) is answered, and larger packets then flow', async () => {
    const l = link(true);
    const received: Buffer[] = [];
    l.theirs.onReceive.subscribe((_sid: number, _ppid: number, data: Buffer) => void received.push(data));
    // Record the size of every packet we send.
    const sent: number[] = [];
    const poll = l.ours.pollTransmit.bind(l.ours);
    l.ours.pollTransmit = () => {
      const t = poll();
      if (t) sent.push(t.data.length);
      return t;
    };
    await l.theirs.start(5000);
    await until(l, () => l.ours.state === 'established');
    l.ours.probePathMtu(2048, 'heartbeat');
    l.drive();
    await until(l, () => l.ours.pathMtu === 2048);
    expect(sent).toContain(2048);
    const sizes = [3000, 70_000, 2000];
    sizes.forEach((n, i) => l.ours.send(1, 53, pattern(i, n)));
    l.drive();
    await weriftReceived(received, sizes.length).finally(() => l.close());
    received.forEach((b, i) => expect(new Uint8Array(b)).toEqual(pattern(i, sizes[i]!)));
    // The data went in packets above 1200 bytes, none above the probed size.
    expect(Math.max(...sent)).toBe(2048);
    expect(sent.filter((n) => n > 1200).length).toBeGreaterThan(30);
  });
});
