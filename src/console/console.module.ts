import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TokenService } from '../auth/token.service';
import type { AppConfig } from '../config/config';
import { ConsoleConfigController, DevSignInController } from './console.controller';
import { consoleOptions } from './console-options';
import { CONSOLE_OPTIONS } from './console.tokens';
import { SpaMiddleware } from './spa.middleware';

/**
 * The web console (web/): served at `/` with an SPA fallback that leaves the API's paths alone,
 * its sign-in configuration, and — in development only — a demo sign-in endpoint.
 */
@Module({})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SpaMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET }, { path: '{*path}', method: RequestMethod.HEAD });
  }

  static forRoot(config: AppConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const options = consoleOptions(config, env);
    return {
      module: ConsoleModule,
      controllers: [ConsoleConfigController, ...(options.devSignIn ? [DevSignInController] : [])],
      providers: [
        { provide: CONSOLE_OPTIONS, useValue: options },
        { provide: TokenService, useFactory: () => new TokenService(config.auth) },
        SpaMiddleware,
      ],
    };
  }
}
