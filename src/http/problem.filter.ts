import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../persistence/persistence-errors';
import { AllowedMethods } from './allowed-methods';
import { Problem, type ProblemBody } from './problem';

/** The one place where errors become application/problem+json. No stack or input ever leaves. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  constructor(private readonly allowed: AllowedMethods) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const { body, headers } = this.methodNotAllowed(error, req) ?? toProblem(error);
    if (body.status >= 500) {
      // Class and code only: messages of driver errors can quote the input.
      const e = error as { name?: string; code?: string };
      this.log.error({
        msg: 'request failed',
        status: body.status,
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        error: e?.name ?? typeof error,
        code: e?.code,
      });
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  /** No route for this method, but the path is one the API documents: 405 with the methods it takes. */
  private methodNotAllowed(error: unknown, req: Request): { body: ProblemBody; headers: Record<string, string> } | null {
    // Our own 404s are Problems; a bare NotFoundException is Nest's "no route for this method and path".
    if (!(error instanceof NotFoundException)) return null;
    const methods = this.allowed.of(req.path);
    if (!methods || methods.includes(req.method)) return null;
    return {
      body: { type: 'about:blank', title: 'Method not allowed', status: 405, detail: `${req.path} takes ${methods.join(', ')}.` },
      headers: { Allow: methods.join(', ') },
    };
  }
}

/** How long a client should wait before retrying while PostgreSQL is down. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

function toProblem(error: unknown): { body: ProblemBody; headers: Record<string, string> } {
  if (error instanceof Problem) return { body: error.getResponse() as ProblemBody, headers: error.headers };
  // body-parser errors. Nest maps malformed JSON to a BadRequestException whose message quotes
  // the input, so no message of a foreign exception is ever echoed.
  const parserError = error as { type?: string };
  if (parserError?.type === 'entity.too.large') {
    return {
      body: {
        type: 'about:blank',
        title: 'Payload too large',
        status: 413,
        detail: 'The body is too large.',
        errors: [{ field: 'body', message: 'is too large' }],
      },
      headers: {},
    };
  }
  if (parserError?.type === 'entity.too.deep') {
    return {
      body: {
        type: 'about:blank',
        title: 'Invalid request',
        status: 400,
        detail: 'The body is nested too deeply.',
        errors: [{ field: 'body', message: 'is nested too deeply' }],
      },
      headers: {},
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 400) {
      return {
        body: {
          type: 'about:blank',
          title: 'Invalid request',
          status,
          detail: 'The body could not be read.',
          errors: [{ field: 'body', message: 'must be valid JSON' }],
        },
        headers: {},
      };
    }
    const title = HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
    return { body: { type: 'about:blank', title: title.charAt(0).toUpperCase() + title.slice(1), status }, headers: {} };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      body: { type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'The database is not reachable; retry.' },
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  return { body: { type: 'about:blank', title: 'Internal error', status: 500, detail: 'Something went wrong on our side.' }, headers: {} };
}
