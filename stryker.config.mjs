// Mutation testing of the pure core: `npm run test:mutation` (reports in reports/, git-ignored).
// Only the jest `unit` project runs (stryker.jest.config.js): the integration project needs servers.
// Incremental: a rerun only tests mutants whose code or covering tests changed since
// reports/stryker-incremental.json; delete that file (or pass --force) for a full run.
// A full run takes ~25–45 min on two shared cores; about half of it goes to ~430 "static" mutants
// (module-level tables: DEFAULT_POLICY, the holiday calendar, access RULES, ALLOWED_IN) that run
// every test. `npm run test:mutation -- --ignoreStatic` skips them for a quicker look.
// Stryker 9.6.1: Stryker 10 needs Node 22, the project runs on Node 20.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'stryker.jest.config.js', enableFindRelatedTests: false },
  mutate: ['src/domain/**/*.ts', '!src/domain/index.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The machine has two cores and is shared.
  concurrency: 2,
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
