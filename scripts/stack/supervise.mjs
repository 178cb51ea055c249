// Runs one server process and ties its life to ours: it is stopped (SIGTERM, then SIGKILL) when
// our stdin closes — which happens when the process that started us dies, however it dies — or
// when we get SIGTERM/SIGINT. So a crashed test run or `npm start` never leaves a server behind.
//   node supervise.mjs <executable> [args...]
import { spawn } from 'node:child_process';

const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
