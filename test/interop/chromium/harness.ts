/**
 * A headless-Chromium harness for interop tests: Debian's `chromium` driven by
 * `playwright-core` (never a downloaded browser), one page on a secure origin
 * that is served by request interception (no server, no network), and a small
 * API over RTCPeerConnections living in that page.
 *
 * Network discipline: the page's only origin is `http://127.0.0.1:9/`, fulfilled
 * in-process by `page.route`; every other request is aborted. Chromium gets no
 * ICE servers, mDNS candidate hiding is disabled (so it sends no multicast), and
 * {@link loopbackOnly} keeps every candidate that crosses between peers on
 * 127.0.0.1 / ::1. Chromium's background networking, component updates, sync
 * and QUIC are off.
 *
 * Every call is bounded in time ({@link ChromiumOptions.timeoutMs}); a test
 * file calls `close()` in `afterAll` so jest exits.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

/** Where Debian installs Chromium (`apt-get install chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The page's origin: potentially trustworthy (secure context), never dialled. */
export const PAGE_ORIGIN = 'http://127.0.0.1:9';

/** Flags Chromium starts with. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Loopback host candidates (Chromium skips loopback interfaces otherwise).
  '--allow-loopback-in-peer-connection',
  // Raw host addresses instead of mDNS names: no multicast registration traffic.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  // Fake capture devices and auto-granted permission: getUserMedia works headless.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** Options of {@link launchChromium}. */
export interface ChromiumOptions {
  /** Upper bound of every single harness call, in ms (default 10 000). */
  timeoutMs?: number;
}

/** A plain JSON description, as `RTCSessionDescriptionInit`. */
export interface DescriptionInit {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
}

/** What the harness reports about one transceiver. */
export interface TransceiverInfo {
  mid: string | null;
  kind: string;
  direction: string;
  currentDirection: string | null;
  stopped?: boolean;
}

/** A `track` event seen by a Chromium peer. */
export interface TrackEventInfo {
  kind: string;
  mid: string | null;
  streamIds: string[];
  trackId: string;
}

/** Init of {@link ChromiumPeer.addTransceiver}: streams are named by the test and created in the page. */
export interface TransceiverInitSpec {
  direction?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** Names of page-side MediaStreams (created on first use); their real ids come back from {@link ChromiumPeer.streamId}. */
  streams?: string[];
  sendEncodings?: { rid?: string; active?: boolean; maxBitrate?: number; scaleResolutionDownBy?: number }[];
  /** Attach a fake-device track of the transceiver's kind. */
  withTrack?: boolean;
}

/**
 * The functions installed into the page as `window.__purertc`. This function is
 * serialized by playwright and runs in the browser: it may use browser globals
 * only, nothing from this module's scope.
 */
function installPageHelpers(): void {
  type W = typeof globalThis & { __purertc?: unknown };
  const w = globalThis as W;
  if (w.__purertc) return;
  const peers = new Map<number, RTCPeerConnection>();
  const streams = new Map<string, MediaStream>();
  const events = new Map<number, { tracks: unknown[]; channels: RTCDataChannel[]; localChannels: RTCDataChannel[]; candidates: unknown[] }>();
  async function newTrack(kind: 'audio' | 'video'): Promise<MediaStreamTrack> {
    const s = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio: true } : { video: { width: 320, height: 240 } });
    return s.getTracks()[0]!;
  }
  function stream(name: string): MediaStream {
    let s = streams.get(name);
    if (!s) streams.set(name, (s = new MediaStream()));
    return s;
  }
  function gathered(pc: RTCPeerConnection): Promise<void> {
    return new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
  }
  function transceivers(pc: RTCPeerConnection) {
    return pc.getTransceivers().map((t) => ({
      mid: t.mid,
      kind: t.receiver.track.kind,
      direction: t.direction,
      currentDirection: t.currentDirection,
    }));
  }
  let next = 1;
  w.__purertc = {
    peers,
    events,
    newTrack,
    stream,
    gathered,
    transceivers,
    create(config: RTCConfiguration): number {
      const id = next++;
      const pc = new RTCPeerConnection(config);
      const log = { tracks: [] as unknown[], channels: [] as RTCDataChannel[], localChannels: [] as RTCDataChannel[], candidates: [] as unknown[] };
      pc.addEventListener('icecandidate', (e) => log.candidates.push(e.candidate ? e.candidate.toJSON() : null));
      pc.addEventListener('track', (e) =>
        log.tracks.push({ kind: e.track.kind, mid: e.transceiver.mid, streamIds: e.streams.map((s) => s.id), trackId: e.track.id }),
      );
      pc.addEventListener('datachannel', (e) => log.channels.push(e.channel));
      peers.set(id, pc);
      events.set(id, log);
      return id;
    },
  };
}

