import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type { HeaderObject, OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

// The OpenAPI story of errors and headers, written once. Every error is RFC 9457 problem+json
// (src/http/problem.ts). What every route can answer because of the machinery around it — the
// token (401), the role gate (403), validation (400), the body limit (413), a dependency down or
// the server shedding load (503 + Retry-After) — is added to each operation by `completeDocument`;
// what only some routes answer (404, 409, 422, 428, 202 …) each route says with `ApiProblems`.

export class FieldErrorDoc {
  @ApiProperty({ example: 'subject.idNumber', description: 'the dotted path of the field (or the header) at fault' })
  field!: string;

  @ApiProperty({ example: 'is not a valid citizen ID number' })
  message!: string;
}

/** RFC 9457 problem details; refusals of the core add `code` and the facts of the refusal. */
export class ProblemDoc {
  @ApiProperty({ example: 'https://casework.example/problems/invalid-request' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'The request is not valid.' })
  detail?: string;

  @ApiPropertyOptional({ type: [FieldErrorDoc] })
  errors?: FieldErrorDoc[];

  @ApiPropertyOptional({ example: 'VERSION_MISMATCH', description: "the core's refusal, where there is one" })
  code?: string;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const RETRY_AFTER: HeaderObject = { description: 'seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } };
export const ETAG_HEADER: HeaderObject = { description: 'the case version, to send back as If-Match', schema: { type: 'string', example: '"3"' } };
export const LOCATION_HEADER: HeaderObject = { description: 'where the case is', schema: { type: 'string', example: '/v1/cases/…' } };

const WHY: Record<number, string> = {
  400: 'invalid request: `errors` names each field (or header) at fault',
  401: 'no valid bearer token',
  403: 'your role may not do this (a refusal of the core carries `code`, e.g. NOT_AUTHORIZED_LEVEL with `decidesAt`)',
  404: 'no such resource in your scope (out of scope looks the same as missing)',
  409: 'conflict with the current state: a stale If-Match (`currentVersion`), a pending request, a closed case …',
  413: 'the body is larger than 1 MB',
  422: 'well-formed but not acceptable: an unknown division, an invalid ID number, a reused Idempotency-Key …',
  428: 'If-Match is required',
  429: 'too many requests: slow down (see Retry-After)',
  503: 'a dependency (PostgreSQL, Temporal) is down, the case did not confirm in time, or the server is shedding load: retry after Retry-After',
};

function problemResponse(status: number): ResponseObject {
  return {
    description: WHY[status] ?? 'error',
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDoc) } } },
    ...(status === 503 || status === 429 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
  };
}

/** The problem+json responses a route gives beyond those every route gives (see completeDocument). */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));
}

/** Models every document carries (SwaggerModule.createDocument's extraModels). */
export const PROBLEM_MODELS = [ProblemDoc, FieldErrorDoc];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Adds what every operation can answer because of the machinery around it, the server and the
 * license. Public operations get `security: []`. The document is created with PROBLEM_MODELS.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.servers = [{ url: '/', description: 'this server' }];
  document.info.license = { name: 'Proprietary — all rights reserved', url: 'https://casework.example/license' };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op: OperationObject | undefined = path[method];
      if (!op) continue;
      const secured = (op.security?.length ?? 0) > 0;
      if (!secured) op.security = [];
      const common = [
        ...((op.parameters?.length ?? 0) > 0 || op.requestBody ? [400] : []),
        ...(secured ? [401, 403] : []),
        ...(op.requestBody ? [413] : []),
        503,
      ];
      for (const status of common) op.responses[String(status)] ??= problemResponse(status);
    }
  }
  closeRequestSchemas(document);
  return document;
}

/**
 * Request bodies take no field they do not name (the validation pipe's forbidNonWhitelisted):
 * every schema a request body refers to, directly or nested, says additionalProperties: false.
 */
function closeRequestSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (seen.has(name) || !schemas[name]) return;
      seen.add(name);
      if (schemas[name].type === 'object' || schemas[name].properties) schemas[name].additionalProperties = false;
      return visit(schemas[name]);
    }
    Object.values(node).forEach(visit);
  };
  for (const path of Object.values(document.paths)) for (const method of METHODS) visit(path[method]?.requestBody);
}
