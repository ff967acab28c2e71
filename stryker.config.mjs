// Mutation testing of the modules that guard users (StrykerJS with its vitest runner). Each mutant (a
// small plausible bug) must make some test fail. Not part of npm test: run it with `npm run mutate`
// (scripts/mutate.mjs), which runs one group of modules at a time (tests/mutation/groups.mjs) and
// prints the score per module.
// It mutates the files in place (and puts them back at the end): run it on a clean working tree.
import { currentMutationGroup, mutationGroups } from './tests/mutation/groups.mjs'

const group = currentMutationGroup()

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  inPlace: true,
  // vitest does not type-check, so no file but the mutated ones needs touching.
  disableTypeChecks: false,
  concurrency: 1,
  timeoutMS: 60_000,
  dryRunTimeoutMinutes: 30,
  mutate: group ? group.mutate : Object.values(mutationGroups).flatMap((g) => g.mutate),
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `test-results/mutation/${group ? group.name : 'all'}.json` },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: 'test-results/.stryker-tmp',
  cleanTempDir: 'always',
  warnings: { slow: false },
}
