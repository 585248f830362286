/**
 * RTCPeerConnection / RTCDataChannel end to end (issue 7, point 6): purertc
 * against werift and node-datachannel (its W3C `polyfill` export), each
 * driven through the same W3C-shaped code below, in the same run:
 *
 * - time from createOffer() to the channel's `open`, Node to Node on loopback (median);
 * - throughput Node to Node, 16 KiB messages, bufferedAmount flow control;
 * - throughput Node to headless Chromium, 16 MiB in 16 KiB messages (Debian's
 *   /usr/bin/chromium through playwright-core, as test/interop/chromium does);
 * - 1 KiB messages per second end to end with 1 MiB kept buffered;
 * - memory per idle connection, and how many connections one process holds open.
 *
 * Network discipline: every peer gathers on 127.0.0.1 only (purertc:
 * `network.addresses`; werift: `iceInterfaceAddresses`; node-datachannel:
 * `bindAddress`), no ICE servers, and only loopback candidates cross between
 * peers (`loopbackOnly`), so nothing is ever sent to a non-loopback address.
 *
 * Environment: PC_BENCH_STACKS=purertc,werift restricts the stacks;
 * PC_BENCH_CONNECTIONS=1000 the connection target (default 1000).
 */
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { RTCPeerConnection as PurePC } from '@purertc/peerconnection';
import * as werift from 'werift';
import * as ndc from 'node-datachannel/polyfill';
import ndcCore from 'node-datachannel';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const LOOP = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };

/** The stacks under test: a factory of W3C-shaped RTCPeerConnections each. */
const ALL_STACKS = {
  purertc: () => new PurePC({}, LOOP),
  // purertc with the loopback probe switched off: 1200-byte SCTP packets, as on any path that is not
  // host-to-host loopback.
  'purertc 1200': () => new PurePC({}, { ...LOOP, transport: { driver: { loopbackPathMtu: false } } }),
  werift: () => new werift.RTCPeerConnection({ iceInterfaceAddresses: { udp4: '127.0.0.1' }, iceAdditionalHostAddresses: ['127.0.0.1'], iceUseIpv6: false }),
  'node-datachannel': () => new ndc.RTCPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' }),
};
const STACK_NAMES = (process.env.PC_BENCH_STACKS ?? Object.keys(ALL_STACKS).join(',')).split(',');
const STACKS = Object.fromEntries(STACK_NAMES.map((n) => [n, ALL_STACKS[n]]));
/** Stacks measured for throughput only (their connection counts would repeat the purertc column). */
const THROUGHPUT_ONLY = new Set(['purertc 1200']);
const CONNECTION_TARGET = Number(process.env.PC_BENCH_CONNECTIONS ?? 1000);

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];
const PAGE_ORIGIN = 'http://127.0.0.1:9';

const isLoopbackCandidate = (line) => {
  const addr = line.replace(/^a=/, '').split(' ')[4] ?? '';
  return /^127\./.test(addr) || addr === '::1';
};
/** Keeps only loopback candidate lines of an SDP. */
function loopbackOnly(sdp) {
  return sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate:') || isLoopbackCandidate(l))
    .join('\r\n');
}
const plainDesc = (d) => ({ type: d.type, sdp: loopbackOnly(d.sdp) });

function withTimeout(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`timeout: ${what}`)), ms)))]).finally(() => clearTimeout(t));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const byteLen = (d) => (typeof d === 'string' ? d.length : d.byteLength ?? d.length ?? d.size ?? 0);

/** Trickle: loopback candidates of `from` go to `to`. */
function trickle(from, to) {
  from.onicecandidate = (e) => {
    const c = e?.candidate;
    if (!c || !c.candidate || !isLoopbackCandidate(c.candidate)) return;
    Promise.resolve()
      .then(() => to.addIceCandidate({ candidate: c.candidate, sdpMid: c.sdpMid ?? '0', sdpMLineIndex: c.sdpMLineIndex ?? 0 }))
      .catch(() => {});
  };
}

