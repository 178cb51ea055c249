import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../scripts/stack/project-root';

// The system as operators run it: the compiled API (dist/src/main.js) and worker
// (dist/src/worker.js) as separate processes with an environment of their own, nothing shared
// with the test process but PostgreSQL and Temporal.

export const BUILT = join(PROJECT_ROOT, '.tools', 'test-dist');

/** `tsc -p tsconfig.build.json` into .tools/test-dist (incremental; one build at a time across test files). */
export async function buildOnce(): Promise<string> {
  const lock = `${BUILT}.lock`;
  mkdirSync(join(PROJECT_ROOT, '.tools'), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after 5 minutes.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${lock} held for 5 minutes: remove it if no build runs`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        BUILT,
        '--incremental',
        '--tsBuildInfoFile',
        join(BUILT, '.tsbuildinfo'),
      ],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return BUILT;
}

export interface Service {
  name: string;
  child: ChildProcess;
  /** Every line written to stdout and stderr. */
  lines: string[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The variables a service inherits from the test's environment: only what finds binaries. */
function baseEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR, LANG } = process.env;
  return Object.fromEntries(Object.entries({ PATH, HOME, TMPDIR, LANG }).filter(([, v]) => v !== undefined));
}

export function startService(
  name: string,
  entry: 'src/main.js' | 'src/worker.js' | 'src/cli.js' | 'src/relay.js',
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Service {
  const child = spawn(process.execPath, [join(BUILT, entry), ...args], { env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    name,
    child,
    lines,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs a command of the built CLI to its end: exit code and output. */
export async function runCli(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; output: string }> {
  const service = startService('cli', 'src/cli.js', env, args);
  const code = await service.exited;
  await new Promise((r) => setImmediate(r));
  return { code, output: service.lines.join('\n') };
}

export async function waitForHttp(url: string, service: Service, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (service.child.exitCode !== null)
      throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${service.lines.slice(-20).join('\n')}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`${service.name}: ${url} not ready after ${timeoutMs} ms:\n${service.lines.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
