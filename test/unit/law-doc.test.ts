import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../src/domain';
import { lawTables } from '../../scripts/law-table';

// docs/law.md lists every rule of the shipped policy with its source and whether it is law or a
// default, rendered from the policy itself. After a change: UPDATE_LAW_DOC=1 npx jest law-doc.

const DOC = join(__dirname, '..', '..', 'docs', 'law.md');
const BEGIN = '<!-- law-table:begin -->';
const END = '<!-- law-table:end -->';

it('docs/law.md shows the shipped policy’s rules, sources and bounds as they are', () => {
  const doc = readFileSync(DOC, 'utf8');
  const fresh = `${BEGIN}\n${lawTables(DEFAULT_POLICY)}\n${END}`;
  const current = doc.slice(doc.indexOf(BEGIN), doc.indexOf(END) + END.length);
  if (process.env.UPDATE_LAW_DOC === '1') writeFileSync(DOC, doc.replace(current, fresh));
  expect(readFileSync(DOC, 'utf8').includes(fresh)).toBe(true);
});