/** Subscribes to the channel's bufferedamountlow (W3C event, or werift's Event). */
function onLow(ch, fn) {
  if (ch.bufferedAmountLow?.subscribe) ch.bufferedAmountLow.subscribe(fn);
  else ch.addEventListener('bufferedamountlow', fn);
}

/**
 * Connects two peers of `stack` with trickle ICE; resolves with the open
 * channels and the time from createOffer() to the offerer's channel `open`.
 */
async function connectPair(make, timeoutMs = 15_000) {
  const a = make();
  const b = make();
  trickle(a, b);
  trickle(b, a);
  const remote = new Promise((resolve) => {
    b.ondatachannel = (e) => {
      const ch = e.channel;
      if (ch.readyState === 'open') resolve(ch);
      else ch.onopen = () => resolve(ch);
    };
  });
  const t0 = performance.now();
  const ch = a.createDataChannel('bench');
  const opened = new Promise((r) => (ch.onopen = () => r(performance.now())));
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(plainDesc(a.localDescription ?? offer));
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(plainDesc(b.localDescription ?? answer));
  const tOpen = await withTimeout(opened, timeoutMs, 'channel open');
  const rch = await withTimeout(remote, timeoutMs, 'remote channel');
  return { a, b, ch, rch, openMs: tOpen - t0 };
}

async function closePair(p) {
  for (const pc of [p.a, p.b]) {
    try {
      pc.close();
    } catch {}
  }
}

/**
 * Sends `total` bytes in `size`-byte messages on `ch` keeping bufferedAmount
 * under `high` (refilled on bufferedamountlow); `received()` reports the
 * bytes the far side got. Resolves with { bytes, msgs, ms }.
 */
function transfer(ch, { size, total, high, received, timeoutMs }) {
  return new Promise((resolve) => {
    let done = false;
    const t0 = performance.now();
    const sender = flowControlledSender(ch, Buffer.alloc(size, 7), total, high);
    const watch = setInterval(() => {
      sender.pump();
      const r = received();
      if (r.bytes >= total || performance.now() - t0 > timeoutMs) finish();
    }, 5);
    const finish = () => {
      if (done) return;
      done = true;
      sender.stop();
      clearInterval(watch);
      const r = received();
      resolve({ bytes: r.bytes, msgs: r.msgs, ms: performance.now() - t0 });
    };
    received.onDone = finish;
    sender.pump();
  });
}

/**
 * Sends `msg` on `ch` until `total` bytes went, keeping bufferedAmount under
 * `high`: `pump()` fills up to it and runs again on bufferedamountlow (at
 * `high / 2`); `stop()` ends the pumping. Send errors (a closed channel) end
 * a fill silently: the caller measures what arrived.
 */
function flowControlledSender(ch, msg, total, high) {
  let sent = 0;
  let stopped = false;
  ch.bufferedAmountLowThreshold = high >> 1;
  const pump = () => {
    if (stopped) return;
    try {
      while (sent < total && ch.bufferedAmount < high) {
        ch.send(msg);
        sent += msg.length;
      }
    } catch {}
  };
  onLow(ch, pump);
  return { pump, stop: () => void (stopped = true) };
}

/** Counts what arrives on `rch`; calls `counter.onDone` once `total` bytes are in. */
function counter(rch, total) {
  let bytes = 0;
  let msgs = 0;
  const received = () => ({ bytes, msgs });
  if ('binaryType' in rch) {
    try {
      rch.binaryType = 'arraybuffer';
    } catch {}
  }
  rch.onmessage = (e) => {
    bytes += byteLen(e.data);
    msgs++;
    if (bytes >= total) received.onDone?.();
  };
  return received;
}

// ------------------------------------------------------------------ measurements

async function measureOpen(name, make, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const p = await connectPair(make);
    times.push(p.openMs);
    await closePair(p);
    await sleep(20);
  }
  return times;
}

async function measureThroughput(make, { size, total, high, timeoutMs }) {
  const p = await connectPair(make);
  try {
    const received = counter(p.rch, total);
    return await transfer(p.ch, { size, total, high, received, timeoutMs });
  } finally {
    await closePair(p);
    await sleep(50);
  }
}

function memNow() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
}

