import { AsyncLocalStorage } from 'node:async_hooks'

import type { CacheMark } from './types'

/** A lookup the hit path made and missed: the key it read, and the mark taken right after. */
export type CacheLookup = { key: string; mark: CacheMark }

const scope = new AsyncLocalStorage<CacheLookup>()

/** Runs the rest of a request knowing that `lookup.key` was looked up already and missed. */
export function afterCacheMiss<T>(lookup: CacheLookup, rest: () => T): T {
  return scope.run(lookup, rest)
}

/** The miss of this request's key, if the hit path already looked it up: the store is read once. */
export function knownMiss(key: string): CacheMark | undefined {
  const lookup = scope.getStore()
  return lookup?.key === key ? lookup.mark : undefined
}
