import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

// Every request gets an id (the caller's X-Request-Id when it is a plain token, else a fresh one),
// answered in X-Request-Id and carried to the access log without threading it through every call.

const requestScope = new AsyncLocalStorage<{ requestId: string }>();
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the HTTP request being served, or null outside one. */
export function currentRequestId(): string | null {
  return requestScope.getStore()?.requestId ?? null;
}

@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const given = req.header('x-request-id');
    const requestId = given && ACCEPTABLE_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    requestScope.run({ requestId }, next);
  }
}