/**
 * Opens connected pairs until `target` connections (2 per pair) are open or
 * one fails or the time budget runs out; then checks every channel still
 * carries a message after an idle period. Returns counts and memory per connection.
 */
async function measureConnections(make, target, budgetMs) {
  const before = memNow();
  const pairs = [];
  const t0 = performance.now();
  let failure = '';
  const batch = 10;
  while (pairs.length * 2 < target && performance.now() - t0 < budgetMs) {
    const n = Math.min(batch, (target - pairs.length * 2) >> 1);
    const got = await Promise.allSettled(Array.from({ length: n }, () => connectPair(make, 20_000)));
    for (const g of got) {
      if (g.status === 'fulfilled') pairs.push(g.value);
      else failure = String(g.reason?.message ?? g.reason);
    }
    if (failure) break;
  }
  const setupMs = performance.now() - t0;
  await sleep(2000); // idle: keepalives, heartbeats, timers
  const after = memNow();
  // Every channel still open and carrying a message, both ways.
  let alive = 0;
  await Promise.all(
    pairs.map(
      (p) =>
        new Promise((resolve) => {
          const t = setTimeout(resolve, 10_000);
          p.rch.onmessage = () => p.rch.send('pong');
          p.ch.onmessage = () => {
            alive++;
            clearTimeout(t);
            resolve();
          };
          try {
            p.ch.send('ping');
          } catch {
            resolve();
          }
        }),
    ),
  );
  const n = pairs.length * 2;
  for (const p of pairs) await closePair(p);
  await sleep(500);
  return {
    open: n,
    alive: alive * 2,
    setupMs,
    failure,
    rssPer: n ? (after.rss - before.rss) / n : NaN,
    heapPer: n ? (after.heap - before.heap) / n : NaN,
    externalPer: n ? (after.external - before.external) / n : NaN,
  };
}

/**
 * Runs {@link measureConnections} in a fresh process (this file with
 * `--connections NAME TARGET BUDGET`), so its memory figures start from a
 * clean heap and RSS, undisturbed by the throughput runs.
 */
function connectionsInChild(name, target, budgetMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--connections', name, String(target), String(budgetMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PURERTC_HOST_ADDRESSES: '127.0.0.1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), budgetMs + 60_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ open: 0, alive: 0, setupMs: 0, failure: `child exited ${code}: ${line.slice(0, 200)}`, rssPer: NaN, heapPer: NaN, externalPer: NaN });
      }
    });
  });
}

if (process.argv[2] === '--connections' && process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , , name, target, budget] = process.argv;
  const r = await measureConnections(ALL_STACKS[name], Number(target), Number(budget));
  process.stdout.write(JSON.stringify(r) + '\n');
  try {
    ndcCore.cleanup?.();
  } catch {}
  process.exit(0);
}

// ------------------------------------------------------------------ Chromium

async function withChromium(fn) {
  if (!existsSync(CHROMIUM_PATH)) return undefined;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 20_000 });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.route('**/*', (route) =>
      route.request().url() === `${PAGE_ORIGIN}/`
        ? route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>purertc bench</title>' })
        : route.abort(),
    );
    await page.goto(`${PAGE_ORIGIN}/`);
    return await fn(page);
  } finally {
    await browser.close().catch(() => {});
  }
}

