// Runs a compiled entry point, building first when the sources are newer than dist/. With
// --dev-env, the development environment written by `npm start` (.data/dev.env) goes underneath
// the real environment (for operator commands run beside it; never for `npm start` itself).
//   node scripts/run-built.js --dev-env dist/src/cli.js token --sub ...
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, readFileSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function newestMtime(dir, anyFile = false) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, anyFile));
    else if (anyFile || entry.name.endsWith('.ts') || entry.name.endsWith('.mjs')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const stamp = join(root, 'dist', '.built');
  const sources = Math.max(...['src', 'workflows', 'migrations', 'scripts'].map((d) => newestMtime(join(root, d))));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  require('node:fs').writeFileSync(stamp, new Date().toISOString());
}

function devEnv() {
  const file = join(root, '.data', 'dev.env');
  if (!existsSync(file)) return {};
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/** The web console (dist/web), built when missing or older than web/ — only for `npm start`. */
function ensureWebBuilt() {
  const index = join(root, 'dist', 'web', 'index.html');
  const sources = Math.max(
    newestMtime(join(root, 'web', 'src'), true),
    ...['index.html', 'vite.config.mts', 'bundle-size.ts'].map((f) => statSync(join(root, 'web', f)).mtimeMs),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [require.resolve('vite/bin/vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}

ensureBuilt();
if (process.argv.includes('dist/scripts/start.js')) ensureWebBuilt();
const withDevEnv = process.argv[2] === '--dev-env';
const [entry, ...args] = process.argv.slice(withDevEnv ? 3 : 2);
const child = spawn(process.execPath, [join(root, entry), ...args], { stdio: 'inherit', env: { ...(withDevEnv ? devEnv() : {}), ...process.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
