#!/usr/bin/env node
/**
 * purertc benchmark runner. See benchmarks/README.md.
 *
 *   node benchmarks/run.mjs                 run every suite in benchmarks/suites/
 *   node benchmarks/run.mjs srtp rtp-header run the suites with these names (file names without .mjs)
 *   options: --quick (short rounds, for a smoke test), --rounds N, --time MS (per contender per round),
 *            --no-write (do not touch RESULTS.md), --filter TEXT (only comparisons whose name contains TEXT)
 *
 * Benchmarks import the BUILT packages (`npx tsc -b` first): `@purertc/x` resolves to
 * packages/x/dist through the workspace symlinks in node_modules.
 *
 * Method: for each comparison, the contenders are run in R rounds; in each round every
 * contender runs for T ms under tinybench, in a rotated order, so that drift (thermal,
 * other processes on a shared machine, GC of an earlier contender) is spread over all of
 * them. Each tinybench sample times one call of `inner` operations (`inner` is calibrated
 * so one call takes ~20 µs, far above timer resolution); the reported figure is the median
 * over all samples of all rounds, per operation.
 */
import { Bench } from 'tinybench';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, basename } from 'node:path';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const suitesDir = join(here, 'suites');
const resultsPath = join(here, 'RESULTS.md');

const argv = process.argv.slice(2);
const opts = { quick: false, rounds: 5, time: 150, write: true, filter: '' };
const names = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--quick') opts.quick = true;
  else if (a === '--rounds') opts.rounds = Number(argv[++i]);
  else if (a === '--time') opts.time = Number(argv[++i]);
  else if (a === '--no-write') opts.write = false;
  else if (a === '--filter') opts.filter = argv[++i];
  else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
  else names.push(a.replace(/\.mjs$/, ''));
}
if (opts.quick) {
  opts.rounds = 2;
  opts.time = 30;
}

/** Median of a numeric array (copied and sorted). */
export function median(xs) {
  const s = Float64Array.from(xs).sort();
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function normalizeContender(name, c) {
  if (typeof c === 'function') return { name, fn: c, opsPerCall: 1 };
  if (c && typeof c.fn === 'function') return { name, fn: c.fn, opsPerCall: c.opsPerCall ?? 1 };
  throw new Error(`contender ${name}: expected a function or { fn, opsPerCall }`);
}

/** Calls fn until `ms` have passed; returns the mean time per call in ns. */
function timePerCall(fn, ms) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(ms * 1e6);
  let t = t0;
  do {
    fn();
    n++;
    t = process.hrtime.bigint();
  } while (t < end);
  return Number(t - t0) / n;
}

async function runComparison(cmp) {
  const contenders = Object.entries(cmp.contenders).map(([n, c]) => normalizeContender(n, c));
  // Calibrate: how many calls make one ~20 µs sample (also serves as a warm-up for the JIT).
  for (const c of contenders) {
    const ns = timePerCall(c.fn, opts.quick ? 5 : 30);
    c.inner = Math.max(1, Math.ceil(20_000 / ns));
    c.samples = [];
    const { fn, inner } = c;
    c.loop = () => {
      for (let i = 0; i < inner; i++) fn();
    };
  }
  for (let r = 0; r < opts.rounds; r++) {
    const bench = new Bench({ time: opts.time, warmupTime: 5, retainSamples: true, throws: true });
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
    for (const c of order) bench.add(c.name, c.loop);
    await bench.run();
    for (const task of bench.tasks) {
      const c = contenders.find((x) => x.name === task.name);
      const samples = task.result?.latency?.samples;
      if (!samples) throw new Error(`${cmp.name} / ${task.name}: ${task.result?.error ?? 'no samples'}`);
      const perOpNs = 1e6 / (c.inner * c.opsPerCall); // samples are in ms per call
      for (const s of samples) c.samples.push(s * perOpNs);
    }
  }
  const rows = contenders.map((c) => {
    const ns = median(c.samples);
    return { name: c.name, ns, opsPerSec: 1e9 / ns, samples: c.samples.length };
  });
  return { name: cmp.name, baseline: cmp.baseline ?? contenders[0].name, rows };
}

function fmtNs(ns) {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}
function fmtOps(x) {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(1);
}

