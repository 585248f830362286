/**
 * A test-only UDP gate on 127.0.0.1 between purertc and a stack that cannot be
 * kept off its other interfaces (@roamhq/wrtc: libwebrtc offers no interface
 * option). Such a stack pairs every local socket with the 127.0.0.1 candidate
 * it is given, so it also sends checks from its non-loopback socket (e.g.
 * 192.0.2.2) to 127.0.0.1; answering those would mean sending to a non-loopback
 * address. The gate stands between the two peers:
 *
 *   stack 127.0.0.1:s  <->  [stackSide 127.0.0.1:g1 | purertcSide 127.0.0.1:g2]  <->  purertc 127.0.0.1:p
 *
 * The stack is told that purertc's candidate is g1, purertc that the stack's is
 * g2 (one UDP candidate each, rewritten in the descriptions). Datagrams are
 * forwarded only between the two known loopback endpoints; anything from
 * another source (the stack's non-loopback sockets) is dropped and counted.
 */
import { createSocket, type Socket } from 'node:dgram';

const LOOPBACK_CANDIDATE = /^((?:a=)?candidate:\S+ \d+ udp \d+ 127\.0\.0\.1 )(\d+)( typ host.*)$/gim;

function bound(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => resolve(s));
  });
}

/**
 * Replaces the port of the 127.0.0.1 UDP host candidates in `text` (a description or one trickled
 * candidate) with `port`; returns the old port (undefined when there is none). Each peer has one
 * loopback socket, so every such candidate of one peer has the same port.
 */
function swapPort(text: string, port: number): { text: string; old: number | undefined } {
  const ports = new Set([...text.matchAll(LOOPBACK_CANDIDATE)].map((m) => Number(m[2])));
  if (ports.size > 1) throw new Error(`expected one loopback port, found ${[...ports].join(', ')}`);
  return { text: text.replace(LOOPBACK_CANDIDATE, (_l, a: string, _p: string, b: string) => `${a}${port}${b}`), old: [...ports][0] };
}

function learn(known: number, seen: number | undefined, who: string): number {
  if (seen !== undefined && known && seen !== known) throw new Error(`${who} changed its loopback port from ${known} to ${seen}`);
  return seen ?? known;
}

/** The gate: two loopback sockets and the two endpoints it forwards between. */
export class LoopbackGate {
  /** Datagrams forwarded, each way. */
  forwarded = { toPurertc: 0, toStack: 0 };
  /** Datagrams dropped because they came from an unknown (e.g. non-loopback) source. */
  dropped: string[] = [];
  #stackPort = 0;
  #purertcPort = 0;

  private constructor(
    private readonly stackSide: Socket,
    private readonly purertcSide: Socket,
  ) {
    stackSide.on('message', (msg, from) => {
      if (from.address !== '127.0.0.1' || from.port !== this.#stackPort || !this.#purertcPort) return void this.drop(from);
      this.forwarded.toPurertc++;
      purertcSide.send(msg, this.#purertcPort, '127.0.0.1');
    });
    purertcSide.on('message', (msg, from) => {
      if (from.address !== '127.0.0.1' || from.port !== this.#purertcPort || !this.#stackPort) return void this.drop(from);
      this.forwarded.toStack++;
      stackSide.send(msg, this.#stackPort, '127.0.0.1');
    });
  }

  private drop(from: { address: string; port: number }): void {
    if (this.dropped.length < 100) this.dropped.push(`${from.address}:${from.port}`);
  }

  /** Opens both sockets on 127.0.0.1. */
  static async open(): Promise<LoopbackGate> {
    return new LoopbackGate(await bound(), await bound());
  }

  /** A description or candidate from purertc, as the stack must see it: purertc's candidate becomes the gate's stack side. */
  toStack(text: string): string {
    const r = swapPort(text, this.stackSide.address().port);
    this.#purertcPort = learn(this.#purertcPort, r.old, 'purertc');
    return r.text;
  }

  /** A description or candidate from the stack, as purertc must see it: the stack's candidate becomes the gate's purertc side. */
  toPurertc(text: string): string {
    const r = swapPort(text, this.purertcSide.address().port);
    this.#stackPort = learn(this.#stackPort, r.old, 'the stack');
    return r.text;
  }

  close(): void {
    this.stackSide.close();
    this.purertcSide.close();
  }
}
