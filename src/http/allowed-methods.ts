import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/**
 * Which methods each documented path takes, from the OpenAPI document (loaded once by createApp):
 * a request for a known path with another method answers 405 with `Allow`, not 404.
 */
@Injectable()
export class AllowedMethods {
  private routes: { pattern: RegExp; methods: string[] }[] = [];

  load(document: OpenAPIObject): void {
    this.routes = Object.entries(document.paths).map(([template, ops]) => {
      const methods = METHODS.filter((m) => ops[m] !== undefined).map((m) => m.toUpperCase());
      const source = template
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('[^/]+');
      return { pattern: new RegExp(`^${source}/?$`), methods: methods.includes('GET') ? [...methods, 'HEAD'] : methods };
    });
  }

  /** The methods the path takes, or null when no documented path matches it. */
  of(path: string): string[] | null {
    const methods = this.routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods);
    return methods.length ? [...new Set(methods)] : null;
  }
}
