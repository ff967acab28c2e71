// The guard modules `npm run mutate` mutates, in groups, each with the test files that exercise it.
// A mutant runs against its group's files only: a mutant in code that runs at load time (a constant,
// a list of ranges) runs every test of the run, so a run over all guards and all their suites spends
// hours on those alone.
// A mutant that keeps an integration suite's server from starting fails its beforeAll, which skips
// the file's tests, and the runner counts a run without a failed test as Survived. Code that runs
// while the config is built or the server starts (plugins, the database adapter's wrapper) is
// therefore mutated against unit tests that call it directly. Where unit tests cover a module's
// rules (forms, redirects), its group runs those only: an integration suite starts a server for
// every mutant (about 30 s each here), the unit files answer in well under a second.
//
// `equivalent` lists the surviving mutants no test can tell from the real code, each with why.
// A mutant matches an entry by file, Stryker's mutator name, its replacement, and `code` (text of
// the source line it is on); scripts/mutate.mjs prints them apart from the undetected ones and
// names entries that no longer match anything.
/**
 * @typedef {{ file: string, mutator: string, code: string, replacement: string, why: string }} Equivalent
 * @type {Record<string, { mutate: string[], suites: string[], equivalent?: Equivalent[] }>}
 */
export const mutationGroups = {
  access: {
    mutate: ['src/access/*.ts'],
    suites: ['tests/unit/access.spec.ts', 'tests/int/access.int.spec.ts'],
  },
  cache: {
    mutate: ['src/cache/carriesCredentials.ts', 'src/cache/isCacheableRequest.ts'],
    // tests/int/cacheCredentials.int.spec.ts and cache.int.spec.ts check the same rule behind the API.
    suites: ['tests/unit/responseCache.spec.ts', 'tests/unit/cacheCredentials.spec.ts'],
    equivalent: [
      {
        file: 'src/cache/carriesCredentials.ts',
        mutator: 'StringLiteral',
        code: "const name = pair.split('=', 1)[0] ?? ''",
        replacement: '"Stryker was here!"',
        why: "split always returns at least one element (the empty string for an empty pair), so the fallback is there for the type checker only",
      },
    ],
  },
  cacheInvalidation: {
    mutate: ['src/cache/withCacheInvalidation.ts'],
    suites: ['tests/unit/withCacheInvalidation.spec.ts'],
    equivalent: [
      {
        file: 'src/cache/withCacheInvalidation.ts',
        mutator: 'ConditionalExpression',
        code: 'if (isRecordingDependencies()) recordDependencies(readTags(this, methodArgs))',
        replacement: 'true',
        why: 'recordDependencies does nothing outside a recording scope; the check only spares working out the tags of reads no cached answer depends on',
      },
    ],
  },
  webhooks: {
    mutate: ['src/plugins/webhooks/lib/{createAddressPolicy,isPrivateAddress,guardedLookup,checkWebhookUrl,signWebhook,retryDelay}.ts'],
    suites: ['tests/unit/webhookDelivery.spec.ts', 'tests/unit/webhookAddressPolicy.spec.ts', 'tests/unit/webhookPrivateRanges.spec.ts'],
    equivalent: [
      {
        file: 'src/plugins/webhooks/lib/checkWebhookUrl.ts',
        mutator: 'Regex',
        code: "url.hostname.replace(/^\\[|\\]$/g, '')",
        replacement: "/\\[|\\]$/g",
        why: 'a URL\'s hostname has a "[" only as its first character (an IPv6 literal), so anchoring it changes nothing',
      },
      {
        file: 'src/plugins/webhooks/lib/checkWebhookUrl.ts',
        mutator: 'Regex',
        code: "url.hostname.replace(/^\\[|\\]$/g, '')",
        replacement: "/^\\[|\\]/g",
        why: 'a URL\'s hostname has a "]" only as its last character (an IPv6 literal), so anchoring it changes nothing',
      },
      {
        file: 'src/plugins/webhooks/lib/checkWebhookUrl.ts',
        mutator: 'ConditionalExpression',
        code: 'if (net.isIP(hostname)) return policy.refusal(url.hostname, hostname)',
        replacement: 'false',
        why: 'without the shortcut an IP literal goes to dns.lookup, which answers with that same address without asking DNS, so the refusal is the same',
      },
      {
        file: 'src/plugins/webhooks/lib/createAddressPolicy.ts',
        mutator: 'ConditionalExpression',
        code: "if (family !== 0 && allowedAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6')) return undefined",
        replacement: 'true',
        why: 'BlockList.check answers false for a value that is no IP address (it does not throw), so the family guard only saves a call',
      },
    ],
  },
  forms: {
    mutate: [
      'src/plugins/formBuilder/hooks/screenSubmission.ts',
      'src/plugins/formBuilder/lib/{assertSubmissionData,verifyFormToken,signFormToken}.ts',
    ],
    // tests/int/forms.int.spec.ts covers the same rules behind the API; with it, the group ran about 30 s a mutant.
    suites: ['tests/unit/formSubmissions.spec.ts', 'tests/unit/screenSubmission.spec.ts'],
    equivalent: [
      {
        file: 'src/plugins/formBuilder/lib/assertSubmissionData.ts',
        mutator: 'ConditionalExpression',
        code: "if (field.blockType === 'select' && field.options?.length",
        replacement: 'true',
        why: "of the form builder's fields only select has options, so checking the block type adds nothing to field.options?.length",
      },
    ],
  },
  input: {
    mutate: ['src/lib/inspectInput.ts', 'src/plugins/strictInput/index.ts'],
    suites: ['tests/unit/inspectInput.spec.ts', 'tests/unit/inspectInputValues.spec.ts', 'tests/unit/strictInput.spec.ts'],
    equivalent: [
      {
        file: 'src/lib/inspectInput.ts',
        mutator: 'ConditionalExpression',
        code: "if (typeof target !== 'string' || !allowed.includes(target)) return undefined",
        replacement: 'false',
        why: 'the list of allowed collections holds strings only, so a target that is no string is never in it; the typeof check is there to narrow the type',
      },
      {
        file: 'src/lib/inspectInput.ts',
        mutator: 'ArrayDeclaration',
        code: 'checkRow(block?.flattenedFields ?? [], row, BLOCK_KEYS, rowPath, found)',
        replacement: '["Stryker was here"]',
        why: 'there is no block only when the row is not an object, and checkRow reports such a row before it looks at any field',
      },
      {
        file: 'src/plugins/strictInput/index.ts',
        mutator: 'ArrayDeclaration',
        code: '({ disabled = false, valuesCheckedElsewhere = [] }: Options = {}) =>',
        replacement: '["Stryker was here"]',
        why: 'the default list only differs from the mutant for a collection whose slug is "Stryker was here", and slugs have no spaces',
      },
    ],
  },
  images: {
    mutate: ['src/images/{imageParameters,negotiateFormat,transformQueue,variantCache}.ts'],
    suites: ['tests/unit/images.spec.ts'],
    equivalent: [
      {
        file: 'src/images/imageParameters.ts',
        mutator: 'ConditionalExpression',
        code: 'const preset = presetName === undefined ? undefined : IMAGE_PRESETS[presetName]',
        replacement: 'false',
        why: 'IMAGE_PRESETS has no key "undefined", so looking the missing name up gives undefined as well; the check is for the type checker',
      },
      {
        file: 'src/images/imageParameters.ts',
        mutator: 'ConditionalExpression',
        code: '(presetName !== undefined || (width !== undefined && height === undefined',
        replacement: 'true',
        why: 'WIDTH_LADDER holds numbers only, so includes(width) is false for an undefined width anyway',
      },
      ...['ObjectLiteral', 'BooleanLiteral'].map((mutator) => ({
        file: 'src/images/variantCache.ts',
        mutator,
        code: 'await fs.rm(file, { force: true })',
        replacement: mutator === 'ObjectLiteral' ? '{}' : 'false',
        why: 'the half-written file was just listed; force only matters if another process removes it between readdir and rm',
      })),
      {
        file: 'src/images/variantCache.ts',
        mutator: 'MethodExpression',
        code: 'const temporary = ',
        replacement: 'Math.random().toString(36)',
        why: 'the temporary name keeps its ".tmp-" marker and stays unique with or without the "0." of the random number',
      },
    ],
  },
  redirects: {
    mutate: ['src/plugins/redirects/hooks/validateRedirect.ts', 'src/plugins/redirects/lib/normalizeRedirectPath.ts'],
    // tests/int/redirects.int.spec.ts covers the hook behind the API and the lookups, which are not mutated.
    suites: ['tests/unit/redirects.spec.ts'],
    equivalent: [
      {
        file: 'src/plugins/redirects/hooks/validateRedirect.ts',
        mutator: 'Regex',
        code: 'const isSafeURL = ',
        replacement: '/^https?:\\/\\/[^\\s/]/i',
        why: 'test() looks for a prefix: one character of host after the scheme matches wherever more would',
      },
      {
        file: 'src/plugins/redirects/lib/normalizeRedirectPath.ts',
        mutator: 'EqualityOperator',
        code: "[...value].some((char) => char < ' ')",
        replacement: "char <= ' '",
        why: 'the only character it adds is the space, which the /\\s/ test just before already refuses',
      },
      {
        file: 'src/plugins/redirects/lib/normalizeRedirectPath.ts',
        mutator: 'BlockStatement',
        code: '} catch {',
        replacement: '{}',
        why: 'a value that failed to parse still starts with http(s)://, not with /, so the next check returns undefined anyway',
      },
      ...['if (hashAt >= 0)', 'const pathname = queryAt >= 0', 'const search = queryAt >= 0'].map((code) => ({
        file: 'src/plugins/redirects/lib/normalizeRedirectPath.ts',
        mutator: 'EqualityOperator',
        code,
        replacement: code.includes('hashAt') ? 'hashAt > 0' : 'queryAt > 0',
        why: 'the value starts with / by then, so # and ? are never at index 0',
      })),
    ],
  },
  publishing: {
    mutate: ['src/plugins/scheduledPublishing/lib/requirePublishPermission.ts'],
    suites: ['tests/int/scheduledPublishing.int.spec.ts'],
    equivalent: [
      {
        file: 'src/plugins/scheduledPublishing/lib/requirePublishPermission.ts',
        mutator: 'BooleanLiteral',
        code: 'const doc = await req.payload.findByID({',
        replacement: 'false',
        // Both survivors of this line: `draft: false` and `disableErrors: false`.
        why:
          'the lookup only asks whether the document exists for this user. draft: true only swaps in the newest draft\'s contents, never whether a document is found. ' +
          'disableErrors: false makes Payload throw its own NotFound (the same 404 and message) for a missing document, and Forbidden only when read access answers false, ' +
          'which publishedOrStaff (posts and pages) never does for a signed-in user',
      },
    ],
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
