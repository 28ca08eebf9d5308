// eslint: the rules the code keeps (typescript-eslint, type-aware). `npm run lint` runs it with
// prettier --check and knip; .ci/test-all runs them as the suite "lint".
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'build/**',
      'compat-tests/.ref/**',
      'compat-tests/results/**',
      'bench/results/**',
      'test-support/.cache/**',
      'debian/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { project: ['./tsconfig.typecheck.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // a leading underscore names what is left out on purpose (a destructured field, a callback's argument)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bin/*'],
    ...tseslint.configs.disableTypeChecked,
  },
);
