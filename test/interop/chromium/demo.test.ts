/**
 * `npm start`'s page in headless Chromium: the demo server (examples/
 * signaling-demo.mjs, built dist) serves the page on 127.0.0.1, the page's
 * RTCPeerConnection connects to the purertc peer in the Node process, echoes
 * 4 MiB over the DataChannel and shows the Node side's getStats(). Also: the
 * non-interactive mode chats between two purertc peers and exits on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.js';

const DEMO = join(__dirname, '../../../examples/signaling-demo.mjs');

function run(args: string[]): { child: ChildProcess; output: () => string; line: (re: RegExp, ms: number) => Promise<RegExpExecArray>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [DEMO, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: join(__dirname, '../../../examples') });
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const line = (re: RegExp, ms: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${re} in:\n${out}`)), ms).unref();
      const check = () => {
        const m = re.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m);
        } else waiters.push(check);
      };
      check();
    });
  return { child, output: () => out, line, exited };
}

describe('npm start', () => {
  it('non-interactive: two purertc peers chat over loopback, close, and the process exits on its own', async () => {
    const demo = run(['--chat']);
    const code = await Promise.race([demo.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000).unref())]);
    if (code === 'timeout') demo.child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(demo.output()).toContain('bob: received "hello bob"');
    expect(demo.output()).toContain('alice: received "echo: in pure TypeScript"');
    expect(demo.output()).toContain('closed both connections');
  }, 20_000);

  it('serves a page that connects headless Chromium to the Node peer: echo, throughput, stats', async () => {
    const demo = run(['--serve', '--port=0', '--loopback']);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 20_000 });
    try {
      const [, url] = await demo.line(/open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/, 10_000);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url!, { timeout: 10_000 });
      await page.waitForSelector('body[data-done="1"]', { timeout: 30_000 });
      expect(errors).toEqual([]);
      expect(await page.textContent('#state')).toBe('connected');
      expect(await page.textContent('#rtt')).toMatch(/^\d+\.\d+ ms$/);
      expect(await page.textContent('#tput')).toMatch(/MB\/s \(4 MiB echoed\)/);
      await page.waitForFunction(() => document.getElementById('stats')!.textContent!.includes('"candidate-pair"'), undefined, { timeout: 5000 });
      const stats = await page.textContent('#stats');
      expect(stats).toContain('"type":"transport"');
      expect(stats).toContain('"dtlsState":"connected"');
      await demo.line(/peer 1: connectionState -> connected/, 1000);
      console.log(`demo page: ${await page.textContent('#tput')}, RTT ${await page.textContent('#rtt')}`);
    } finally {
      await browser.close();
      demo.child.kill('SIGTERM');
    }
    const code = await Promise.race([demo.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000).unref())]);
    if (code === 'timeout') demo.child.kill('SIGKILL');
    expect(code).not.toBe('timeout');
  }, 60_000);
});
