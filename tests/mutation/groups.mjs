// The guard modules `npm run mutate` mutates, in groups, each with the test files that exercise it.
// A mutant runs against its group's files only: a mutant in code that runs at load time (a constant,
// a list of ranges) runs every test of the run, so a run over all guards and all their suites spends
// hours on those alone.
// A mutant that keeps an integration suite's server from starting fails its beforeAll, which skips
// the file's tests, and the runner counts a run without a failed test as Survived. Code that runs
// while the config is built or the server starts (plugins, the database adapter's wrapper) is
// therefore mutated against unit tests that call it directly.
/** @type {Record<string, { mutate: string[], suites: string[] }>} */
export const mutationGroups = {
  access: {
    mutate: ['src/access/*.ts'],
    suites: ['tests/unit/access.spec.ts', 'tests/int/access.int.spec.ts'],
  },
  cache: {
    mutate: ['src/cache/carriesCredentials.ts', 'src/cache/isCacheableRequest.ts'],
    suites: ['tests/unit/responseCache.spec.ts', 'tests/unit/cacheCredentials.spec.ts', 'tests/int/cacheCredentials.int.spec.ts', 'tests/int/cache.int.spec.ts'],
  },
  cacheInvalidation: {
    mutate: ['src/cache/withCacheInvalidation.ts'],
    suites: ['tests/unit/withCacheInvalidation.spec.ts'],
  },
  webhooks: {
    mutate: ['src/plugins/webhooks/lib/{createAddressPolicy,isPrivateAddress,guardedLookup,checkWebhookUrl,signWebhook,retryDelay}.ts'],
    suites: ['tests/unit/webhookDelivery.spec.ts', 'tests/unit/webhookAddressPolicy.spec.ts', 'tests/unit/webhookPrivateRanges.spec.ts'],
  },
  forms: {
    mutate: [
      'src/plugins/formBuilder/hooks/screenSubmission.ts',
      'src/plugins/formBuilder/lib/{assertSubmissionData,verifyFormToken,signFormToken}.ts',
    ],
    suites: ['tests/unit/formSubmissions.spec.ts', 'tests/int/forms.int.spec.ts'],
  },
  input: {
    mutate: ['src/lib/inspectInput.ts', 'src/plugins/strictInput/index.ts'],
    suites: ['tests/unit/inspectInput.spec.ts', 'tests/unit/inspectInputValues.spec.ts', 'tests/unit/strictInput.spec.ts'],
  },
  images: {
    mutate: ['src/images/{imageParameters,negotiateFormat,transformQueue,variantCache}.ts'],
    suites: ['tests/unit/images.spec.ts'],
  },
  redirects: {
    mutate: ['src/plugins/redirects/hooks/validateRedirect.ts', 'src/plugins/redirects/lib/normalizeRedirectPath.ts'],
    suites: ['tests/int/redirects.int.spec.ts'],
  },
  publishing: {
    mutate: ['src/plugins/scheduledPublishing/lib/requirePublishPermission.ts'],
    suites: ['tests/int/scheduledPublishing.int.spec.ts'],
  },
}

/** The group a run is for (FOLIO_MUTATE_GROUP), or undefined for all of them at once. */
export function currentMutationGroup() {
  const name = process.env.FOLIO_MUTATE_GROUP
  if (!name) return undefined
  const group = mutationGroups[name]
  if (!group) throw new Error(`FOLIO_MUTATE_GROUP: no group "${name}" (groups: ${Object.keys(mutationGroups).join(', ')})`)
  return { name, ...group }
}
