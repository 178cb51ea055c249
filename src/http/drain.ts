import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONFIG, type AppConfig } from '../config/config';

/**
 * Draining on SIGTERM (Nest's shutdown hooks run this before the HTTP server closes): for
 * `shutdownDrainMs` the API keeps answering, reports not ready, and closes every connection after
 * its answer (`Connection: close`) — a client never sends on a kept-alive connection the server
 * is closing under it, so nothing it sent is dropped. Then the server stops listening (new
 * connections are refused) and closes what is idle. A close without a signal (tests) drains nothing.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private drainingSince: number | null = null;

  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}

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
  }
}
