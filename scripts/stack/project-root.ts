import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding this project's package.json, whether running from source or from dist/. */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'casework') return dir;
    if (dirname(dir) === dir) throw new Error(`no casework package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
