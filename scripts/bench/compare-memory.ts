import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../src/domain';
import { createDataConverter } from '../../src/temporal/data-converter';
import { caseWorkflowId, commandUpdate, type CaseWorkflowInput } from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { VILLAGE } from '../../test/support/builders';
import { stackInfo } from '../../test/support/stack-info';
import type { TestApp } from '../../test/support/test-app';
import { PROJECT_ROOT } from '../stack/project-root';
import { closedLoop, report } from './measure';

// The worker's memory with many open cases: the built worker (dist/src/worker.js) in a process of
// its own with maxCachedWorkflows set explicitly; N case workflows opened on its task queue; its
// resident memory read from /proc; and a command to a case evicted from its cache (the worker
// replays that case's history first) against one to a cached case.

const STEPS = (process.env.BENCH_RSS_CASES ?? '1000,10000,50000').split(',').map(Number);
const CACHE = Number(process.env.BENCH_MAX_CACHED_WORKFLOWS ?? 1000);

const rssMb = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

export async function benchWorkerMemory(t: TestApp): Promise<void> {
  process.stdout.write(`\nWorker memory with open cases (maxCachedWorkflows ${CACHE}), its own process\n`);
  const info = stackInfo();
  const taskQueue = `bench-rss-${randomUUID().slice(0, 8)}`;
  const payloadKey = randomBytes(32);
  const worker = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'worker.js')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: info.databaseUrl,
      TEMPORAL_ADDRESS: info.temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PII_KEYS: `b1:${randomBytes(32).toString('base64')}`,
      PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      TEMPORAL_PAYLOAD_KEYS: `bp1:${payloadKey.toString('base64')}`,
      AUTH_DEV_SECRET: randomBytes(32).toString('base64'),
      WORKER_MAX_CACHED_WORKFLOWS: String(CACHE),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const connection = await Connection.connect({ address: info.temporalAddress });
  const client = new Client({ connection, dataConverter: createDataConverter({ keys: { bp1: payloadKey }, activeKeyId: 'bp1', uiOrigin: null }) });
  const actor = { id: 'bench-rss', roles: ['caseworker' as const], division: VILLAGE };
  const opened: string[] = [];
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const baseline = rssMb(worker.pid ?? 0);
    report('baseline: worker RSS, started, no case', `${baseline.toFixed(0)} MB`);
    for (const target of STEPS) {
      const started = performance.now();
      await closedLoop(target - opened.length, 32, async () => {
        const caseId = randomUUID();
        const input: CaseWorkflowInput = {
          open: {
            type: 'open',
            caseId,
            kind: 'dibao',
            division: VILLAGE,
            subjectRef: randomUUID(),
            subjectMinorUnder14: false,
            risk: null,
            summary: '内存测试',
          },
          openedBy: actor,
          policy: DEFAULT_POLICY,
        };
        await client.workflow.start<typeof CaseWorkflow>('CaseWorkflow', { workflowId: caseWorkflowId(caseId), taskQueue, args: [input] });
        opened.push(caseId);
        return 'ok';
      });
      // Every one of them opened: CaseOpened in PostgreSQL.
      for (;;) {
        const [{ n }]: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM cases WHERE case_id = ANY($1::uuid[])', [opened]);
        if (n === opened.length) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const seconds = (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 2000));
      const note = (ids: string[]) =>
        closedLoop(Math.min(20, ids.length), 1, async (i) => {
          await client.workflow.getHandle(caseWorkflowId(ids[i])).executeUpdate(commandUpdate, {
            args: [{ command: { type: 'addNote', text: '测量' }, actor, expectedVersion: null }],
          });
          return 'ok';
        });
      const cached = await note(opened.slice(-20));
      const evicted = await note(opened.slice(0, 20));
      report(
        `worker RSS with ${target.toLocaleString()} open cases (opened in ${seconds.toFixed(0)} s)`,
        `${rssMb(worker.pid ?? 0).toFixed(0)} MB (baseline ${baseline.toFixed(0)} MB)`,
      );
      report(`  a note to a cached case (${target.toLocaleString()} open)`, cached);
      report(
        `  a note to a case ${target > CACHE ? 'evicted from the cache' : 'in the cache'} (${target.toLocaleString()} open)`,
        evicted,
        cached,
        'p99',
      );
    }
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await connection.close();
  }
}
