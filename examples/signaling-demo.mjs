// purertc demo: `npm start` (after `npm install`, which builds the packages).
//
// Interactive (a terminal): serves a page on http://127.0.0.1:<port>/ and prints its URL.
// Open it in a browser: the page connects an RTCPeerConnection to a purertc peer running
// in this Node process, echoes DataChannel messages (round-trip time, throughput) and shows
// the Node side's getStats(). Stop with Ctrl+C.
//
// Non-interactive (no terminal, CI, `npm start < /dev/null | cat`) or `--chat`: two purertc
// peers in this process connect over loopback UDP, chat over a DataChannel, print their states
// and messages, close, and the process exits on its own.
//
// Options: --serve (page even without a terminal), --chat, --port=N (default 8080, 0 = any),
// --loopback (Node peer on 127.0.0.1 only; the browser then needs loopback candidates).
import { createServer } from 'node:http';
import { RTCPeerConnection } from '@purertc/peerconnection';

const args = new Set(process.argv.slice(2).filter((a) => !a.startsWith('--port=')));
const portArg = process.argv.find((a) => a.startsWith('--port='));
const port = portArg ? Number(portArg.slice(7)) : 8080;
const serve = args.has('--serve') || (!args.has('--chat') && process.stdout.isTTY === true && process.stdin.isTTY === true);
const LOOPBACK = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };

if (serve) startServer();
else await chat();

// ───────────────────────────── two purertc peers chatting ─────────────────────────────

async function chat() {
  const alice = new RTCPeerConnection({}, LOOPBACK);
  const bob = new RTCPeerConnection({}, LOOPBACK);
  for (const [name, pc] of [['alice', alice], ['bob', bob]]) {
    pc.onconnectionstatechange = () => console.log(`${name}: connectionState -> ${pc.connectionState}`);
    pc.oniceconnectionstatechange = () => console.log(`${name}: iceConnectionState -> ${pc.iceConnectionState}`);
  }
  // Trickle ICE: each candidate goes straight to the other peer.
  alice.onicecandidate = (e) => e.candidate && bob.addIceCandidate(e.candidate);
  bob.onicecandidate = (e) => e.candidate && alice.addIceCandidate(e.candidate);

  const started = performance.now();
  const channel = alice.createDataChannel('chat');
  bob.ondatachannel = ({ channel: remote }) => {
    console.log(`bob: datachannel "${remote.label}" (id ${remote.id})`);
    remote.onmessage = (e) => {
      console.log(`bob: received "${e.data}"`);
      remote.send(`echo: ${e.data}`);
    };
  };
  const lines = ['hello bob', 'this is a DataChannel over DTLS over ICE over UDP', 'in pure TypeScript'];
  let replies = 0;
  channel.onopen = () => {
    console.log(`alice: channel "${channel.label}" open after ${(performance.now() - started).toFixed(0)} ms`);
    for (const l of lines) channel.send(l);
  };
  channel.onmessage = async (e) => {
    console.log(`alice: received "${e.data}"`);
    if (++replies < lines.length) return;
    const stats = await alice.getStats();
    for (const s of stats.values()) {
      if (s.type === 'candidate-pair' && s.nominated) console.log(`alice: selected pair RTT ${(s.currentRoundTripTime * 1000).toFixed(2)} ms, ${s.bytesSent} bytes sent`);
    }
    alice.close();
    bob.close();
    console.log('closed both connections: the process exits on its own');
  };

  await alice.setLocalDescription();
  await bob.setRemoteDescription(alice.localDescription);
  await bob.setLocalDescription();
  await alice.setRemoteDescription(bob.localDescription);
}

// ───────────────────────────── the page and the Node peer ─────────────────────────────

