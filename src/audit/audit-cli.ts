import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isDivisionCode } from '../domain/divisions';
import { isIsoInstant } from '../domain/calendar';
import { caseIdsActiveInPeriod } from '../cases/cases.repository';
import { exportLines } from './case-export';
import { parseSigningKey, parseVerifyKey, type CheckpointDocument } from './checkpoint-signing';
import { createCheckpoint } from './checkpoint-store';
import { verifyExport, type ExportVerificationReport } from './export-verification';

// Operator commands for auditing: sign a checkpoint (kept in the database and in a file), export
// chains, and verify an export offline against a checkpoint file — no database needed for that.

export const AUDIT_USAGE = `  cli audit:checkpoint --out <checkpoint.json>                     (needs AUDIT_SIGNING_KEY)
  cli audit:export (--case <id> | --division <code> [--from <ISO>] [--to <ISO>]) --out <export.ndjson>
  cli audit:verify-export --export <export.ndjson> --checkpoint <checkpoint.json> [--public-key <file|base64>]`;

export interface CliHelpers {
  withDb: <T>(work: (db: DataSource) => Promise<T>) => Promise<T>;
  fail: (message: string) => never;
}

/** The trusted key: --public-key (a file or the key itself), else AUDIT_PUBLIC_KEY, else the signing key's public half. */
export function trustedKeyFrom(option: string | undefined, env: NodeJS.ProcessEnv): KeyObject | null {
  if (option) {
    let text = option;
    try {
      text = readFileSync(option, 'utf8');
    } catch {
      // not a file: the key itself
    }
    return parseVerifyKey(text);
  }
  if (env.AUDIT_PUBLIC_KEY) return parseVerifyKey(env.AUDIT_PUBLIC_KEY);
  if (env.AUDIT_SIGNING_KEY) return parseVerifyKey(env.AUDIT_SIGNING_KEY);
  return null;
}

export async function verifyExportFile(exportPath: string, checkpointPath: string, trusted: KeyObject): Promise<ExportVerificationReport> {
  const checkpoint = JSON.parse(readFileSync(checkpointPath, 'utf8')) as CheckpointDocument;
  const lines = createInterface({ input: createReadStream(exportPath, 'utf8'), crlfDelay: Infinity });
  return verifyExport(lines, checkpoint, trusted);
}

export async function writeExportFile(
  db: DataSource,
  scope: { case: string } | { division: string; from: string; to: string },
  out: string,
): Promise<{ lines: number }> {
  const caseIds = 'case' in scope ? [scope.case] : await caseIdsActiveInPeriod(db, scope.division, scope.from, scope.to);
  const file = createWriteStream(out, 'utf8');
  let lines = 0;
  for await (const line of exportLines(db, caseIds, scope, 'cli:operator')) {
    lines++;
    if (!file.write(`${JSON.stringify(line)}\n`)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  return { lines };
}

export async function runAuditCommand(command: string, args: string[], { withDb, fail }: CliHelpers): Promise<number> {
  switch (command) {
    case 'audit:checkpoint': {
      const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
      const out = values.out ?? fail('--out is required: a checkpoint must also live outside the database');
      const key = parseSigningKey(process.env.AUDIT_SIGNING_KEY ?? fail('AUDIT_SIGNING_KEY is not set'));
      const doc = await withDb((db) => createCheckpoint(db, key));
      writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
      process.stdout.write(`checkpoint ${doc.checkpointId} at ${doc.createdAt}: ${doc.caseCount} cases → ${out}\n`);
      return 0;
    }
    case 'audit:export': {
      const { values } = parseArgs({
        args,
        options: {
          case: { type: 'string' },
          division: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          out: { type: 'string' },
        },
      });
      const out = values.out ?? fail('--out is required');
      let scope: { case: string } | { division: string; from: string; to: string };
      if (values.case) scope = { case: values.case };
      else {
        const division = values.division ?? fail('give --case <id> or --division <12-digit code>');
        if (!isDivisionCode(division)) fail('--division must be a 12-digit division code');
        const from = values.from ?? '1970-01-01T00:00:00Z';
        const to = values.to ?? new Date().toISOString();
        if (!isIsoInstant(from) || !isIsoInstant(to)) fail('--from and --to must be ISO instants');
        scope = { division, from, to };
      }
      const { lines } = await withDb((db) => writeExportFile(db, scope, out));
      process.stdout.write(`exported ${lines} lines → ${out}\n`);
      return 0;
    }
    case 'audit:verify-export': {
      const { values } = parseArgs({
        args,
        options: { export: { type: 'string' }, checkpoint: { type: 'string' }, 'public-key': { type: 'string' } },
      });
      const exportPath = values.export ?? fail('--export is required');
      const checkpointPath = values.checkpoint ?? fail('--checkpoint is required');
      const trusted = trustedKeyFrom(values['public-key'], process.env) ?? fail('no trusted key: give --public-key or set AUDIT_PUBLIC_KEY');
      const report = await verifyExportFile(exportPath, checkpointPath, trusted);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      process.stderr.write(
        report.valid
          ? `OK: ${report.cases} cases, ${report.events} events; ${report.anchoredCases} anchored in checkpoint ${report.checkpoint.checkpointId}\n`
          : `TAMPERED: first bad ${report.firstBad ? `case ${report.firstBad.caseId} seq ${report.firstBad.seq} (${report.firstBad.fault})` : `checkpoint (${report.checkpoint.reason})`}\n`,
      );
      return report.valid ? 0 : 1;
    }
    default:
      return fail(`unknown audit command ${command}`);
  }
}
