import tseslint from 'typescript-eslint';

// Determinism rules for the pure core and the workflows (DESIGN.md): relative imports only,
// no Node built-ins, no clock, no randomness.
const nondeterminism = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'time comes in through ctx (domain) or workflow time',
  },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'time comes in through ctx' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'no randomness in the core' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'coverage/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...nondeterminism],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.)', message: 'src/domain imports nothing outside itself' },
            { regex: '^\\.\\./', message: 'src/domain imports nothing outside itself' },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', nondeterminism[2]],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:|fs$|crypto$|path$|typeorm|@nestjs|pg$)',
              message: 'workflows are deterministic: only @temporalio/workflow and the core',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
