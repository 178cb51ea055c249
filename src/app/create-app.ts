import { ConsoleLogger, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/config';
import { validationPipe } from '../http/validation';
import { AppModule } from './app.module';

/**
 * Builds the HTTP application (used by main.ts and by the tests). `logger`: false for silence, a
 * logger of one's own (tests capture what the API logs), else JSON lines on stdout.
 */
export async function createApp(config: AppConfig, opts: { logger?: LoggerService | false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: opts.logger ?? new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error'] }),
    bodyParser: true,
    // Throw instead of exiting the process: main.ts reports the error, tests see it.
    abortOnError: false,
  });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Casework API')
      .setDescription('Minor-protection and hardship cases across five administrative levels')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
