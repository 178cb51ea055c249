// Projects: `unit` (pure core, no I/O, seconds), `integration` (real PostgreSQL + Temporal),
// `browser` (the web console in a real Chromium against that same real stack) — these three are
// `npm test` — then, each alone on the machine in CI after it: `fuzz` (`npm run test:fuzz`:
// schemathesis against the live API, which a machine busy with the other projects starves into
// 503s) and `faults` (`npm run test:faults`: kills and restarts the parts of a stack of its own).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  // jose is ESM-only; let swc turn it into CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  testEnvironment: 'node',
};
module.exports = {
  // Integration tests wait on real servers; unit tests finish in milliseconds anyway.
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // The fault suite (npm run test:faults): a stack of its own whose parts it kills; not in `npm test`.
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.test.ts'] },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