/** Node (offerer, channel creator) sends `total` bytes to a Chromium answerer. */
async function nodeToChromium(page, make, { size, total, high, timeoutMs }) {
  const a = make();
  const ch = a.createDataChannel('bench');
  const opened = new Promise((r) => (ch.onopen = r));
  const gathered = new Promise((r) => {
    const check = () => a.iceGatheringState === 'complete' && r();
    a.onicegatheringstatechange = check;
    a.onicecandidate = (e) => !e?.candidate && r();
    check();
  });
  await a.setLocalDescription(await a.createOffer());
  await withTimeout(gathered, 10_000, 'node gathering');
  const answer = await page.evaluate(async ({ offer, total }) => {
    const pc = new RTCPeerConnection();
    window.__pc = pc;
    window.__done = new Promise((resolve) => {
      pc.ondatachannel = (e) => {
        const rch = e.channel;
        rch.binaryType = 'arraybuffer';
        let bytes = 0;
        let msgs = 0;
        let t0 = 0;
        rch.onmessage = (m) => {
          if (!t0) t0 = performance.now();
          bytes += m.data.byteLength ?? m.data.length;
          msgs++;
          if (bytes >= total) resolve({ bytes, msgs });
        };
        window.__progress = () => ({ bytes, msgs });
      };
    });
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    await new Promise((r) => {
      if (pc.iceGatheringState === 'complete') return r();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
    });
    return { type: 'answer', sdp: pc.localDescription.sdp };
  }, { offer: plainDesc(a.localDescription), total });
  await a.setRemoteDescription(plainDesc(answer));
  await withTimeout(opened, 15_000, 'channel open (chromium)');
  const t0 = performance.now();
  const sender = flowControlledSender(ch, Buffer.alloc(size, 7), total, high);
  const iv = setInterval(sender.pump, 5);
  sender.pump();
  let res;
  try {
    res = await withTimeout(page.evaluate(() => window.__done), timeoutMs, 'chromium receive');
  } catch {
    res = await page.evaluate(() => window.__progress?.() ?? { bytes: 0, msgs: 0 });
  }
  const ms = performance.now() - t0;
  clearInterval(iv);
  sender.stop();
  try {
    a.close();
  } catch {}
  await page.evaluate(() => window.__pc.close());
  return { ...res, ms };
}

// ------------------------------------------------------------------ the suite

const mbs = (r) => r.bytes / r.ms / 1000; // MB/s (10^6 bytes)
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');

