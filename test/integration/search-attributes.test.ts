import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/case.messages';
import { buildOnce, runCli } from '../support/processes';
import { stackInfo } from '../support/stack-info';

// The compose one-shot `search-attributes` (and the Kubernetes setup Job) run the built CLI's
// `temporal:search-attributes`: it registers CASE_SEARCH_ATTRIBUTES in the namespace, and a second
// run changes nothing.

const namespace = `casework-sa-${randomBytes(4).toString('hex')}`;
let connection: Connection;

beforeAll(async () => {
  await buildOnce();
  connection = await Connection.connect({ address: stackInfo().temporalAddress });
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  for (let i = 0; i < 40; i++) {
    if (
      await connection.workflowService.describeNamespace({ namespace }).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 250));
  }
});
afterAll(() => connection?.close());

const custom = async () => Object.keys((await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {});
const names = Object.keys(CASE_SEARCH_ATTRIBUTES);

describe('registering the search attributes of the workflow contract', () => {
  it('adds every attribute of CASE_SEARCH_ATTRIBUTES to a namespace that has none', async () => {
    expect((await custom()).filter((n) => names.includes(n))).toEqual([]);
    const run = await runCli({ TEMPORAL_ADDRESS: stackInfo().temporalAddress, TEMPORAL_NAMESPACE: namespace }, ['temporal:search-attributes']);
    expect(run).toEqual({ code: 0, output: `search attributes in ${namespace}: added [${names.join(', ')}], already present []` });
    expect((await custom()).filter((n) => names.includes(n)).sort()).toEqual([...names].sort());
  });

  it('changes nothing on a second run', async () => {
    const run = await runCli({ TEMPORAL_ADDRESS: stackInfo().temporalAddress, TEMPORAL_NAMESPACE: namespace }, ['temporal:search-attributes']);
    expect(run).toEqual({ code: 0, output: `search attributes in ${namespace}: added [], already present [${names.join(', ')}]` });
  });
});
