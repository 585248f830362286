/**
 * Issue 2 audit, Deliver 1 ("ESM with exports maps and type declarations"):
 * a TypeScript user porting browser code gets the browser's types from
 * @purertc/peerconnection. The fixtures in typescript-api-types/ are small
 * browser-style programs that import the package by name, so they see what a
 * consumer sees: the package's exports map and its built declarations
 * (dist/*.d.ts). They are compiled (never run) by tsc:
 *   - tsconfig.dom.json: lib ES2023 + DOM, as a consumer who also targets
 *     browsers has it; dom-interop.ts checks that lib.dom's global WebRTC
 *     types flow into and out of our API and do not clash with ours;
 *   - tsconfig.nodom.json: lib ES2023 with Node's types only.
 * Each `@ts-expect-error` line in the fixtures is a wrong use that must not
 * type-check (an unused directive fails the compilation).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const FIXTURES = join(__dirname, 'typescript-api-types');

/** Runs tsc with `args` from the repository root; returns its diagnostics ('' when clean). */
function tsc(args: string[]): string {
  try {
    execFileSync(process.execPath, [TSC, ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || String(e);
  }
}

beforeAll(() => {
  // The fixtures read the declarations the build emits: bring them up to date (incremental, quick when fresh).
  expect(tsc(['-b', 'packages/peerconnection'])).toBe('');
});

test('browser-style TypeScript code type-checks against @purertc/peerconnection with lib DOM, and wrong uses do not', () => {
  expect(tsc(['-p', join(FIXTURES, 'tsconfig.dom.json')])).toBe('');
});

test('the same program type-checks without lib DOM (Node types only), and wrong uses do not', () => {
  expect(tsc(['-p', join(FIXTURES, 'tsconfig.nodom.json')])).toBe('');
});

test("@purertc/peerconnection's declaration files name no DOM-only type (checked without skipLibCheck, no DOM lib)", () => {
  // Only diagnostics in the fixture or in this package's declarations count here;
  // lower packages' declarations are their owners' (reported separately).
  const lines = tsc(['-p', join(FIXTURES, 'tsconfig.nodom.json'), '--skipLibCheck', 'false'])
    .split('\n')
    .filter((l) => /error TS\d+/.test(l))
    .filter((l) => !/^packages\/(?!peerconnection\/)[^/]+\/dist\//.test(l) && !/node_modules\//.test(l));
  expect(lines).toEqual([]);
});
