import { AsyncLocalStorage } from 'node:async_hooks'

/** What one request read while it was being answered. */
export type Dependencies = {
  tags: Set<string>
  /** Set when the request read something no tag describes (versions, drafts): not cached. */
  uncacheable: boolean
  /** Set when Payload authenticated a user for the request: the answer is theirs alone. */
  answeredForUser: boolean
}

const scope = new AsyncLocalStorage<Dependencies>()

/** Runs `work` recording every database read it makes (withCacheInvalidation). */
export function runWithDependencies<T>(work: () => Promise<T>): Promise<{ result: T; dependencies: Dependencies }> {
  const dependencies: Dependencies = { tags: new Set(), uncacheable: false, answeredForUser: false }
  return scope.run(dependencies, async () => ({ result: await work(), dependencies }))
}

/** Whether a cacheable request is being answered here, so reads are worth describing. */
export function isRecordingDependencies(): boolean {
  return scope.getStore() !== undefined
}

export function recordDependencies(tags: Iterable<string>): void {
  const dependencies = scope.getStore()
  if (!dependencies) return
  for (const tag of tags) dependencies.tags.add(tag)
}

export function markUncacheable(): void {
  const dependencies = scope.getStore()
  if (dependencies) dependencies.uncacheable = true
}

export function markAnsweredForUser(): void {
  const dependencies = scope.getStore()
  if (dependencies) dependencies.answeredForUser = true
}
