/**
 * Chromium 15x writes `a=rtcp-xr:rcvr-rtt=all` (RFC 3611 §5.1) right after
 * a=rtcp-rsize; serializeSdp(parseSdp(x)) used to move it after the codec lines
 * (a=rtpmap/rtcp-fb/fmtp), so a genuine Chromium description was not
 * reproduced byte for byte (every line was kept; only this one moved). The other
 * Chrome fixtures are reproduced exactly (packages/sdp/test/roundtrip.test.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSdp, serializeSdp } from '@purertc/sdp';

const dir = join(__dirname, '../../../packages/sdp/test/fixtures');
const captured = readdirSync(dir)
  .filter((f) => f.startsWith('captured-chromium-') && f.endsWith('.sdp'))
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8').replace(/\n/g, '\r\n') }));

test.each(captured)('$name is reproduced byte for byte', ({ text }) => {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  expect(serializeSdp(r.sdp)).toBe(text);
});