function startServer() {
  const peers = new Map(); // id -> RTCPeerConnection
  let nextId = 1;
  const server = createServer(async (req, res) => {
    try {
      if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(PAGE);
      } else if (req.method === 'POST' && req.url === '/offer') {
        const offer = JSON.parse(await body(req));
        const { id, answer } = await answerOffer(offer);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, answer }));
      } else if (req.method === 'GET' && req.url?.startsWith('/stats/')) {
        const pc = peers.get(Number(req.url.slice(7)));
        if (!pc) throw new Error('no such peer');
        const report = await pc.getStats();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify([...report.values()]));
      } else {
        res.writeHead(404);
        res.end();
      }
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });

  async function answerOffer(offer) {
    const id = nextId++;
    // Loopback is included so a browser on this machine can always reach us; with --loopback it is the only address.
    const pc = new RTCPeerConnection({}, args.has('--loopback') ? LOOPBACK : { network: { includeLoopback: true, ipv6: false } });
    peers.set(id, pc);
    pc.onconnectionstatechange = () => {
      console.log(`peer ${id}: connectionState -> ${pc.connectionState}`);
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        pc.close();
        peers.delete(id);
      }
    };
    pc.ondatachannel = ({ channel }) => {
      console.log(`peer ${id}: datachannel "${channel.label}"`);
      // Echo everything back: the page measures round trips and throughput from the echoes.
      channel.onmessage = (e) => channel.send(e.data);
      channel.onclose = () => {
        console.log(`peer ${id}: channel closed`);
        pc.close();
        peers.delete(id);
      };
    };
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    // No trickle in this demo: wait for every candidate, then answer once.
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
    return { id, answer: pc.localDescription };
  }

  server.listen(port, '127.0.0.1', () => {
    const { port: p } = server.address();
    console.log(`purertc demo: open http://127.0.0.1:${p}/ in a browser (Ctrl+C to stop)`);
  });
  const stop = () => {
    for (const pc of peers.values()) pc.close();
    server.close();
    server.closeAllConnections?.();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function body(req) {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>purertc demo</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; }
  code, pre { font: 13px ui-monospace, monospace; }
  pre { background: #f4f4f4; padding: .8em; overflow: auto; max-height: 30em; }
  .big { font-size: 1.6em; font-weight: 600; }
  td { padding: .1em 1em .1em 0; }
</style>
<h1>purertc: a browser talking to Node</h1>
<p>This page's <code>RTCPeerConnection</code> is connected to a purertc peer in the Node process that served it.
The DataChannel echoes every message back.</p>
<table>
  <tr><td>connection</td><td id="state" class="big">new</td></tr>
  <tr><td>round trip (DataChannel echo)</td><td id="rtt" class="big">–</td></tr>
  <tr><td>throughput (echoed, 16 KiB messages)</td><td id="tput" class="big">–</td></tr>
</table>
<h2>The Node side's getStats()</h2>
<pre id="stats">waiting for the connection…</pre>
<script type="module">
const $ = (id) => document.getElementById(id);
const pc = new RTCPeerConnection();
pc.onconnectionstatechange = () => ($('state').textContent = pc.connectionState);
const ch = pc.createDataChannel('echo');
ch.binaryType = 'arraybuffer';
await pc.setLocalDescription();
await new Promise((r) => (pc.iceGatheringState === 'complete' ? r() : (pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r())));
const res = await fetch('/offer', { method: 'POST', body: JSON.stringify(pc.localDescription) });
const { id, answer } = await res.json();
await pc.setRemoteDescription(answer);
await new Promise((r) => (ch.onopen = r));

// Round trips: a timestamped ping every 250 ms.
const pending = new Map();
let seq = 0;
let received = 0;
const start = performance.now();
ch.onmessage = (e) => {
  if (typeof e.data === 'string') {
    const sent = pending.get(e.data);
    pending.delete(e.data);
    if (sent !== undefined) $('rtt').textContent = (performance.now() - sent).toFixed(2) + ' ms';
  } else {
    received += e.data.byteLength;
  }
};
setInterval(() => {
  const k = 'ping ' + seq++;
  pending.set(k, performance.now());
  ch.send(k);
}, 250);

// Throughput: 4 MiB of 16 KiB messages, echoed, with bufferedAmountLowThreshold flow control.
const chunk = new Uint8Array(16384);
let sent = 0;
const total = 4 << 20;
ch.bufferedAmountLowThreshold = 256 << 10;
const fill = () => {
  while (sent < total && ch.bufferedAmount < (1 << 20)) { ch.send(chunk); sent += chunk.length; }
};
ch.onbufferedamountlow = fill;
fill();
const t = setInterval(() => {
  const s = (performance.now() - start) / 1000;
  $('tput').textContent = (received / 1e6 / s).toFixed(1) + ' MB/s (' + (received >> 20) + ' MiB echoed)';
  if (received >= total) { clearInterval(t); document.body.dataset.done = '1'; }
}, 200);

// The Node side's stats, every second.
setInterval(async () => {
  const stats = await (await fetch('/stats/' + id)).json();
  const pick = (s) => Object.fromEntries(Object.entries(s).filter(([k]) => !['base64Certificate'].includes(k)));
  $('stats').textContent = stats.map((s) => JSON.stringify(pick(s))).join('\\n');
}, 1000);
</script>
`;
