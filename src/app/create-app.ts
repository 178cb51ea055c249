import type { Server } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import type { AppConfig } from '../config/config';
import type { CaseCrypto } from '../subjects/case-keys';
import { refuseDeepJson } from '../http/json-depth';
import { completeDocument, PROBLEM_MODELS } from '../http/openapi';
import { AllowedMethods } from '../http/allowed-methods';
import { HttpDrain } from '../http/drain';
import { validationPipe } from '../http/validation';
import { JsonLogger } from '../telemetry/json-logger';
import { AppModule } from './app.module';

/**
 * Builds the HTTP application (used by main.ts and by the tests). `logger`: false for silence, a
 * logger of one's own (tests capture what the API logs), else JSON lines on stdout.
 */
export async function createApp(
  config: AppConfig,
  opts: { logger?: LoggerService | false; caseCrypto?: CaseCrypto } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { caseCrypto: opts.caseCrypto }), {
    // JSON lines with the trace id (src/telemetry/json-logger.ts).
    logger: opts.logger ?? new JsonLogger(),
    bodyParser: true,
    // Throw instead of exiting the process: main.ts reports the error, tests see it.
    abortOnError: false,
  });
  // JSON bodies: up to 1 MB (codec requests carry whole histories' payloads), and no key that
  // could reach an object's prototype through the DTO transform — refused as malformed JSON (400) —
  // and nothing nested deeper than MAX_JSON_DEPTH (400, before authentication).
  // A batch of 10,000 monitoring signals (POST /v1/signals) is a few MB: that route alone takes up to 16 MB.
  app.use('/v1/signals', json({ limit: '16mb', reviver: refusePrototypeKeys, verify: refuseDeepJson }));
  app.useBodyParser('json', { limit: '1mb', reviver: refusePrototypeKeys, verify: refuseDeepJson });
  app.use(app.get(HttpDrain).middleware);
  app.useGlobalPipes(validationPipe);
  keepConnectionsLongerThanClients(app.getHttpServer());
  app.enableShutdownHooks();
  const document = completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Casework API')
        .setDescription('Minor-protection and hardship cases across five administrative levels')
        .setVersion('1')
        .addBearerAuth()
        .build(),
      { extraModels: PROBLEM_MODELS },
    ),
  );
  app.get(AllowedMethods).load(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * Node closes an idle keep-alive connection after 5 s; a client (or load balancer) that reuses it
 * just then gets a reset for a request the API never saw. Idle connections stay open longer than
 * clients and proxies keep theirs (60 s is the common default), headers bounded just above that.
 */
function keepConnectionsLongerThanClients(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new SyntaxError('reserved key in JSON body');
  return value;
}
