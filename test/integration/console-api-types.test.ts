import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../support/test-app';

// The console's API client is typed from the API's own OpenAPI document. The committed types
// (web/src/api/schema.d.ts) must be what openapi-typescript makes of /docs-json today; when the API
// changes, regenerate them: `npm run web:api-types` (this test with UPDATE_API_TYPES=1).

const ROOT = join(__dirname, '..', '..');
const COMMITTED = join(ROOT, 'web', 'src', 'api', 'schema.d.ts');

it('the console API types match /docs-json', async () => {
  const t = await startTestApp({ worker: false });
  let doc: unknown;
  try {
    doc = (await t.http().get('/docs-json')).body;
  } finally {
    await t.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'casework-openapi-'));
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
  const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  execFileSync(process.execPath, [cli, join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')], { stdio: 'pipe' });
  const fresh = readFileSync(join(dir, 'schema.d.ts'), 'utf8');
  if (process.env.UPDATE_API_TYPES === '1') writeFileSync(COMMITTED, fresh);
  const committed = readFileSync(COMMITTED, 'utf8');
  if (committed !== fresh) {
    throw new Error('web/src/api/schema.d.ts is out of date with /docs-json: run `npm run web:api-types` and commit the result');
  }
});
