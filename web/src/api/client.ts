import createClient, { type Middleware } from 'openapi-fetch';
import { getSession, setSession } from '../session';
import type { paths } from './schema';
import type { ProblemBody } from './types';

/** A failed call: the API's problem details (or a stand-in for a network failure). */
export class ApiProblem extends Error {
  constructor(readonly problem: ProblemBody) {
    super(problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const s = getSession();
    if (s) request.headers.set('Authorization', `Bearer ${s.token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked token: back to the sign-in page.
    if (response.status === 401 && getSession()) setSession(null);
    return response;
  },
};

/** The API, typed from its OpenAPI document (web/src/api/schema.d.ts, checked against /docs-json). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

async function problemOf(res: Response): Promise<ApiProblem> {
  let body: ProblemBody;
  try {
    body = (await res.json()) as ProblemBody;
  } catch {
    body = { title: res.statusText || 'Error', status: res.status };
  }
  return new ApiProblem({ ...body, status: body.status ?? res.status });
}

/** Unwraps an openapi-fetch result: the data, or throws ApiProblem. */
export async function ok<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiProblem({ title: 'Network error', status: 0, detail: 'The server could not be reached.' });
  }
  if (!result.response.ok) {
    const e = result.error as ProblemBody | undefined;
    if (e && typeof e === 'object' && 'title' in e) throw new ApiProblem({ ...e, status: e.status ?? result.response.status });
    throw new ApiProblem({ title: result.response.statusText || 'Error', status: result.response.status });
  }
  return result.data as T;
}

/** For routes whose answer is not JSON (export) or that must not be typed through the schema. */
export async function raw(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const s = getSession();
  if (s) headers.set('Authorization', `Bearer ${s.token}`);
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiProblem({ title: 'Network error', status: 0, detail: 'The server could not be reached.' });
  }
  if (res.status === 401 && s) setSession(null);
  if (!res.ok) throw await problemOf(res);
  return res;
}

export async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await raw(path, init)).json()) as T;
}

export const ifMatch = (version: number): { 'If-Match': string } => ({ 'If-Match': `"${version}"` });
