import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';

// A real NATS server with JetStream for the events-in and events-out tests: NATS_URL when set;
// else one listening at 127.0.0.1:4222; else one started here from `nats-server` on PATH. With
// none of them the test fails saying how to get one: it never skips.

export interface TestNats {
  url: string;
  connection: NatsConnection;
  close(): Promise<void>;
}

const HOW =
  'No NATS server with JetStream: set NATS_URL, run `nats-server -js` on 127.0.0.1:4222, or install nats-server (apt-get install nats-server)';

async function tryConnect(url: string): Promise<NatsConnection | null> {
  try {
    const nc = await connect({ servers: url, timeout: 2000, maxReconnectAttempts: 0 });
    // JetStream must be enabled: account info fails otherwise.
    await (await nc.jetstreamManager()).getAccountInfo();
    return nc;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function testNats(): Promise<TestNats> {
  const candidates = process.env.NATS_URL ? [process.env.NATS_URL] : ['nats://127.0.0.1:4222'];
  for (const url of candidates) {
    const connection = await tryConnect(url);
    if (connection) return { url, connection, close: () => connection.close() };
    if (process.env.NATS_URL) throw new Error(`NATS_URL=${url} does not answer with JetStream. ${HOW}`);
  }
  if (spawnSync('nats-server', ['--version']).status !== 0) throw new Error(HOW);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'casework-nats-'));
  const child: ChildProcess = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    const connection = await tryConnect(url);
    if (connection) {
      return {
        url,
        connection,
        async close() {
          await connection.close();
          child.kill('SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (Date.now() - started > 10_000) {
      child.kill('SIGKILL');
      throw new Error(`nats-server started on ${url} did not answer in 10 s. ${HOW}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
