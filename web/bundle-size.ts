// The console's initial JavaScript: the entry script of index.html and every module it preloads
// (static imports), gzipped. Lazy route chunks are not initial. Used by the build (prints it) and
// by the budget test (enforces it), so both measure the same thing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 400 * 1024;

export interface InitialJs {
  files: { file: string; raw: number; gzip: number }[];
  gzip: number;
  raw: number;
}

/** `outDir`: the built console (index.html + assets/). */
export function initialJs(outDir: string): InitialJs {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) srcs.add(m[1]);
  const files = [...srcs].map((src) => {
    const bytes = readFileSync(join(outDir, src.replace(/^\//, '')));
    return { file: src, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzip: files.reduce((n, f) => n + f.gzip, 0), raw: files.reduce((n, f) => n + f.raw, 0) };
}
