// Type-aware lint (typescript-eslint). `npm run lint` runs it and `prettier --check`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'coverage/', '**/__fixtures__/**/*.js', 'docs/', '.gauntlet/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Where a value is checked by a zod schema or a bounds check first, `!` states what the check proved.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Floating promises are bugs in a harness that must end its child processes and servers.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      // zod outputs and JSON reads are `any`-free, but test doubles and dynamic imports are not: warn only.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      // `cond && f()` and `a ? f() : g()` as statements are used on purpose in hot loops and handlers.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // Methods of the seeded RNG and the clocks are plain closures, safe to pass around unbound.
      '@typescript-eslint/unbound-method': 'off',
      // Abort reasons are forwarded as the caller gave them (AbortSignal.reason is `any`).
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // Terminal escape sequences and control characters are matched on purpose (reports, escaping).
      'no-control-regex': 'off',
      // Reference constants (Lanczos, AS 241, Kolmogorov tables) are written as published.
      'no-loss-of-precision': 'off',
      '@typescript-eslint/no-base-to-string': 'warn',
    },
  },
  {
    files: ['scripts/**'],
    rules: { '@typescript-eslint/restrict-plus-operands': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
