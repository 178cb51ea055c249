import { DataSource } from 'typeorm';
import { InitialSchema1764400000000 } from '../../migrations/1764400000000-initial-schema';
import { CaseCheckpoints1764500000000 } from '../../migrations/1764500000000-case-checkpoints';
import { AccessLog1764600000000 } from '../../migrations/1764600000000-access-log';
import { SubjectCaseLink1764700000000 } from '../../migrations/1764700000000-subject-case-link';
import { RowLevelSecurity1764800000000 } from '../../migrations/1764800000000-row-level-security';
import { ScopeByRange1764900000000 } from '../../migrations/1764900000000-scope-by-range';
import { BackfillTransferTo1765000000000 } from '../../migrations/1765000000000-backfill-transfer-to';
import { CommandKeys1765100000000 } from '../../migrations/1765100000000-command-keys';
import { HistoryReplays1765100000001 } from '../../migrations/1765100000001-history-replays';
import { CaseKeys1765300000000 } from '../../migrations/1765300000000-case-keys';
import { BackfillClosedAt1765300000001 } from '../../migrations/1765300000001-backfill-closed-at';
import { EventOutbox1765500000000 } from '../../migrations/1765500000000-event-outbox';
import { SignalsAlerts1765500000001 } from '../../migrations/1765500000001-signals-alerts';
import { MandatedReports1765500000002 } from '../../migrations/1765500000002-mandated-reports';
import { Referrals1765500000003 } from '../../migrations/1765500000003-referrals';

export const MIGRATIONS = [
  InitialSchema1764400000000,
  CaseCheckpoints1764500000000,
  AccessLog1764600000000,
  SubjectCaseLink1764700000000,
  RowLevelSecurity1764800000000,
  ScopeByRange1764900000000,
  BackfillTransferTo1765000000000,
  CommandKeys1765100000000,
  HistoryReplays1765100000001,
  CaseKeys1765300000000,
  BackfillClosedAt1765300000001,
  EventOutbox1765500000000,
  SignalsAlerts1765500000001,
  MandatedReports1765500000002,
  Referrals1765500000003,
];

export interface DataSourceOptions {
  poolSize?: number;
  applicationName?: string;
  /** A role to act as on every connection (the API's `casework_api`, subject to row-level security). */
  role?: string;
}

export function createDataSource(url: string, opts: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    // No entities: repositories write SQL by hand (src/persistence/queryable.ts).
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    // TypeORM's error log quotes query parameters; errors are logged by class and code instead.
    logging: false,
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'casework',
    extra: {
      // A PostgreSQL that hangs (not refusing, not answering) fails a checkout instead of queueing it forever.
      connectionTimeoutMillis: 5000,
      ...(opts.role ? { options: `-c role=${opts.role}` } : {}),
    },
  });
}
