// npm run mutate: mutation testing of the modules that guard users. Each mutant (a small plausible
// bug) must make some test fail. Not part of npm test: a full run takes a long while on two cores;
// name modules to narrow it, e.g. `npm run mutate -- --mutate src/access/*.ts`.
// It mutates the files in place (and puts them back at the end): run it on a clean working tree.
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
  // The first run, with per-test coverage, runs every integration suite in one process.
  dryRunTimeoutMinutes: 30,
  mutate: [
    'src/cache/carriesCredentials.ts',
    'src/cache/isCacheableRequest.ts',
    'src/cache/withCacheInvalidation.ts',
    'src/access/*.ts',
    'src/plugins/webhooks/lib/{createAddressPolicy,isPrivateAddress,guardedLookup,checkWebhookUrl,signWebhook,retryDelay}.ts',
    'src/plugins/formBuilder/hooks/screenSubmission.ts',
    'src/plugins/formBuilder/lib/{assertSubmissionData,verifyFormToken,signFormToken}.ts',
    'src/lib/inspectInput.ts',
    'src/plugins/strictInput/index.ts',
    'src/plugins/redirects/hooks/validateRedirect.ts',
    'src/plugins/redirects/lib/normalizeRedirectPath.ts',
    'src/plugins/scheduledPublishing/lib/requirePublishPermission.ts',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'test-results/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: 'test-results/.stryker-tmp',
  cleanTempDir: 'always',
}
