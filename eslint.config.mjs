// Lint for the whole project: typescript-eslint's recommended type-checked rules everywhere, and
// React's hooks rules for the admin's components. `npm test` runs it; it must stay clean.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', '.next/', '.tools/', '.data/', 'media/', 'test-results/', 'bench-results/', 'next-env.d.ts', 'src/app/(payload)/admin/importMap.js', 'payload-types.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'scripts/lib/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_next`: a parameter a signature needs but the body does not use (Express tells error handlers by their four).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // `interface GeneratedTypes extends Config {}`: how a module augmentation hands Payload its types.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['admin/**/*.tsx', 'admin/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests read the API's JSON answers, which are `any` by nature, and check every value they use at
    // run time with expect(): typing each answer would add casts and prove nothing more.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    // The scripts run in Node: process, console and its other globals are defined there.
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
)
