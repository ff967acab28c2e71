import { APIError, ValidationError, type CollectionBeforeOperationHook, type Config, type FlattenedField, type PayloadRequest } from 'payload'
import { describe, expect, it, vi } from 'vitest'

import { ClientError } from '@/errors/ClientError'
import { ErrorCode } from '@/errors/errorCodes'
import { UnknownFieldsError } from '@/errors/UnknownFieldsError'
import { strictInput } from '@/plugins/strictInput'

/**
 * The strictInput plugin's hooks, called as Payload calls them: a collection's beforeOperation
 * and a global's beforeValidate, with a request whose `payload` holds the stored documents and
 * answers `find` on `id in [...]` as the Local API does.
 */

const fields = [
  { name: 'title', type: 'text' },
  { name: 'category', type: 'relationship', relationTo: 'categories' },
  { name: 'tags', type: 'relationship', relationTo: 'categories', hasMany: true },
  { name: 'image', type: 'upload', relationTo: 'media' },
  { name: 'archived', type: 'relationship', relationTo: 'old-posts' },
] as unknown as FlattenedField[]

const ids = {
  news: '6b049fe812af98e4c77b9701',
  sport: '6b049fe812af98e4c77b9702',
  photo: '6b049fe812af98e4c77b9703',
  gone: '6b049fe812af98e4c77b9799',
  goneImage: '6b049fe812af98e4c77b9798',
}

const existingCollectionHook = vi.fn()
const existingGlobalHook = vi.fn()

const config = {
  collections: [
    { slug: 'posts', fields: [], hooks: { beforeOperation: [existingCollectionHook] } },
    { slug: 'form-submissions', fields: [] },
  ],
  globals: [{ slug: 'site-settings', fields: [], hooks: { beforeValidate: [existingGlobalHook] } }],
} as unknown as Config

type Hook = (args: Record<string, unknown>) => Promise<unknown>

/** The config with the plugin, built inside each test: a plugin that fails to build fails tests, not the file's loading. */
function plug() {
  const plugged = strictInput({ valuesCheckedElsewhere: ['form-submissions'] })(config)
  const collectionHook = plugged.collections![0].hooks!.beforeOperation![0] as unknown as Hook
  const globalHook = plugged.globals![0].hooks!.beforeValidate![0] as unknown as Hook
  return { plugged, collectionHook, globalHook }
}

/** The collections Payload knows, with the ids of their documents; `old-posts` is not one of them. */
function requestFrom(payloadAPI: PayloadRequest['payloadAPI'] = 'REST') {
  const stored: Record<string, string[]> = { categories: [ids.news, ids.sport], media: [ids.photo] }
  const find = vi.fn(({ collection, where }: { collection: string; where: { id: { in: string[] } } }) => {
    if (!(collection in stored)) return Promise.reject(new APIError(`The collection with slug ${collection} can't be found. Find Operation.`))
    return Promise.resolve({ docs: stored[collection].filter((id) => where.id.in.includes(id)).map((id) => ({ id })) })
  })
  const req = { payloadAPI, payload: { collections: Object.fromEntries(Object.keys(stored).map((slug) => [slug, {}])), find } } as unknown as PayloadRequest
  return { req, find }
}

type WriteOptions = { operation?: string; slug?: string; payloadAPI?: PayloadRequest['payloadAPI'] }

function write(data: unknown, { operation = 'create', slug = 'posts', payloadAPI = 'REST' }: WriteOptions = {}) {
  const { req, find } = requestFrom(payloadAPI)
  const args = { collection: { config: { slug } }, data, req }
  const { collectionHook } = plug()
  const run = () => collectionHook({ args, collection: { slug, flattenedFields: fields }, context: {}, operation, overrideAccess: false, req } satisfies Record<keyof Parameters<CollectionBeforeOperationHook>[0], unknown>)
  return { args, req, find, run }
}

function writeGlobal(data: unknown, payloadAPI: PayloadRequest['payloadAPI'] = 'REST') {
  const { req, find } = requestFrom(payloadAPI)
  const { globalHook } = plug()
  const run = () => globalHook({ data, global: { slug: 'site-settings', flattenedFields: fields }, req, context: {}, originalDoc: {} })
  return { req, find, run }
}

async function refusal(run: () => Promise<unknown>): Promise<APIError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error, 'the write was let through').toBeInstanceOf(APIError)
  return error as APIError
}

describe('strictInput: the plugin', () => {
  it('puts its hooks before those a collection or global already has, keeping them', () => {
    const { plugged, collectionHook, globalHook } = plug()
    expect(plugged.collections![0].hooks!.beforeOperation).toEqual([expect.any(Function), existingCollectionHook])
    expect(plugged.collections![1].hooks!.beforeOperation).toEqual([collectionHook])
    expect(plugged.globals![0].hooks!.beforeValidate).toEqual([globalHook, existingGlobalHook])
  })

  it('is on unless disabled, and when disabled leaves the config as it was', () => {
    expect(strictInput()(config).collections![1].hooks!.beforeOperation).toHaveLength(1)
    expect(strictInput({ disabled: true })(config)).toBe(config)
  })
})

