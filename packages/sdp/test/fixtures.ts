/** Loads the browser SDP fixtures in test/fixtures (LF on disk; converted to CRLF as browsers send them). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, 'fixtures');

/** Every fixture: file name and CRLF text. */
export const fixtures: { name: string; text: string }[] = readdirSync(dir)
  .filter((f) => f.endsWith('.sdp'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8').replace(/\r?\n/g, '\r\n') }));

/** One fixture's CRLF text by file name. */
export function fixture(name: string): string {
  const f = fixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f.text;
}

/** Lines of an SDP text, normalized for order-insensitive comparison. */
export function normalizedLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.replace(/^a=msid-semantic: */, 'a=msid-semantic:'))
    .sort();
}
