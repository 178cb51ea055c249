import { HttpException, HttpStatus } from '@nestjs/common';

// RFC 9457 problem details. Every error a client sees is one of these.

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface ProblemExtra {
  type?: string;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class Problem extends HttpException {
  constructor(
    status: HttpStatus,
    title: string,
    extra: ProblemExtra = {},
    readonly headers: Record<string, string> = {},
  ) {
    const body: ProblemBody = { ...extra, type: extra.type ?? `https://casework.example/problems/${slug(title)}`, title, status };
    super(body, status);
  }
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
}

export const badRequest = (errors: FieldError[], detail = 'The request is not valid.') =>
  new Problem(HttpStatus.BAD_REQUEST, 'Invalid request', { detail, errors });
export const unprocessable = (errors: FieldError[], detail: string) =>
  new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'Unprocessable request', { detail, errors });
export const notFound = (what = 'resource') => new Problem(HttpStatus.NOT_FOUND, 'Not found', { detail: `No such ${what}.` });
export const forbidden = (detail: string, extra: Record<string, unknown> = {}) =>
  new Problem(HttpStatus.FORBIDDEN, 'Forbidden', { detail, ...extra });
export const unauthorized = (detail = 'A valid bearer token is required.') =>
  new Problem(HttpStatus.UNAUTHORIZED, 'Unauthorized', { detail }, { 'WWW-Authenticate': 'Bearer' });
export const conflict = (detail: string, extra: Record<string, unknown> = {}) => new Problem(HttpStatus.CONFLICT, 'Conflict', { detail, ...extra });
export const unavailable = (detail: string, retryAfterSeconds: number) =>
  new Problem(HttpStatus.SERVICE_UNAVAILABLE, 'Service unavailable', { detail }, { 'Retry-After': String(retryAfterSeconds) });