function comparisonTable(res) {
  const base = res.rows.find((r) => r.name === res.baseline);
  const lines = [
    `| ${res.name} | median / op | ops/s | × ${res.baseline} | samples |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const r of res.rows) {
    const ratio = base ? (base.ns / r.ns).toFixed(2) : '–';
    lines.push(`| ${r.name} | ${fmtNs(r.ns)} | ${fmtOps(r.opsPerSec)} | ${ratio} | ${r.samples} |`);
  }
  return lines.join('\n');
}

/** Evaluates `{ comparison, contender, vs, min }` targets against the results. */
function targetTable(targets, results) {
  if (!targets?.length) return '';
  const lines = ['| target | measured | required | |', '|---|---:|---:|---|'];
  for (const t of targets) {
    const res = results.find((r) => r.name === t.comparison);
    const a = res?.rows.find((r) => r.name === t.contender);
    const b = res?.rows.find((r) => r.name === t.vs);
    if (!a || !b) {
      lines.push(`| ${t.comparison}: ${t.contender} vs ${t.vs} | not run | ≥ ${t.min}× | |`);
      continue;
    }
    const ratio = b.ns / a.ns;
    lines.push(`| ${t.comparison}: ${t.contender} vs ${t.vs} | ${ratio.toFixed(2)}× | ≥ ${t.min}× | ${ratio >= t.min ? 'met' : '**NOT MET**'} |`);
  }
  return lines.join('\n');
}

function machineLine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()} ${os.arch()}; Node ${process.version} (V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl})`;
}

async function runSuite(file) {
  const name = basename(file, '.mjs');
  const suite = (await import(pathToFileURL(file).href)).default;
  if (!suite || !Array.isArray(suite.comparisons)) throw new Error(`${file}: default export must be { title, comparisons: [...] }`);
  console.log(`\n## ${name}: ${suite.title ?? ''}`);
  await suite.setup?.();
  const results = [];
  for (const cmp of suite.comparisons) {
    if (opts.filter && !cmp.name.includes(opts.filter)) continue;
    const res = await runComparison(cmp);
    results.push(res);
    console.log(comparisonTable(res) + '\n');
  }
  const extra = suite.report ? await suite.report({ quick: opts.quick }) : '';
  if (extra) console.log(extra);
  const targets = targetTable(suite.targets, results);
  if (targets) console.log(targets);
  await suite.teardown?.();
  const cmd = `node benchmarks/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const blocks = [
    `## ${name}: ${suite.title ?? ''}`,
    suite.description ? suite.description.trim() : '',
    [
      `- Machine: ${machineLine()}`,
      `- Date: ${new Date().toISOString()}`,
      `- Command: \`${cmd}\` (${opts.rounds} interleaved rounds × ${opts.time} ms per contender; medians per operation)`,
    ].join('\n'),
    ...results.map((r) => comparisonTable(r)),
    extra ? extra.trim() : '',
    targets ? `### Targets\n\n${targets}` : '',
  ].filter((b) => b !== '');
  const section = `<!-- suite:${name}:start -->\n${blocks.join('\n\n')}\n<!-- suite:${name}:end -->`;
  return { name, section };
}

const HEADER = `# purertc benchmark results

Generated by \`npm run bench\` (\`node benchmarks/run.mjs [suite…]\`); see benchmarks/README.md for the method.
Each suite's section is replaced when that suite is run, so suites can be run separately and merged.
Figures are medians per operation; "× X" is the speed relative to contender X (higher is faster).
`;

/** The block recording the last run that wrote RESULTS.md: which suites, the command, the machine, the wall time. */
function runBlock(names, seconds) {
  const cmd = `node benchmarks/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
  return [
    '<!-- run:start -->',
    `Last run: \`${cmd}\` (\`npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}\`), ` +
      `suites ${names.join(', ')}; ${new Date().toISOString()}; wall time ${seconds.toFixed(0)} s.`,
    `Machine: ${machineLine()}.`,
    '<!-- run:end -->',
  ].join('\n');
}

function writeResults(sections, seconds) {
  let text = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : HEADER;
  if (!text.startsWith('# purertc benchmark results')) text = HEADER + '\n' + text;
  const run = runBlock(sections.map((x) => x.name), seconds);
  const runRe = /<!-- run:start -->[\s\S]*?<!-- run:end -->/;
  if (runRe.test(text)) text = text.replace(runRe, () => run);
  else text = text.replace(HEADER.trimEnd(), () => HEADER.trimEnd() + '\n\n' + run);
  for (const { name, section } of sections) {
    const re = new RegExp(`<!-- suite:${name}:start -->[\\s\\S]*?<!-- suite:${name}:end -->`);
    if (re.test(text)) text = text.replace(re, () => section);
    else text = text.trimEnd() + '\n\n' + section + '\n';
  }
  writeFileSync(resultsPath, text.trimEnd() + '\n');
}

const all = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
  .sort();
const chosen = names.length ? names.map((n) => `${n}.mjs`) : all;
for (const f of chosen) if (!all.includes(f)) throw new Error(`no suite benchmarks/suites/${f} (have: ${all.join(', ')})`);

console.log(`purertc benchmarks: ${machineLine()}`);
const started = performance.now();
const sections = [];
for (const f of chosen) sections.push(await runSuite(join(suitesDir, f)));
const seconds = (performance.now() - started) / 1000;
console.log(`\nwall time: ${seconds.toFixed(0)} s`);
if (opts.write && !opts.quick) {
  writeResults(sections, seconds);
  console.log(`\nwrote ${resultsPath}`);
} else {
  console.log('\n(RESULTS.md not written: --quick or --no-write)');
}
