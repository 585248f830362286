/**
 * A small deterministic network for two DTLS endpoints: seeded loss,
 * duplication and reordering (random per-datagram delay), virtual time, no sleeps.
 */
import { seededRandom, type Components } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { certificateFingerprint, DtlsEndpoint, generateDtlsCertificate, type DtlsCertificate, type DtlsEndpointOptions, type DtlsEvent } from '@purertc/dtls';

export interface NetOptions {
  loss?: number;
  duplicate?: number;
  /** Max extra delay in ms (reordering when > base delay differences). */
  jitter?: number;
  delay?: number;
  seed?: number;
  /** Drop or rewrite datagrams: return undefined to drop. */
  tamper?: (from: 'a' | 'b', data: Uint8Array, index: number) => Uint8Array | undefined;
}

export interface Logged {
  at: number;
  side: 'a' | 'b';
  event: DtlsEvent;
}

export function components(seed: number): Components {
  return { crypto: nodeCrypto, random: seededRandom(seed) };
}

export class Net {
  now = 0;
  readonly log: Logged[] = [];
  readonly sent = { a: 0, b: 0 };
  private readonly queue: { at: number; to: 'a' | 'b'; data: Uint8Array }[] = [];
  private readonly rand: () => number;
  constructor(
    readonly a: DtlsEndpoint,
    readonly b: DtlsEndpoint,
    private readonly o: NetOptions = {},
  ) {
    const src = seededRandom(o.seed ?? 1);
    const buf = new Uint8Array(4);
    this.rand = () => {
      src(buf);
      return (buf[0]! | (buf[1]! << 8) | (buf[2]! << 16) | ((buf[3]! & 0x7f) << 24)) / 2 ** 31;
    };
  }

  private drain(side: 'a' | 'b'): void {
    const ep = side === 'a' ? this.a : this.b;
    const to = side === 'a' ? 'b' : 'a';
    for (let e = ep.pollEvent(); e; e = ep.pollEvent()) this.log.push({ at: this.now, side, event: e });
    for (let t = ep.pollTransmit(); t; t = ep.pollTransmit()) {
      let data: Uint8Array | undefined = t.data;
      const index = this.sent[side]++;
      if (this.o.tamper) data = this.o.tamper(side, data, index);
      if (!data) continue;
      if (this.rand() < (this.o.loss ?? 0)) continue;
      const copies = this.rand() < (this.o.duplicate ?? 0) ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        this.queue.push({ at: this.now + (this.o.delay ?? 1) + this.rand() * (this.o.jitter ?? 0), to, data });
      }
    }
  }

  /** Advances to the next delivery or deadline and processes it; false when nothing is pending. */
  step(): boolean {
    this.drain('a');
    this.drain('b');
    let next = Infinity;
    for (const q of this.queue) next = Math.min(next, q.at);
    const ta = this.a.pollTimeout();
    const tb = this.b.pollTimeout();
    if (ta !== undefined) next = Math.min(next, ta);
    if (tb !== undefined) next = Math.min(next, tb);
    if (next === Infinity) return false;
    this.now = Math.max(this.now, next);
    const due = this.queue.filter((q) => q.at <= this.now).sort((x, y) => x.at - y.at);
    for (const d of due) this.queue.splice(this.queue.indexOf(d), 1);
    for (const d of due) {
      (d.to === 'a' ? this.a : this.b).handle(this.now, d.data);
      this.drain(d.to);
    }
    this.a.handleTimeout(this.now);
    this.b.handleTimeout(this.now);
    this.drain('a');
    this.drain('b');
    return true;
  }

  /** Runs until `done()` or nothing is pending or `maxMs` of virtual time passed. */
  run(done: () => boolean, maxMs = 600_000): void {
    for (let i = 0; i < 100_000 && !done() && this.now < maxMs; i++) if (!this.step()) break;
  }

  events(side: 'a' | 'b', type?: DtlsEvent['type']): DtlsEvent[] {
    return this.log.filter((l) => l.side === side && (!type || l.event.type === type)).map((l) => l.event);
  }

  connected(): boolean {
    return this.events('a', 'connected').length > 0 && this.events('b', 'connected').length > 0;
  }
}

let ecCert: Promise<DtlsCertificate> | undefined;
let rsaCert: Promise<DtlsCertificate> | undefined;
let ecCert2: Promise<DtlsCertificate> | undefined;

export function certs(): Promise<{ ec: DtlsCertificate; rsa: DtlsCertificate; ec2: DtlsCertificate }> {
  ecCert ??= generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now: Date.now() });
  ecCert2 ??= generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now: Date.now() });
  rsaCert ??= generateDtlsCertificate(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    { crypto: globalThis.crypto, now: Date.now() },
  );
  return Promise.all([ecCert, rsaCert, ecCert2]).then(([ec, rsa, ec2]) => ({ ec, rsa, ec2 }));
}

export function fp(c: DtlsCertificate, alg: 'sha-1' | 'sha-256' | 'sha-384' | 'sha-512' = 'sha-256') {
  return [certificateFingerprint(c.certificateDer, alg, nodeCrypto)];
}

/** A client/server pair that trust each other's fingerprints. */
export function pair(
  clientCert: DtlsCertificate,
  serverCert: DtlsCertificate,
  common: Partial<DtlsEndpointOptions> = {},
  client: Partial<DtlsEndpointOptions> = {},
  server: Partial<DtlsEndpointOptions> = {},
  seed = 1,
) {
  const a = new DtlsEndpoint(
    { role: 'client', certificate: clientCert, remoteFingerprints: fp(serverCert), initialRetransmitMs: 20, ...common, ...client },
    components(seed * 2 + 1),
  );
  const b = new DtlsEndpoint(
    { role: 'server', certificate: serverCert, remoteFingerprints: fp(clientCert), initialRetransmitMs: 20, ...common, ...server },
    components(seed * 2 + 2),
  );
  return { a, b };
}
