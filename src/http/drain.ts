import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Server as HttpServer } from 'node:http';
import { Server as NetServer } from 'node:net';
import { CONFIG, type AppConfig } from '../config/config';

/**
 * Draining on SIGTERM (Nest's shutdown hooks run this before the HTTP server closes): for
 * `shutdownDrainMs` the API keeps answering, reports not ready, and closes every connection after
 * its answer (`Connection: close`) — a client never sends on a kept-alive connection the server
 * is closing under it, so nothing it sent is dropped. Then the server stops listening (new
 * connections are refused) but first lets the connections it already accepted deliver their
 * request (Node's own close would close a connection whose request is still on the wire as idle);
 * then Nest closes what is idle. A close without a signal (tests) drains nothing.
 */
/** How long a connection accepted just before the listener closed has to deliver its request. */
const ACCEPTED_REQUEST_GRACE_MS = 500;

@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private drainingSince: number | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) res.setHeader('Connection', 'close');
    next();
  };

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (!signal || this.config.shutdownDrainMs <= 0) return;
    this.drainingSince = Date.now();
    await new Promise((r) => setTimeout(r, this.config.shutdownDrainMs));
    // Stop listening only (the net.Server's close, not http's, which also closes "idle" sockets).
    const server = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    // Its callback waits for every connection to end; Nest's close below ends the idle ones.
    NetServer.prototype.close.call(server);
    await new Promise((r) => setTimeout(r, ACCEPTED_REQUEST_GRACE_MS));
  }
}
