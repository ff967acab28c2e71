import { defineConfig } from 'vitest/config'

import { currentMutationGroup, mutationGroups } from './tests/mutation/groups.mjs'
import base from './vitest.config'

const group = currentMutationGroup()

/** The tests `npm run mutate` runs against each mutant: those of the group being mutated. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the base list (merging would append to it and run every suite).
    include: group ? group.suites : [...new Set(Object.values(mutationGroups).flatMap((g) => g.suites))],
  },
})