describe('strictInput: collection writes', () => {
  it('refuses unknown fields on an API create with 400 naming every one', async () => {
    const error = await refusal(write({ title: 'Hi', titel: 'Hi', colour: 'red' }).run)
    expect(error).toBeInstanceOf(UnknownFieldsError)
    expect(error.status).toBe(400)
    expect(error.data).toEqual({ unknownFields: ['titel', 'colour'] })
  })

  it('checks updates as it checks creates, and GraphQL writes as REST ones', async () => {
    expect(await refusal(write({ titel: 'Hi' }, { operation: 'update' }).run)).toBeInstanceOf(UnknownFieldsError)
    expect(await refusal(write({ titel: 'Hi' }, { payloadAPI: 'GraphQL' }).run)).toBeInstanceOf(UnknownFieldsError)
  })

  it('lets the Local API write what it likes: Folio’s own writes are not checked', async () => {
    const { args, run, find } = write({ titel: 5, category: ids.gone }, { payloadAPI: 'local' })
    await expect(run()).resolves.toBe(args)
    expect(find).not.toHaveBeenCalled()
  })

  it.each(['read', 'delete', 'login', 'forgotPassword'])('leaves a %s operation as it came', async (operation) => {
    const { args, run } = write(undefined, { operation })
    await expect(run()).resolves.toBe(args)
  })

  it('hands a write without data (multipart without _payload) an empty object to work on', async () => {
    const { args, run } = write(undefined)
    await expect(run()).resolves.toEqual({ ...args, data: {} })
    expect(args.data).toBeUndefined()
  })

  it.each([
    ['a number', 5],
    ['text', '{"title":"Hi"}'],
    ['null', null],
    ['a list', [{ title: 'Hi' }]],
    ['false', false],
  ])('refuses data that is %s with 400 INVALID_BODY', async (_name, data) => {
    const error = await refusal(write(data).run)
    expect(error).toBeInstanceOf(ClientError)
    expect(error.status).toBe(400)
    expect((error as ClientError).code).toBe(ErrorCode.InvalidBody)
    expect(error.message).toBe('The data of a write must be a JSON object (for uploads: the `_payload` field)')
  })

  it('lets a well-formed write through as it came, after finding each related document', async () => {
    const { args, run } = write({ title: 'Hi', category: ids.news, tags: [ids.sport, ids.news], image: { id: ids.photo } })
    await expect(run()).resolves.toBe(args)
  })

  it('refuses values of the wrong type and malformed ids with 400 naming each path, without looking anything up', async () => {
    const { run, find } = write({ title: 5, category: 'nope', tags: [ids.gone, 42] })
    const error = await refusal(run)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.status).toBe(400)
    expect(error.data).toEqual({
      collection: 'posts',
      errors: [
        { path: 'title', message: 'must be text' },
        { path: 'category', message: '"nope" is not a valid document id' },
        { path: 'tags', message: '42 is not a valid document id' },
      ],
    })
    expect(find).not.toHaveBeenCalled()
  })

  it('refuses relations to documents that do not exist, naming each, with one query per collection', async () => {
    const { run, find, req } = write({ category: ids.gone, tags: [ids.news, ids.gone, ids.sport], image: ids.goneImage })
    const error = await refusal(run)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.data).toEqual({
      collection: 'posts',
      errors: [
        { path: 'category', message: `${ids.gone} is not a document in categories` },
        { path: 'tags', message: `${ids.gone} is not a document in categories` },
        { path: 'image', message: `${ids.goneImage} is not a document in media` },
      ],
    })
    // Every id once; ids only; whatever the writer may read; in the write's own transaction.
    expect(find.mock.calls).toEqual([
      [{ collection: 'categories', where: { id: { in: [ids.gone, ids.news, ids.sport] } }, limit: 3, depth: 0, pagination: false, select: {}, overrideAccess: true, req }],
      [{ collection: 'media', where: { id: { in: [ids.goneImage] } }, limit: 1, depth: 0, pagination: false, select: {}, overrideAccess: true, req }],
    ])
  })

  it('does not look up relations to a collection Payload does not have', async () => {
    const { args, run, find } = write({ archived: ids.gone, category: ids.news })
    await expect(run()).resolves.toBe(args)
    expect(find.mock.calls.map(([query]) => query.collection)).toEqual(['categories'])
  })

  it('leaves values and relations to collections that check them elsewhere, but still refuses unknown fields there', async () => {
    const { args, run, find } = write({ title: 5, category: ids.gone }, { slug: 'form-submissions' })
    await expect(run()).resolves.toBe(args)
    expect(find).not.toHaveBeenCalled()
    const error = await refusal(write({ titel: 'x' }, { slug: 'form-submissions' }).run)
    expect(error.data).toEqual({ unknownFields: ['titel'] })
  })
})

describe('strictInput: global writes', () => {
  it('refuses unknown fields, values of the wrong type and missing relations on an API write to a global', async () => {
    expect((await refusal(writeGlobal({ titel: 'x' }).run)).data).toEqual({ unknownFields: ['titel'] })
    const error = await refusal(writeGlobal({ title: 5 }).run)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.data).toEqual({ global: 'site-settings', errors: [{ path: 'title', message: 'must be text' }] })
    expect((await refusal(writeGlobal({ category: ids.gone }).run)).data).toEqual({
      global: 'site-settings',
      errors: [{ path: 'category', message: `${ids.gone} is not a document in categories` }],
    })
  })

  it('returns the data of a well-formed global write as it came', async () => {
    const data = { title: 'Site', category: ids.news }
    await expect(writeGlobal(data).run()).resolves.toBe(data)
  })

  it('lets the Local API write a global unchecked, and passes a write without data on', async () => {
    const data = { titel: 5 }
    await expect(writeGlobal(data, 'local').run()).resolves.toBe(data)
    await expect(writeGlobal(undefined).run()).resolves.toBeUndefined()
  })
})
