import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONSOLE_OPTIONS } from './console.tokens';
import type { ConsoleOptions } from './console-options';

/** Paths the console never answers: the API, its documents and the operations endpoints. */
export const API_PREFIXES = ['/v1', '/docs', '/docs-json', '/health', '/metrics'] as const;

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`)) || path.startsWith('/docs');
}

/**
 * Serves the built console: a file of the build where one matches, else index.html for any other
 * page path (the SPA routes it). API paths pass through untouched, so the API's own 404s stay
 * problem+json. A missing asset (a path with an extension) is a plain 404, never index.html.
 */
@Injectable()
export class SpaMiddleware implements NestMiddleware {
  private readonly root: string;
  private readonly csp: string;

  constructor(@Inject(CONSOLE_OPTIONS) options: ConsoleOptions) {
    this.root = normalize(options.staticDir);
    const connect = ["'self'", ...(options.oidc ? [new URL(options.oidc.issuer).origin] : [])].join(' ');
    // Ant Design writes its styles at runtime (CSS-in-JS): inline styles are allowed, scripts are not.
    this.csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      `connect-src ${connect}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join('; ');
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    const file = this.fileFor(req.path);
    if (file) return this.send(res, file, req.path.startsWith('/assets/'));
    if (extname(req.path) !== '') return next(); // a missing file: the ordinary 404
    const index = join(this.root, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('The console is not built: run `npm run build` (or `npm run build:web`).\n');
      return;
    }
    this.send(res, index, false);
  }

  private fileFor(path: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const file = normalize(join(this.root, decoded));
    if (!file.startsWith(this.root + sep)) return null;
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }

  private send(res: Response, file: string, immutable: boolean): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (file.endsWith('.html')) {
      res.setHeader('Content-Security-Policy', this.csp);
      res.setHeader('Cache-Control', 'no-store');
    } else {
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    res.sendFile(file, { dotfiles: 'deny' });
  }
}
