/**
 * Issue 2, Deliver 6 ("docs/dependencies.md: why each dependency"; none
 * missing or stale): every `dependencies` entry of every
 * packages/<name>/package.json is imported by that package's src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts')) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

const pairs: [string, string][] = [];
for (const d of readdirSync(join(ROOT, 'packages'))) {
  const m = JSON.parse(readFileSync(join(ROOT, 'packages', d, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(m.dependencies ?? {})) pairs.push([d, dep]);
}

test.each(pairs)('%s imports its dependency %s', (d, dep) => {
  const text = sources(join(ROOT, 'packages', d, 'src')).join('\n');
  const esc = dep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  expect(new RegExp(`(from|import)\\s*\\(?\\s*'${esc}(/[^']*)?'`).test(text)).toBe(true);
});
