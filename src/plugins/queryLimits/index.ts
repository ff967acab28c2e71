import type { CollectionBeforeOperationHook, Config } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { ErrorCode } from '@/errors/errorCodes'
import { isApiRequest } from '@/lib/isApiRequest'
import { MAX_LIMIT } from '@/lib/queryLimits'
import { addHooks } from '../addHooks'

type Options = { disabled?: boolean }

type ReadArgs = { limit?: number; page?: number; pagination?: boolean; currentDepth?: number; disableErrors?: boolean }

/**
 * Caps list reads from REST and GraphQL alike: at most MAX_LIMIT documents a page, and only
 * signed-in users may ask for everything at once (`limit=0`, or `pagination=false` with no limit).
 * `pagination=false` with a limit is bounded and skips only the count: Payload's storage adapters
 * look a file's document up that way for anonymous visitors.
 */
const enforceReadLimits: CollectionBeforeOperationHook = ({ args, operation, overrideAccess, req }) => {
  const { limit, page, pagination, currentDepth, disableErrors } = args as ReadArgs
  // Relationship population reads (Payload's dataloader: `disableErrors`, or nested `currentDepth`)
  // fetch known ids without pagination; only the client's own query is judged.
  const isPopulation = Boolean(disableErrors || currentDepth)
  if (operation !== 'read' || overrideAccess || isPopulation || !isApiRequest(req)) return args
  if (typeof limit === 'number' && (limit > MAX_LIMIT || limit < 0)) {
    throw new ClientError(`"limit" must be a whole number from 1 to ${MAX_LIMIT}`, 400, { code: ErrorCode.InvalidQuery, data: { parameter: 'limit', value: limit } })
  }
  // REST refuses these in validateApiQuery; GraphQL's `page: 0` would silently become page 1.
  if (page !== undefined && page !== null && (!Number.isInteger(page) || page < 1)) {
    throw new ClientError('"page" must be a whole number from 1', 400, { code: ErrorCode.InvalidQuery, data: { parameter: 'page', value: page } })
  }
  const isUnbounded = limit === 0 || (pagination === false && (limit === undefined || limit === null))
  if (!req.user && isUnbounded) {
    throw new ClientError(
      `Anonymous requests page through results: use "limit" (1 to ${MAX_LIMIT}) and "page", not limit=0 or pagination=false without a limit`,
      400,
      { code: ErrorCode.InvalidQuery, data: { parameter: pagination === false ? 'pagination' : 'limit' } },
    )
  }
  return args
}

export const queryLimits =
  ({ disabled = false }: Options = {}) =>
  (config: Config): Config =>
    disabled ? config : addHooks(config, { lateCollections: true, collections: { beforeOperation: [enforceReadLimits] } })