export default {
  title: 'RTCPeerConnection and RTCDataChannel end to end',
  description: `Each W3C stack connects to its own kind over real UDP on 127.0.0.1 (both peers in this one process, so
Node to Node figures carry the cost of both ends on one core), or to headless Chromium (Debian's /usr/bin/chromium,
playwright-core). Stacks: purertc; werift (its RTCPeerConnection); node-datachannel (libdatachannel, native, through its
\`polyfill\` export). Open time: createOffer() to the offerer's channel \`open\`, trickle ICE, loopback candidates only.
Throughput: reliable ordered channel, the sender keeps \`bufferedAmount\` under a high-water mark and refills on
\`bufferedamountlow\`; MB/s is 10^6 bytes per second received. Node to Node: the first transfer of the process is
reported on its own (the JavaScript stacks run it largely before the JIT has optimized their data path), then the best
of two more runs on fresh connections; Node to Chromium: best of two. purertc peers state DTLS record_size_limit 16384
(RFC 8449) to each other, so on a loopback pair their SCTP associations probe (RFC 8899) and then use 16 KiB packets, one
DTLS record each; towards a peer that states no limit (Chromium, libdatachannel, werift) the probe is 2048 bytes, the
most libwebrtc's DTLS takes. \`purertc 1200\` is purertc with that probe switched off (\`loopbackPathMtu: false\`):
1200-byte packets, as on any path that is not host-to-host loopback. Connections: connected pairs opened ten at a time until
the target (or a failure), two idle seconds, then every channel must still echo a message; memory is the growth of
RSS / JS heap / external+ArrayBuffer memory after GC, divided by the open connections.`,
  comparisons: [],
  async report({ quick }) {
    const lines = [];
    const results = {};
    const openRuns = quick ? 3 : 11;
    const tput = { size: 16 * 1024, total: quick ? 4 << 20 : 32 << 20, high: 1 << 20, timeoutMs: quick ? 5000 : 15_000 };
    const kib = { size: 1024, total: Infinity, high: 1 << 20, timeoutMs: quick ? 1500 : 4000 };
    for (const [name, make] of Object.entries(STACKS)) {
      const r = (results[name] = {});
      // Warm-up connection (JIT, module loading, certificate generation paths).
      try {
        await closePair(await connectPair(make));
      } catch (e) {
        r.error = String(e?.message ?? e);
        continue;
      }
      r.open = await measureOpen(name, make, openRuns);
      console.log(`  ${name}: open median ${fmt(median(r.open))} ms (${r.open.map((x) => x.toFixed(0)).join(' ')})`);
      // Best of two runs (each on a fresh connection), to damp noise on the shared machine.
      const best = (xs, f) => xs.reduce((m, x) => (f(x) > f(m) ? x : m));
      // The first bulk transfer of the process runs largely before the JIT has optimized the data
      // path (JavaScript stacks): reported on its own, then the best of two warm transfers.
      r.n2nCold = await measureThroughput(make, tput);
      r.n2n = best([await measureThroughput(make, tput), ...(quick ? [] : [await measureThroughput(make, tput)])], mbs);
      console.log(`  ${name}: N2N 16 KiB ${fmt(mbs(r.n2n))} MB/s (${(r.n2n.bytes / 2 ** 20).toFixed(1)} MiB in ${r.n2n.ms.toFixed(0)} ms; first transfer ${fmt(mbs(r.n2nCold))} MB/s)`);
      // 1 KiB messages with 1 MiB kept buffered: count messages received per second.
      const kibRuns = [];
      for (let i = 0; i < (quick ? 1 : 2); i++) {
        const p = await connectPair(make);
        const received = counter(p.rch, Infinity);
        kibRuns.push(await transfer(p.ch, { ...kib, received }));
        await closePair(p);
        await sleep(50);
      }
      r.kib = best(kibRuns, (x) => x.msgs / x.ms);
      console.log(`  ${name}: 1 KiB msgs/s ${fmt(r.kib.msgs / (r.kib.ms / 1000), 0)}`);
    }
    // Chromium.
    let chromiumNote = '';
    try {
      const got = await withChromium(async (page) => {
        const out = {};
        // `purertc 1200` too: it shows what the 2048-byte probe towards Chromium brings.
        for (const [name, make] of Object.entries(STACKS)) {
          if (results[name].error) continue;
          try {
            // Best of two transfers (the first also warms up both ends), as on a shared machine
            // Chromium's renderer competes for the same two cores.
            const runs = [];
            for (let i = 0; i < (quick ? 1 : 2); i++) {
              runs.push(await nodeToChromium(page, make, { size: 16 * 1024, total: quick ? 4 << 20 : 16 << 20, high: 1 << 20, timeoutMs: quick ? 10_000 : 30_000 }));
            }
            out[name] = runs.reduce((m, x) => (x.bytes / x.ms > m.bytes / m.ms ? x : m));
            console.log(`  ${name} → Chromium: ${fmt(mbs(out[name]))} MB/s`);
          } catch (e) {
            out[name] = { error: String(e?.message ?? e) };
            console.log(`  ${name} → Chromium: ${out[name].error}`);
          }
        }
        return out;
      });
      if (!got) chromiumNote = `${CHROMIUM_PATH} is missing: Node to Chromium not measured.`;
      for (const [name, v] of Object.entries(got ?? {})) results[name].chromium = v;
    } catch (e) {
      chromiumNote = `Chromium failed: ${String(e?.message ?? e)}`;
    }
    // Connections held open (last: it loads the process most).
    for (const [name, make] of Object.entries(STACKS)) {
      if (results[name].error || THROUGHPUT_ONLY.has(name)) continue;
      const target = quick ? Math.min(100, CONNECTION_TARGET) : CONNECTION_TARGET;
      results[name].conns = await connectionsInChild(name, target, quick ? 20_000 : 90_000);
      const c = results[name].conns;
      console.log(`  ${name}: ${c.open} connections open (${c.alive} alive) in ${(c.setupMs / 1000).toFixed(1)} s; RSS ${fmt(c.rssPer / 1024)} KiB, heap ${fmt(c.heapPer / 1024)} KiB per connection${c.failure ? `; stopped: ${c.failure}` : ''}`);
    }

    const names = Object.keys(STACKS);
    lines.push(
      `| measurement | ${names.join(' | ')} |`,
      `|---|${names.map(() => '---:').join('|')}|`,
      `| channel open N2N, median ms (${openRuns} runs) | ${names.map((n) => fmt(median(results[n].open ?? []))).join(' | ')} |`,
      `| channel open N2N, min–max ms | ${names.map((n) => (results[n].open ? `${fmt(Math.min(...results[n].open), 0)}–${fmt(Math.max(...results[n].open), 0)}` : '–')).join(' | ')} |`,
      `| N2N 16 KiB messages, MB/s (${tput.total >> 20} MiB, best of ${quick ? 1 : 2} after the first) | ${names.map((n) => (results[n].n2n ? fmt(mbs(results[n].n2n)) : '–')).join(' | ')} |`,
      `| N2N 16 KiB messages, first transfer of the process (cold JIT), MB/s | ${names.map((n) => (results[n].n2nCold ? fmt(mbs(results[n].n2nCold)) : '–')).join(' | ')} |`,
      `| Node → Chromium 16 KiB messages, MB/s | ${names.map((n) => (results[n].chromium?.bytes ? `${fmt(mbs(results[n].chromium))}${results[n].chromium.bytes < (quick ? 4 << 20 : 16 << 20) ? ' (incomplete)' : ''}` : results[n].chromium?.error ? 'failed' : '–')).join(' | ')} |`,
      `| 1 KiB messages/s, 1 MiB buffered | ${names.map((n) => (results[n].kib ? fmt(results[n].kib.msgs / (results[n].kib.ms / 1000), 0) : '–')).join(' | ')} |`,
      `| connections open at once (target ${quick ? Math.min(100, CONNECTION_TARGET) : CONNECTION_TARGET}) / still echoing | ${names.map((n) => (results[n].conns ? `${results[n].conns.open} / ${results[n].conns.alive}` : '–')).join(' | ')} |`,
      `| memory per idle connection: RSS KiB | ${names.map((n) => fmt((results[n].conns?.rssPer ?? NaN) / 1024)).join(' | ')} |`,
      `| memory per idle connection: JS heap KiB | ${names.map((n) => fmt((results[n].conns?.heapPer ?? NaN) / 1024)).join(' | ')} |`,
      `| memory per idle connection: external + ArrayBuffer KiB | ${names.map((n) => fmt((results[n].conns?.externalPer ?? NaN) / 1024)).join(' | ')} |`,
    );
    for (const n of names) {
      if (results[n].error) lines.push('', `${n}: did not connect (${results[n].error}).`);
      if (results[n].conns?.failure) lines.push('', `${n}: stopped opening connections at ${results[n].conns.open}: ${results[n].conns.failure}.`);
    }
    if (chromiumNote) lines.push('', chromiumNote);
    const ours = results.purertc ?? {};
    const t = (ok) => (ok ? 'met' : '**NOT MET**');
    const openMed = median(ours.open ?? []);
    const n2n = ours.n2n ? mbs(ours.n2n) : NaN;
    const chr = ours.chromium?.bytes ? mbs(ours.chromium) : NaN;
    const kps = ours.kib ? ours.kib.msgs / (ours.kib.ms / 1000) : NaN;
    lines.push(
      '',
      '### Targets',
      '',
      '| target | measured | required | |',
      '|---|---:|---:|---|',
      `| channel open N2N, median | ${fmt(openMed)} ms | < 50 ms | ${t(openMed < 50)} |`,
      `| Node → Chromium 16 MiB | ${fmt(chr)} MB/s | ≥ 30 MB/s | ${t(chr >= 30)} |`,
      `| Node → Node (default settings) | ${fmt(n2n)} MB/s | ≥ 100 MB/s | ${t(n2n >= 100)} |`,
      `| 1 KiB messages, 1 MiB buffered | ${fmt(kps, 0)} msgs/s | ≥ 20,000 | ${t(kps >= 20_000)} |`,
      `| connections held open in one process | ${ours.conns?.alive ?? '–'} | ≥ 1000 | ${t((ours.conns?.alive ?? 0) >= 1000)} |`,
    );
    // node-datachannel keeps a native thread pool alive until cleaned up.
    try {
      ndcCore.cleanup?.();
    } catch {}
    return lines.join('\n');
  },
};
export { ALL_STACKS, connectPair, closePair, counter, transfer, withChromium, nodeToChromium, measureConnections };
