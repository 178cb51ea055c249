import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// DESIGN.md: the pure core is bundled into workflows, so it imports nothing outside itself, reads
// no clock and no randomness, and uses no `any`.

const DOMAIN = join(__dirname, '..', '..', 'src', 'domain');
const files = readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
const source = (f: string) => readFileSync(join(DOMAIN, f), 'utf8');

describe('the pure core (src/domain)', () => {
  it.each(files)('%s imports only relative modules of the core', (f) => {
    const specifiers = [...source(f).matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const s of specifiers) {
      expect(s).toMatch(/^\.\.?\/[\w/.-]+$/);
      // Relative, and still inside src/domain.
      expect(relative(DOMAIN, resolve(DOMAIN, dirname(f), s))).not.toMatch(/^\.\./);
    }
    expect(source(f)).not.toMatch(/\brequire\(/);
  });

  it.each(files)('%s reads no clock, no randomness and has no any', (f) => {
    const text = source(f)
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(text).not.toMatch(/Date\.now\s*\(/);
    expect(text).not.toMatch(/new Date\(\s*\)/);
    expect(text).not.toMatch(/Math\.random/);
    expect(text).not.toMatch(/:\s*any\b|as any\b|<any>/);
  });
});
