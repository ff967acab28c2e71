import {
  ValidationError,
  type CollectionBeforeOperationHook,
  type Config,
  type FlattenedField,
  type GlobalBeforeValidateHook,
  type PayloadRequest,
} from 'payload'

import { ClientError } from '@/errors/ClientError'
import { ErrorCode } from '@/errors/errorCodes'
import { UnknownFieldsError } from '@/errors/UnknownFieldsError'
import { inspectInput, type RelationReference } from '@/lib/inspectInput'
import { isApiRequest } from '@/lib/isApiRequest'
import type { TypedGlobalHook } from '@/lib/TypedGlobalHook'
import { addHooks } from '../addHooks'

type Options = {
  disabled?: boolean
  /**
   * Collections whose own hooks check the values' types and relations, with messages of their
   * own (form submissions: their values and form); only unknown fields are refused for them here.
   */
  valuesCheckedElsewhere?: string[]
}

type Entity = { collection?: string; global?: string }

type FieldError = { path: string; message: string }

/**
 * A write the server makes for itself: the Local API overrides access unless told otherwise, while
 * the REST and GraphQL handlers never do, and a Local API call made on behalf of the client passes
 * `overrideAccess: false` (as Folio's conventions ask).
 */
const isServerWrite = (args: unknown) => (args as { overrideAccess?: boolean }).overrideAccess === true

/** The relations whose documents do not exist: one query per related collection, all at once. */
async function findMissing(relations: RelationReference[], req: PayloadRequest): Promise<FieldError[]> {
  const byCollection = new Map<string, RelationReference[]>()
  for (const relation of relations) byCollection.set(relation.collection, [...(byCollection.get(relation.collection) ?? []), relation])
  const perCollection = await Promise.all([...byCollection].map(([collection, references]) => findMissingIn(collection, references, req)))
  return perCollection.flat()
}

/** The references to documents of one collection that do not exist. */
async function findMissingIn(collection: string, references: RelationReference[], req: PayloadRequest): Promise<FieldError[]> {
  if (!(collection in req.payload.collections)) return []
  const ids = [...new Set(references.map((reference) => reference.id))]
  const { docs } = await req.payload.find({
    collection: collection as never,
    where: { id: { in: ids } },
    limit: ids.length,
    depth: 0,
    pagination: false,
    select: {} as never,
    overrideAccess: true,
    req,
  })
  const found = new Set(docs.map((doc) => String((doc as { id: unknown }).id)))
  return references.filter((reference) => !found.has(reference.id)).map((reference) => ({ path: reference.path, message: `${reference.id} is not a document in ${collection}` }))
}

async function assertAcceptable(fields: FlattenedField[], data: Record<string, unknown>, entity: Entity, req: PayloadRequest, checkValues = true) {
  const { unknownFields, invalidIds, invalidValues, relations } = inspectInput(fields, data)
  if (unknownFields.length > 0) throw new UnknownFieldsError(unknownFields)
  if (!checkValues) return
  const errors: FieldError[] = [
    ...invalidValues,
    ...invalidIds.map(({ path, value }) => ({ path, message: `${JSON.stringify(value)} is not a valid document id` })),
  ]
  if (errors.length === 0) errors.push(...(await findMissing(relations, req)))
  if (errors.length > 0) throw new ValidationError({ ...entity, errors, req })
}

/**
 * Before a write from the API (bulk updates included, whether or not their `where` matches
 * anything): its data must be an object (JSON bodies are checked on arrival; an upload's
 * `_payload` is parsed by Payload itself, and `_payload=5` would reach its file handling) that
 * the schema can take. Writes that Folio's own hooks make within the request (a search entry, an
 * audit entry) override access and carry data the server composed: they are not the client's.
 */
const checkCollectionInput =
  (valuesCheckedElsewhere: string[]): CollectionBeforeOperationHook =>
  async ({ args, collection, operation, req }) => {
    if ((operation !== 'create' && operation !== 'update') || !isApiRequest(req) || isServerWrite(args)) return args
    const data = (args as { data?: unknown }).data
    // A multipart write without `_payload` carries no data: an empty object, which hooks can read
    // and validation refuses by field.
    if (data === undefined) return { ...args, data: {} }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ClientError('The data of a write must be a JSON object (for uploads: the `_payload` field)', 400, { code: ErrorCode.InvalidBody })
    }
    const checkValues = !valuesCheckedElsewhere.includes(collection.slug)
    await assertAcceptable(collection.flattenedFields, data as Record<string, unknown>, { collection: collection.slug }, req, checkValues)
    return args
  }

const checkGlobalInput: TypedGlobalHook<GlobalBeforeValidateHook> = async ({ data, global, req }) => {
  if (data && isApiRequest(req)) await assertAcceptable(global.flattenedFields, data, { global: global.slug }, req)
  return data
}

/**
 * Payload drops keys that match no field without a word, hands values of the wrong type to hooks
 * that then fail (a number for a title breaks slug generation), hands a malformed relation id to
 * the database driver, and stores relations to documents that do not exist. This plugin answers
 * such API writes with 400 naming the offending paths, before anything else runs.
 */
export const strictInput =
  ({ disabled = false, valuesCheckedElsewhere = [] }: Options = {}) =>
  (config: Config): Config =>
    disabled
      ? config
      : addHooks(config, {
          // First, so a misspelt field is reported before any other hook acts on the data.
          placement: 'first',
          collections: { beforeOperation: [checkCollectionInput(valuesCheckedElsewhere)] },
          globals: { beforeValidate: [checkGlobalInput] },
        })
