import { status } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import { freePort } from '../../scripts/stack/stack';
import { closingGuard } from '../../src/temporal/closing-connection';

// Seen in CI: a suite "failed to run" after all its tests passed — "Channel has been shut down",
// thrown from the timer of Temporal's gRPC retry, because the connection was closed while a call
// was between two attempts. The guard answers such a call CANCELLED; nothing is thrown.

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('answers a call still being retried when its connection closes with CANCELLED, and nothing is thrown from the retry timer', async () => {
  const uncaught: Error[] = [];
  const onUncaught = (e: Error) => void uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    // Nobody listens here: every attempt is refused (UNAVAILABLE) and retried after a backoff.
    const closing = closingGuard();
    const connection = closing.guard(Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: closing.interceptors }));
    const call = connection.workflowService.getSystemInfo({});
    const outcome = call.then(
      () => 'answered',
      (e: { code?: number }) => e.code,
    );
    await pause(400);
    await connection.close();
    expect(await outcome).toBe(status.CANCELLED);
    await pause(1500); // any retry timer left has fired by now
    expect(uncaught.map((e) => e.message)).toEqual([]);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});
