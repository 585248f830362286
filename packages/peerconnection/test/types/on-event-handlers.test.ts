import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The on<event> attributes are installed at runtime by defineEventHandlers;
// this checks TypeScript users see them too (declarations, handler event types).
test('on<event> attributes type-check for RTCPeerConnection, RTCDataChannel, MediaStreamTrack and MediaStream', () => {
  const tsc = join(__dirname, '../../../../node_modules/.bin/tsc');
  let output = '';
  try {
    execFileSync(tsc, ['-p', __dirname], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(output).toBe('');
});
