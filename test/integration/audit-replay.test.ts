import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, Worker, type ReplayResult } from '@temporalio/worker';
import { fromHistoryFixture, type HistoryFixture } from '../../src/audit/history-fixture';
import { CASE_KINDS } from '../../src/domain';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../../src/temporal/data-converter';
import { stackInfo } from '../support/stack-info';

// Replay safety in CI: every recorded history (one per case kind, scripts/record-histories.ts)
// must replay under today's workflow code. A change that would break running cases fails here.

const FIXTURES = join(__dirname, '..', 'fixtures', 'histories');
// Histories recorded by earlier workflow code stay here (named after the patch that followed
// them) for as long as cases recorded with that code may still be running.
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'payload-key.json');
const fixtures: (HistoryFixture & { file: string })[] = fixtureFiles.map((file) => ({
  ...(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as HistoryFixture),
  file,
}));
const { keyId, key } = JSON.parse(readFileSync(join(FIXTURES, 'payload-key.json'), 'utf8')) as { keyId: string; key: string };
// The recorded payloads are encrypted as in production, with the fixture-only key.
const dataConverter: DataConverter = createDataConverter({ keys: { [keyId]: Buffer.from(key, 'base64') }, activeKeyId: keyId, uiOrigin: null });
const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };
// The broken variant makes the SDK core warn about every failed task; the assertions say it all.
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
});

async function replayAll(code: string): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const histories = fixtures.map((f) => ({ workflowId: `fixture-${f.file}`, history: fromHistoryFixture(f) }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, dataConverter, replayName: 'fixtures' }, histories))
    results.push(result);
  return results;
}

describe('recorded workflow histories', () => {
  it('cover every case kind, under today’s code and under the code before each patch', () => {
    const current = fixtures.filter((f) => !f.file.includes('.pre-'));
    expect(current.map((f) => f.kind).sort()).toEqual([...CASE_KINDS].sort());
    for (const patch of ['local-persistence', 'quiet-history']) {
      const before = fixtures.filter((f) => f.file.endsWith(`.pre-${patch}.json`));
      expect([patch, before.map((f) => f.kind).sort()]).toEqual([patch, [...CASE_KINDS].sort()]);
    }
    for (const f of fixtures) expect(f.eventTypes).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED');
  });

  it('all replay without nondeterminism under today’s workflow code', async () => {
    const results = await replayAll(readFileSync(stackInfo().workflowBundlePath, 'utf8'));
    expect(results).toHaveLength(fixtures.length);
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${r.error?.message}`)).toEqual([]);
  });

  it('fail to replay under a workflow that adds an activity without patching', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../fixtures/broken-workflow'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: quiet,
    });
    const results = await replayAll(code);
    expect(results).toHaveLength(fixtures.length);
    for (const r of results) {
      expect(r.error?.name).toBe('DeterminismViolationError');
    }
  });
});
