import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AccessLogController } from '../access-log/access-log.controller';
import { AccessLog } from '../access-log/access-log.service';
import { RequestIdMiddleware } from '../access-log/request-id';
import { AuditController } from '../audit/audit.controller';
import { AuditService } from '../audit/audit.service';
import { AuthGuard } from '../auth/auth.guard';
import { TokenService } from '../auth/token.service';
import { CodecCorsMiddleware } from '../codec/codec-cors.middleware';
import { CodecController } from '../codec/codec.controller';
import { CodecService } from '../codec/codec.service';
import { CaseOverviewController } from '../cases/case-overview.controller';
import { CasePrivacyController } from '../cases/case-privacy.controller';
import { ConsoleModule } from '../console/console.module';
import { ApprovalsController } from '../approvals/approvals.controller';
import { CaseQueries } from '../cases/case-queries.service';
import { CaseReader } from '../cases/case-reader';
import { CasesController } from '../cases/cases.controller';
import { CaseProcedureController } from '../cases/case-procedure.controller';
import { PublicNotices } from '../cases/public-notice.service';
import { CalendarStatusService } from '../health/calendar-status';
import { PoliciesController } from '../policies/policies.controller';
import { CasesService } from '../cases/cases.service';
import { CONFIG, type AppConfig } from '../config/config';
import { DivisionsController } from '../divisions/divisions.controller';
import { DivisionsService } from '../divisions/divisions.service';
import { HealthController } from '../health/health.controller';
import { ProblemFilter } from '../http/problem.filter';
import { HttpDrain } from '../http/drain';
import { AllowedMethods } from '../http/allowed-methods';
import { createDataSource } from '../persistence/data-source';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { PoliciesService } from '../policies/policies.service';
import { CASE_CRYPTO, caseKeysFrom, type CaseCrypto } from '../subjects/case-keys';
import { SubjectVault } from '../subjects/subject-vault';
import { createTemporalClient, TEMPORAL_CLIENT } from '../temporal/temporal-client';
import { tracingClientInterceptors } from '../telemetry/temporal-tracing';
import { Metrics, MetricsMiddleware } from '../metrics/metrics';
import { MetricsController } from '../metrics/metrics.controller';
import { FeedController } from '../events-out/feed.controller';
import { AlertsController } from '../signals/alerts.controller';
import { AlertsService } from '../signals/alerts.service';
import { CaseSignals } from '../signals/case-signals';
import { SignalCipher } from '../signals/signal-cipher';
import { SignalsController } from '../signals/signals.controller';
import { SignalsService } from '../signals/signals.service';
import { SignalSubscriber } from '../signals/signal-subscriber';
import { ReportsController } from '../reports/reports.controller';
import { ReportsService } from '../reports/reports.service';
import { ProviderReferralsController, ReferralsController } from '../referrals/referrals.controller';
import { ReferralsService } from '../referrals/referrals.service';

/** The API: one module wiring configuration, PostgreSQL, Temporal and the feature controllers. */
@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware, MetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    consumer.apply(CodecCorsMiddleware).forRoutes({ path: 'v1/codec/{*path}', method: RequestMethod.ALL });
  }

  /** `overrides.caseCrypto`: another CaseCrypto (the benchmark's baseline without envelope encryption). */
  static forRoot(config: AppConfig, overrides: { caseCrypto?: CaseCrypto } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [TerminusModule, ConsoleModule.forRoot(config)],
      controllers: [
        MetricsController,
        CasesController,
        ApprovalsController,
        PoliciesController,
        DivisionsController,
        AuditController,
        HealthController,
        CodecController,
        AccessLogController,
        CaseOverviewController,
        CasePrivacyController,
        CaseProcedureController,
        FeedController,
        SignalsController,
        AlertsController,
        ReportsController,
        ReferralsController,
        ProviderReferralsController,
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: async () => createDataSource(config.databaseUrl, { applicationName: 'casework-api', role: config.databaseRole }).initialize(),
        },
        { provide: TEMPORAL_CLIENT, useFactory: () => createTemporalClient(config.temporal, config.payloadCodec, tracingClientInterceptors()) },
        { provide: TokenService, useFactory: () => new TokenService(config.auth) },
        { provide: SubjectVault, useFactory: () => new SubjectVault(config.pii) },
        { provide: CASE_CRYPTO, useFactory: () => overrides.caseCrypto ?? caseKeysFrom(config.caseKeys) },
        { provide: APP_GUARD, useClass: AuthGuard },
        AllowedMethods,
        HttpDrain,
        { provide: APP_FILTER, useClass: ProblemFilter },
        PoliciesService,
        PublicNotices,
        CalendarStatusService,
        CasesService,
        ScopedDb,
        Metrics,
        AccessLog,
        AuditService,
        CaseQueries,
        CaseReader,
        DivisionsService,
        CodecService,
        { provide: SignalCipher, useFactory: () => new SignalCipher(config.pii) },
        SignalsService,
        CaseSignals,
        AlertsService,
        SignalSubscriber,
        ReportsService,
        ReferralsService,
        {
          // Close connections when Nest shuts down (enableShutdownHooks).
          provide: 'SHUTDOWN',
          inject: [DataSource, TEMPORAL_CLIENT],
          useFactory: (db: DataSource, temporal: Client) => ({
            onApplicationShutdown: async () => {
              await temporal.connection.close().catch(() => undefined);
              if (db.isInitialized) await db.destroy();
            },
          }),
        },
      ],
    };
  }
}