/** Races `p` against a timer; the error names what timed out. */
export function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Keeps only the candidates on loopback addresses in an SDP text (candidate
 * lines whose address is not 127.0.0.0/8 or ::1 are removed), so a peer given
 * this description only ever sends checks to loopback.
 */
export function loopbackOnly(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((line) => {
      if (!line.startsWith('a=candidate:')) return true;
      const address = line.split(' ')[4] ?? '';
      return /^127\./.test(address) || address === '::1';
    })
    .join('\r\n');
}

/** One RTCPeerConnection living in the Chromium page. */
export class ChromiumPeer {
  constructor(
    private readonly page: Page,
    /** The page-side id of this connection. */
    readonly id: number,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Runs `fn(pc, arg, helpers)` in the page, where `pc` is this connection.
   * `fn` is serialized: it may only use its parameters and browser globals.
   * The argument and the result must be JSON-serializable.
   */
  eval<R, A = undefined>(fn: (pc: RTCPeerConnection, arg: A, helpers: any) => R | Promise<R>, arg?: A): Promise<R> {
    const source = `(async () => { const h = window.__purertc; return await (${fn.toString()})(h.peers.get(${this.id}), ${JSON.stringify(arg ?? null)}, h); })()`;
    return within(this.timeoutMs, `chromium peer ${this.id}: ${fn.name || 'eval'}`, this.page.evaluate(source) as Promise<R>);
  }

  /** `pc.createOffer(options)`, returning `{type, sdp}`. */
  createOffer(options: RTCOfferOptions = {}): Promise<DescriptionInit> {
    return this.eval(async (pc, o) => {
      const d = await pc.createOffer(o);
      return { type: d.type, sdp: d.sdp };
    }, options) as Promise<DescriptionInit>;
  }

  /** `pc.createAnswer()`. */
  createAnswer(): Promise<DescriptionInit> {
    return this.eval(async (pc) => {
      const d = await pc.createAnswer();
      return { type: d.type, sdp: d.sdp };
    }) as Promise<DescriptionInit>;
  }

  /** `pc.setLocalDescription(desc)` (parameterless when `desc` is omitted); returns the resulting localDescription. */
  setLocalDescription(desc?: DescriptionInit): Promise<DescriptionInit | null> {
    return this.eval(async (pc, d) => {
      await (d ? pc.setLocalDescription(d as RTCSessionDescriptionInit) : pc.setLocalDescription());
      const l = pc.localDescription;
      return l ? { type: l.type, sdp: l.sdp } : null;
    }, desc ?? null) as Promise<DescriptionInit | null>;
  }

  /** `pc.setRemoteDescription(desc)`. Rejections come back as `Error('<name>: <message>')`. */
  setRemoteDescription(desc: DescriptionInit): Promise<void> {
    return this.eval(async (pc, d) => {
      try {
        await pc.setRemoteDescription(d as RTCSessionDescriptionInit);
      } catch (e) {
        throw new Error(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }, desc);
  }

  /** Waits until ICE gathering is complete, then returns `localDescription` (with every candidate). */
  gatheredLocalDescription(): Promise<DescriptionInit> {
    return this.eval(async (pc, _a, h) => {
      await h.gathered(pc);
      return { type: pc.localDescription!.type, sdp: pc.localDescription!.sdp };
    }) as Promise<DescriptionInit>;
  }

  /** `pc.addTransceiver(kind, init)`; returns the transceiver's index in getTransceivers(). */
  addTransceiver(kind: 'audio' | 'video', init: TransceiverInitSpec = {}): Promise<number> {
    return this.eval(
      async (pc, a, h) => {
        const track = a.init.withTrack ? await h.newTrack(a.kind) : undefined;
        const dict: RTCRtpTransceiverInit = {};
        if (a.init.direction) dict.direction = a.init.direction;
        if (a.init.streams) dict.streams = a.init.streams.map((n: string) => h.stream(n));
        if (a.init.sendEncodings) dict.sendEncodings = a.init.sendEncodings;
        pc.addTransceiver(track ?? a.kind, dict);
        return pc.getTransceivers().length - 1;
      },
      { kind, init },
    );
  }

  /** `pc.addTrack(fakeTrack(kind), ...streams)` with page-side streams named by the test. */
  addTrack(kind: 'audio' | 'video', streams: string[] = []): Promise<string> {
    return this.eval(
      async (pc, a, h) => {
        const track = await h.newTrack(a.kind);
        pc.addTrack(track, ...a.streams.map((n: string) => h.stream(n)));
        return track.id as string;
      },
      { kind, streams },
    );
  }

  /** The id of the page-side MediaStream named `name`. */
  streamId(name: string): Promise<string> {
    return this.eval((_pc, n, h) => h.stream(n).id as string, name);
  }

  /** `pc.createDataChannel(label, init)`; the page keeps the channel in `helpers.events.get(id).localChannels`. */
  createDataChannel(label: string, init: RTCDataChannelInit = {}): Promise<void> {
    return this.eval(
      (pc, a, h) => {
        h.events.get(a.id).localChannels.push(pc.createDataChannel(a.label, a.init));
      },
      { label, init, id: this.id },
    );
  }

  /** `pc.restartIce()`. */
  restartIce(): Promise<void> {
    return this.eval((pc) => pc.restartIce());
  }

  /** `pc.signalingState`. */
  signalingState(): Promise<string> {
    return this.eval((pc) => pc.signalingState);
  }

  /** mid, kind, direction and currentDirection of every transceiver. */
  transceivers(): Promise<TransceiverInfo[]> {
    return this.eval((pc, _a, h) => h.transceivers(pc)) as Promise<TransceiverInfo[]>;
  }

  /** Every `track` event this connection fired so far. */
  trackEvents(): Promise<TrackEventInfo[]> {
    return this.eval((_pc, id, h) => h.events.get(id).tracks, this.id) as Promise<TrackEventInfo[]>;
  }

  /** Every `icecandidate` event so far: the candidate's toJSON(), or null for the end of gathering. */
  iceCandidates(): Promise<(RTCIceCandidateInit | null)[]> {
    return this.eval((_pc, id, h) => h.events.get(id).candidates, this.id) as Promise<(RTCIceCandidateInit | null)[]>;
  }

  /** `pc.close()`. */
  close(): Promise<void> {
    return this.eval((pc) => pc.close());
  }
}

/** A running Chromium with one secure-context page hosting the peers. */
export class ChromiumHarness {
  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    /** The page every peer lives in. */
    readonly page: Page,
    private readonly timeoutMs: number,
  ) {}

  /** @internal Use {@link launchChromium}. */
  static async start(options: ChromiumOptions = {}): Promise<ChromiumHarness> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium); .ci/run does`);
    }
    // playwright creates a fresh temporary --user-data-dir and removes it on close().
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: timeoutMs,
    });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url === `${PAGE_ORIGIN}/`) {
          return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>purertc interop</title>' });
        }
        return route.abort();
      });
      await page.goto(`${PAGE_ORIGIN}/`, { timeout: timeoutMs });
      await page.evaluate(installPageHelpers);
      return new ChromiumHarness(browser, context, page, timeoutMs);
    } catch (e) {
      await browser.close().catch(() => undefined);
      throw e;
    }
  }

  /** Chromium's version string, e.g. "156.0.8078.79". */
  get version(): string {
    return this.browser.version();
  }

  /** Creates `new RTCPeerConnection(config)` in the page. Never pass ICE servers: the tests stay on loopback. */
  async newPeer(config: RTCConfiguration = {}): Promise<ChromiumPeer> {
    if (config.iceServers && config.iceServers.length > 0) throw new Error('no ICE servers: interop tests stay on loopback');
    const id = await within(this.timeoutMs, 'new RTCPeerConnection', this.page.evaluate((c) => (globalThis as any).__purertc.create(c) as number, config));
    return new ChromiumPeer(this.page, id, this.timeoutMs);
  }

  /** Runs `fn(arg, helpers)` in the page (for tests wiring several peers together). */
  eval<R, A = undefined>(fn: (arg: A, helpers: any) => R | Promise<R>, arg?: A): Promise<R> {
    const source = `(async () => await (${fn.toString()})(${JSON.stringify(arg ?? null)}, window.__purertc))()`;
    return within(this.timeoutMs, `chromium page: ${fn.name || 'eval'}`, this.page.evaluate(source) as Promise<R>);
  }

  /** Closes every page and the browser (and removes the temporary profile). */
  async close(): Promise<void> {
    await within(this.timeoutMs, 'closing chromium', this.context.close().finally(() => this.browser.close()));
  }
}

/** Starts Chromium; fails (never skips) when it is not installed. */
export function launchChromium(options?: ChromiumOptions): Promise<ChromiumHarness> {
  return ChromiumHarness.start(options);
}
