/**
 * Issue 2, Deliver 1 and 6: the packages as a consumer outside the workspace
 * sees them. A temporary project (in the OS temp dir, not under the repo)
 * links every `@purertc/*` package into its `node_modules`, then
 *  - a plain `.mjs` file imports every entry of every package's `exports`
 *    map from the built `dist` (ESM, no TypeScript, no jest mapping);
 *  - a TypeScript consumer (`module`/`moduleResolution` NodeNext, strict)
 *    type-checks against the published declarations, including
 *    `@ts-expect-error` lines that fail if the types degrade to `any`;
 *  - the README's first example is extracted verbatim and run with node.
 * Needs the build (`npm install` runs it through `prepare`; `.ci/run` builds
 * before `npm test`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const PACKAGES = readdirSync(join(ROOT, 'packages')).filter((d) => existsSync(join(ROOT, 'packages', d, 'package.json')));

interface Manifest {
  name: string;
  type?: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, { types?: string; import?: string }>;
}
const manifests = new Map<string, Manifest>(
  PACKAGES.map((d) => [d, JSON.parse(readFileSync(join(ROOT, 'packages', d, 'package.json'), 'utf8')) as Manifest]),
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'purertc-consumer-'));
  mkdirSync(join(dir, 'node_modules', '@purertc'), { recursive: true });
  for (const d of PACKAGES) symlinkSync(join(ROOT, 'packages', d), join(dir, 'node_modules', '@purertc', d), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
});
afterAll(() => {
  if (dir && !process.env.KEEP_CONSUMER) rmSync(dir, { recursive: true, force: true });
});

function node(file: string): string {
  return execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', stdio: 'pipe', timeout: 20_000 });
}

describe('package manifests', () => {
  test.each(PACKAGES)('%s: scoped name, ESM, an exports map whose every entry has types and import files in dist', (d) => {
    const m = manifests.get(d)!;
    expect(m.name).toBe(`@purertc/${d}`);
    expect(m.type).toBe('module');
    expect(m.exports && Object.keys(m.exports)).toContain('.');
    for (const [sub, entry] of Object.entries(m.exports!)) {
      expect([sub, typeof entry.types, typeof entry.import]).toEqual([sub, 'string', 'string']);
      expect(entry.types!.startsWith('./dist/') && entry.types!.endsWith('.d.ts')).toBe(true);
      expect(entry.import!.startsWith('./dist/') && entry.import!.endsWith('.js')).toBe(true);
      // The declaration sits beside its module.
      expect(entry.types!.replace(/\.d\.ts$/, '')).toBe(entry.import!.replace(/\.js$/, ''));
    }
  });
});

describe('a consumer outside the workspace', () => {
  test('plain .mjs imports every exports entry of every package from the build', () => {
    const specifiers: string[] = [];
    for (const d of PACKAGES) for (const sub of Object.keys(manifests.get(d)!.exports ?? {})) specifiers.push(sub === '.' ? `@purertc/${d}` : `@purertc/${d}/${sub.slice(2)}`);
    const script = [
      `const out = {};`,
      ...specifiers.map((s) => `out[${JSON.stringify(s)}] = Object.keys(await import(${JSON.stringify(s)})).length;`),
      `const { hex, toHex, ParseError } = await import('@purertc/common');`,
      `const { parseSdp, serializeSdp } = await import('@purertc/sdp');`,
      `const { RTCPeerConnection, RTCSessionDescription } = await import('@purertc/peerconnection');`,
      `out.hex = toHex(hex\`de ad\`);`,
      `out.err = new ParseError('x').name;`,
      `out.pc = typeof RTCPeerConnection === 'function' && new RTCSessionDescription({ type: 'offer' }).type;`,
      `out.sdp = typeof parseSdp === 'function' && typeof serializeSdp === 'function';`,
      `console.log(JSON.stringify(out));`,
    ].join('\n');
    writeFileSync(join(dir, 'imports.mjs'), script);
    const out = JSON.parse(node('imports.mjs')) as Record<string, unknown>;
    for (const s of specifiers) expect([s, out[s]]).toEqual([s, expect.any(Number)]);
    for (const s of specifiers) expect([s, (out[s] as number) > 0]).toEqual([s, true]);
    expect(out.hex).toBe('dead');
    expect(out.err).toBe('ParseError');
    expect(out.pc).toBe('offer');
    expect(out.sdp).toBe(true);
  });

  test('a TypeScript consumer (NodeNext, strict) resolves the declarations; wrong uses are type errors', () => {
    writeFileSync(
      join(dir, 'consumer.ts'),
      `import { hex, toHex, ParseError, isErrorNamed, type Components, type CryptoProvider, type RandomSource, type Millis } from '@purertc/common';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { parseSdp, serializeSdp } from '@purertc/sdp';
import { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate, RTCError, type RTCSessionDescriptionInit, type RTCConfiguration } from '@purertc/peerconnection';

const bytes: Uint8Array = hex\`00 01\`;
const text: string = toHex(bytes);
const named: boolean = isErrorNamed(new ParseError('x'), 'ParseError');
const random: RandomSource = nodeRandom;
const crypto: CryptoProvider = nodeCrypto;
const env: Components = { crypto, random };
const now: Millis = 0;
const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
const state: RTCSignalingState = pc.signalingState;
const init: RTCSessionDescriptionInit = { type: 'offer', sdp: '' };
const desc = new RTCSessionDescription(init);
const cand = new RTCIceCandidate({ candidate: '', sdpMid: '0' });
const err = new RTCError({ errorDetail: 'sdp-syntax-error', sdpLineNumber: 3 }, 'bad');
const line: number | null = err.sdpLineNumber;
const p: Promise<void> = pc.setRemoteDescription(desc);
pc.onnegotiationneeded = (e: Event) => void e;
const parsed = parseSdp('v=0');
const roundTrip: string | undefined = parsed.ok ? serializeSdp(parsed.sdp) : undefined;
const where: number | undefined = parsed.ok ? undefined : parsed.line;
// @ts-expect-error signalingState is a string union, not a number
const wrong: number = pc.signalingState;
// @ts-expect-error toHex takes bytes
toHex('00');
// @ts-expect-error RTCPeerConnection has no such method
pc.createOfferz();
// @ts-expect-error not an RTCSdpType
new RTCSessionDescription({ type: 'bogus' });
const conf: RTCConfiguration = { bundlePolicy: 'max-bundle' };
// @ts-expect-error not an RTCBundlePolicy
const badConf: RTCConfiguration = { bundlePolicy: 'sometimes' };
export { text, named, env, now, state, cand, line, p, roundTrip, where, wrong, conf, badConf };
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  });

  test("README's first example runs as written and prints 'stable stable'", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const m = /```js\n([\s\S]*?)```/.exec(readme);
    expect(m).not.toBeNull();
    expect(m![1]).toContain("from '@purertc/peerconnection'");
    writeFileSync(join(dir, 'readme-example.mjs'), m![1]!);
    expect(node('readme-example.mjs').trim()).toBe('stable stable');
  });

  test("README's connected example runs as written, prints the echo and exits on its own", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const connected = blocks.find((b) => b.includes('ondatachannel'));
    expect(connected).toBeDefined();
    writeFileSync(join(dir, 'readme-connected.mjs'), connected!);
    // node() fails the test if the process is still running after its timeout.
    expect(node('readme-connected.mjs').trim()).toBe('echo: hello');
  });

  test('README shows the set-up commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const sh = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(sh).toMatch(/^npm install\b/m);
    expect(sh).toMatch(/^npm test\b/m);
    expect(sh).toMatch(/^npm start\b/m);
    // and the root manifest makes `npm install` build (prepare) and `npm test` type-check the tests,
    // then run jest last, so that `npm test -- <args>` (as .ci/run passes --json) reaches jest.
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; workspaces: string[] };
    expect(root.scripts.prepare).toMatch(/build|tsc -b/);
    expect(root.scripts.build).toBe('tsc -b');
    expect(root.scripts.test).toMatch(/^tsc -p tsconfig\.tests\.json && jest$/);
    expect(root.workspaces).toEqual(['packages/*']);
  });
});

describe('docs/dependencies.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/dependencies.md'), 'utf8');
  const rows = new Map<string, string>();
  for (const line of doc.split('\n')) {
    const m = /^\| `([^`]+)` \| ([^|]+) \|/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  const thirdParty: [string, string][] = [];
  for (const d of PACKAGES) for (const dep of Object.keys(manifests.get(d)!.dependencies ?? {})) if (!dep.startsWith('@purertc/')) thirdParty.push([d, dep]);

  test('there are runtime dependencies to check (the table parsed)', () => {
    expect(thirdParty.length).toBeGreaterThan(0);
    expect(rows.size).toBeGreaterThan(0);
  });
  test.each(thirdParty)('%s → %s has a row naming the package that declares it', (d, dep) => {
    expect(rows.has(dep)).toBe(true);
    expect(rows.get(dep)).toContain(`@purertc/${d}`);
  });
  test('no row for a package nobody declares', () => {
    const declared = new Set(thirdParty.map(([, dep]) => dep));
    expect([...rows.keys()].filter((k) => !declared.has(k))).toEqual([]);
  });
});

describe('no missing runtime dependency', () => {
  function sources(dir: string): string[] {
    const out: string[] = [];
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) out.push(...sources(p));
      else if (p.endsWith('.ts')) out.push(readFileSync(p, 'utf8'));
    }
    return out;
  }
  test.each(PACKAGES)('every bare import in packages/%s/src is declared in its dependencies', (d) => {
    const declared = new Set(Object.keys(manifests.get(d)!.dependencies ?? {}));
    const imported = new Set<string>();
    const re = /^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'|^\s*import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
    for (const text of sources(join(ROOT, 'packages', d, 'src'))) {
      for (const m of text.matchAll(re)) {
        const spec = (m[1] ?? m[2] ?? m[3])!;
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    // The scan works: peerconnection imports sdp and dtls (statically) and node-crypto (dynamically).
    if (d === 'peerconnection') expect([...imported]).toEqual(expect.arrayContaining(['@purertc/sdp', '@purertc/dtls', '@purertc/common']));
    expect([...imported].filter((i) => !declared.has(i))).toEqual([]);
  });
});
