import type { CollectionBeforeOperationHook, Config } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { ErrorCode } from '@/errors/errorCodes'
import { isApiRequest } from '@/lib/isApiRequest'
import { addHooks } from '../addHooks'
import { inspectJoins, inspectSort, inspectWhere } from './lib/inspectQuery'

type Options = { disabled?: boolean }

const QUERY_OPERATIONS = new Set(['read', 'count', 'update', 'delete', 'findVersions', 'countVersions', 'readDistinct'])

const checkQuery: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  if (!QUERY_OPERATIONS.has(operation) || !isApiRequest(req)) return args
  const { where, sort, joins } = args as { where?: unknown; sort?: unknown; joins?: unknown }
  const target = { payload: req.payload, fields: collection.flattenedFields, isVersions: operation === 'findVersions' || operation === 'countVersions' }
  const problem = inspectWhere(target, where) ?? inspectSort(target, sort) ?? inspectJoins(target, joins)
  if (problem) throw new ClientError(problem, 400, { code: ErrorCode.InvalidQuery })
  return args
}

/**
 * Payload checks that `where` paths exist, but hands the database operators that do not fit the
 * field (`near` on a title, `equals` given an object, `$gt` smuggled inside a value), sorts
 * by fields that do not exist, and the paths of a join into several collections without a word.
 * This plugin answers such REST and GraphQL queries with a 400 naming the condition.
 */
export const strictQuery =
  ({ disabled = false }: Options = {}) =>
  (config: Config): Config =>
    disabled ? config : addHooks(config, { placement: 'first', lateCollections: true, collections: { beforeOperation: [checkQuery] } })
