import { initialJs, INITIAL_JS_BUDGET_BYTES } from '../../web/bundle-size';
import { ensureWebBuilt, WEB_OUT } from './support/console';

// Issue 10: initial JavaScript ≤ 400 KB gzipped (routes split). The build prints the same figure.

it(`the console's initial JavaScript is within ${INITIAL_JS_BUDGET_BYTES / 1024} KB gzipped`, () => {
  ensureWebBuilt();
  const { gzip, files } = initialJs(WEB_OUT);
  expect(files.length).toBeGreaterThan(0);
  process.stderr.write(`[console] initial JS ${(gzip / 1024).toFixed(1)} KB gzipped in ${files.length} files\n`);
  expect(gzip).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
});
