import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';

// The Temporal UI calls the codec endpoint from the browser, on another origin. Only that one
// configured origin is let in (TEMPORAL_UI_ORIGIN), with credentials for its bearer token; the
// rest of the API stays without CORS. Headers are set before the guard runs, so a 401 or 403
// reaches the UI as itself instead of as an opaque CORS failure.
@Injectable()
export class CodecCorsMiddleware implements NestMiddleware {
  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const origin = req.header('origin');
    const allowed = origin !== undefined && origin === this.config.payloadCodec.uiOrigin;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.append('Vary', 'Origin');
    if (req.method === 'OPTIONS' && allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  }
}
