import { readFileSync } from 'node:fs';

/** What the global setup started, shared with every test file through a JSON file. */
export interface TestStackInfo {
  adminDatabaseUrl: string;
  databaseName: string;
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
  testServerPath: string;
}

export function stackInfo(): TestStackInfo {
  const path = process.env.CASEWORK_TEST_STACK;
  if (!path) throw new Error('CASEWORK_TEST_STACK is not set: run integration tests through jest (global setup)');
  return JSON.parse(readFileSync(path, 'utf8')) as TestStackInfo;
}
