import { defineConfig } from 'vitest/config'

import base from './vitest.config'

/**
 * The tests `npm run mutate` runs against each mutant: the unit tests and the integration tests of
 * the guard modules, without the slow end-to-end suites (and without the webhook delivery suite,
 * whose guards — signing, the address policy, retries — the unit tests exercise directly).
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the base list (merging would append to it and run every suite).
    include: [
      'tests/unit/**/*.spec.ts',
      'tests/int/access.int.spec.ts',
      'tests/int/cacheCredentials.int.spec.ts',
      'tests/int/cache.int.spec.ts',
      'tests/int/forms.int.spec.ts',
      'tests/int/badInput.int.spec.ts',
      'tests/int/hostileInput.int.spec.ts',
      'tests/int/redirects.int.spec.ts',
      'tests/int/scheduledPublishing.int.spec.ts',
    ],
  },
})
