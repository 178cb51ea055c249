import tseslint from 'typescript-eslint';

// Type-checked lint (typescript-eslint's recommendedTypeChecked) with promise and exhaustiveness
// guards, plus the layering rules of README "How the parts fit": the pure core and the workflows
// are deterministic and import nothing they may not.
const nondeterminism = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'time comes in through ctx (domain) or workflow time',
  },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'time comes in through ctx' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'no randomness in the core' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'coverage/**', 'reports/**', '.stryker-tmp/**', 'test/fixtures/**', 'web/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...nondeterminism] },
  },
  {
    // The core imports nothing outside itself: relative paths that stay inside src/domain.
    files: ['src/domain/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'src/domain imports nothing outside itself' }] }] },
  },
  {
    files: ['src/domain/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\.\\.?/)|^\\.\\./\\.\\./', message: 'src/domain imports nothing outside itself' }] },
      ],
    },
  },
  {
    // Tests read HTTP bodies, which are untyped by nature; the promise and exhaustiveness guards stay.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', nondeterminism[2]],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:|fs$|crypto$|path$|typeorm|@nestjs|pg$)',
              message: 'workflows are deterministic: only @temporalio/workflow and the core',
            },
            {
              regex: '/src/(?!domain)',
              allowTypeImports: true,
              message: 'workflows import only the core and case.messages at runtime (types from src/temporal are fine)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
