import {
  ValidationError,
  type CollectionBeforeValidateHook,
  type Config,
  type FlattenedField,
  type GlobalBeforeValidateHook,
  type PayloadRequest,
} from 'payload'

import { UnknownFieldsError } from '../../errors/UnknownFieldsError'
import { inspectInput } from '../../lib/inspectInput'
import { isApiRequest } from '../../lib/isApiRequest'
import { addHooks } from '../addHooks'

type Options = { disabled?: boolean }

type Entity = { collection?: string; global?: string }

function assertAcceptable(fields: FlattenedField[], data: Record<string, unknown>, entity: Entity, req: PayloadRequest) {
  const { unknownFields, invalidIds } = inspectInput(fields, data)
  if (unknownFields.length > 0) throw new UnknownFieldsError(unknownFields)
  if (invalidIds.length > 0) {
    throw new ValidationError({
      ...entity,
      errors: invalidIds.map(({ path, value }) => ({ path, message: `${JSON.stringify(value)} is not a valid document id` })),
      req,
    })
  }
}

const checkCollectionInput: CollectionBeforeValidateHook = ({ collection, data, req }) => {
  if (data && isApiRequest(req)) assertAcceptable(collection.flattenedFields, data, { collection: collection.slug }, req)
  return data
}

const checkGlobalInput: GlobalBeforeValidateHook = ({ data, global, req }) => {
  if (data && isApiRequest(req)) assertAcceptable(global.flattenedFields, data, { global: global.slug }, req)
  return data
}

/**
 * Payload drops keys that match no field without a word, and hands a malformed relation id to the
 * database driver, which fails with a 500. This plugin answers such API writes with 400 naming
 * the offending paths.
 */
export const strictInput =
  ({ disabled = false }: Options = {}) =>
  (config: Config): Config =>
    disabled
      ? config
      : addHooks(config, {
          // First, so a misspelt field is reported before any other hook acts on the data.
          placement: 'first',
          collections: { beforeValidate: [checkCollectionInput] },
          globals: { beforeValidate: [checkGlobalInput] },
        })
