import { InterceptingCall, Metadata, status, type Interceptor, type InterceptingListener } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

// A Temporal client connection that can be closed while calls are still being retried. Temporal's
// retry interceptor schedules a retry with a timer; when the connection was closed in between,
// the retry's createCall throws "Channel has been shut down" from that timer — an uncaught
// exception that fails whatever process closes (seen in CI as test suites "failed to run" after
// every test of theirs passed). Inside the retry, this guard answers a call made after close with
// CANCELLED instead: the waiting caller gets a rejection it handles, and nothing is thrown.

/** A call that never reaches the channel: it ends at once, CANCELLED. */
function cancelledCall(): ConstructorParameters<typeof InterceptingCall>[0] {
  return {
    start(_metadata: Metadata, listener: Partial<InterceptingListener>) {
      setImmediate(() => listener.onReceiveStatus?.({ code: status.CANCELLED, details: 'the connection was closed', metadata: new Metadata() }));
    },
    sendMessageWithContext: () => undefined,
    sendMessage: () => undefined,
    startRead: () => undefined,
    halfClose: () => undefined,
    cancelWithStatus: () => undefined,
    getPeer: () => 'closed',
    getAuthContext: () => null,
  };
}

export interface ClosingGuard {
  /** Temporal's retry interceptor (default options), then the guard inside it: the connection's `interceptors`. */
  interceptors: Interceptor[];
  /** Makes the connection's close() turn the guard on first, so no call reaches the channel after it. */
  guard<C extends { close(): Promise<void> }>(connection: C): C;
}

export function closingGuard(): ClosingGuard {
  let closed = false;
  const guard: Interceptor = (options, nextCall) => (closed ? new InterceptingCall(cancelledCall()) : new InterceptingCall(nextCall(options)));
  return {
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), guard],
    guard(connection) {
      const close = connection.close.bind(connection);
      connection.close = () => {
        closed = true;
        return close();
      };
      return connection;
    },
  };
}
