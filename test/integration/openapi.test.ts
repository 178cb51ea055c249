import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 11, defect 5: the OpenAPI document says what each route answers when it fails, and which
// headers it takes and gives — checked by Redocly's recommended rules (which found 5 errors and
// 29 warnings before) and by the rules of this API itself.

let t: TestApp;
let document: OpenApi;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  document = (await t.http().get('/docs-json').expect(200)).body as OpenApi;
});
afterAll(() => t.close());

interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

function operations(): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

it("passes Redocly's recommended rules with no error and no warning", () => {
  const dir = mkdtempSync(join(tmpdir(), 'casework-openapi-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  let out: string;
  try {
    out = execFileSync(require.resolve('@redocly/cli/bin/cli.js'), ['lint', file, '--format=summary'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const failed = e as { stdout?: string; stderr?: string };
    throw new Error(`redocly lint failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
  expect(out).not.toMatch(/warning|error/i);
});

it('documents a problem+json response for every error a route can give, and 503 with Retry-After on every route', () => {
  for (const [name, op] of operations()) {
    const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
    expect([name, errors.length > 0]).toEqual([name, true]);
    for (const [status, response] of errors)
      expect([name, status, Object.keys(response.content ?? {})]).toEqual([name, status, ['application/problem+json']]);
    expect([name, Object.keys(op.responses['503']?.headers ?? {})]).toEqual([name, ['Retry-After']]);
    if ((op.security?.length ?? 0) > 0) expect([name, '401' in op.responses, '403' in op.responses]).toEqual([name, true, true]);
    if (op.requestBody || op.parameters?.length) expect([name, '400' in op.responses]).toEqual([name, true]);
  }
});

it('documents If-Match (428 when missing, 409 when stale) and Idempotency-Key on every case command, and the ETag it answers', () => {
  // Break-glass (issue 12) reads, it does not command: it takes a reason, no If-Match.
  // 公示 and the procedure's commands (issue 13) and referrals (issue 14) are commands like the others.
  const commands = operations().filter(([name]) => /^POST \/v1\/cases\/\{id\}\//.test(name) && !name.endsWith('/unmask'));
  expect(commands.length).toBe(20);
  for (const [name, op] of commands) {
    const headers = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => [p.name, p.required ?? false]);
    expect([name, headers]).toEqual([
      name,
      [
        ['If-Match', true],
        ['Idempotency-Key', false],
      ],
    ]);
    expect([name, ['404', '409', '422', '428'].filter((s) => !(s in op.responses))]).toEqual([name, []]);
    expect([name, Object.keys(op.responses['200'].headers ?? {})]).toEqual([name, ['ETag']]);
  }
});

it('documents Location on the answers to opening a case, ETag on reading one', () => {
  const open = document.paths['/v1/cases'].post;
  expect(Object.keys(open.responses['201'].headers ?? {}).sort()).toEqual(['ETag', 'Location']);
  expect(Object.keys(open.responses['202'].headers ?? {}).sort()).toEqual(['Location', 'Retry-After']);
  expect(Object.keys(document.paths['/v1/cases/{id}'].get.responses['200'].headers ?? {})).toEqual(['ETag']);
});

it.each([
  ['DELETE', '/v1/cases/00000000-0000-4000-8000-000000000000', 'GET, HEAD'],
  ['PUT', '/v1/cases', 'GET, POST, HEAD'],
  ['TRACE', '/v1/access-log?limit=5', 'GET, HEAD'],
  ['PATCH', '/v1/policies/current', 'GET, HEAD'],
])('answers %s %s with 405 problem+json and Allow: %s', async (method, path, allow) => {
  const res = await t.http()[method.toLowerCase() as 'get'](path);
  expect(res.status).toBe(405);
  expect(res.headers.allow).toBe(allow);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
});
