import type {
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
  CollectionBeforeOperationHook,
  CollectionConfig,
  CollectionSlug,
  Config,
  GlobalBeforeChangeHook,
  GlobalBeforeOperationHook,
  GlobalConfig,
  PayloadRequest,
} from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'
import type { TypedGlobalHook } from '@/lib/TypedGlobalHook'
import { addHooks } from '../addHooks'

/**
 * What the hooks after a save or a delete need to know about it, worked out once per change
 * before it happens, for every plugin that reads it (webhooks, audit log).
 */
export type ChangeContext = {
  /** An autosave of a draft (the admin saving as the editor types). */
  isAutosave: boolean
  /** The stored document, the one the public sees, was published before the change. */
  wasPublished: boolean
  /** The newest version before the change, for collections with versions. */
  previousVersionId: string | null
}

const MARK = 'folio:changeContext'
const contextKey = (entity: string, id: string | number | undefined) => `${MARK}:${entity}:${id ?? ''}`

/** The entity key of a global in `changeOf`. */
export const globalEntity = (slug: string) => `global:${slug}`

function note(req: PayloadRequest, entity: string, id: string | number | undefined, context: Partial<ChangeContext>): void {
  const key = contextKey(entity, id)
  req.context[key] = { isAutosave: false, wasPublished: false, previousVersionId: null, ...(req.context[key] as ChangeContext | undefined), ...context }
}

/** The context of the change of `entity`'s document `id` that this request is making (a global: `globalEntity(slug)`, no id). */
export function changeOf(req: PayloadRequest, entity: string, id?: string | number): ChangeContext {
  return (req.context[contextKey(entity, id)] as ChangeContext | undefined) ?? { isAutosave: false, wasPublished: false, previousVersionId: null }
}

const hasDrafts = (entity: CollectionConfig | GlobalConfig) => Boolean(typeof entity.versions === 'object' && entity.versions?.drafts)

async function latestVersionId(req: PayloadRequest, collection: string, id: string | number): Promise<string | null> {
  const { docs } = await req.payload.db.findVersions({
    collection: collection as CollectionSlug,
    where: { parent: { equals: id } },
    sort: '-updatedAt',
    limit: 1,
    pagination: false,
    req,
  })
  return docs[0] ? String(docs[0].id) : null
}

/** Before the stored document changes: was it published, and which version was the newest. */
async function noteStoredState(req: PayloadRequest, collection: CollectionConfig, id: string | number): Promise<void> {
  const stored = hasDrafts(collection)
    ? await req.payload.db.findOne<{ id: string; _status?: string }>({ collection: collection.slug as CollectionSlug, where: { id: { equals: id } }, select: { _status: true }, req })
    : null
  note(req, collection.slug, id, {
    wasPublished: stored?._status === 'published',
    previousVersionId: collection.versions ? await latestVersionId(req, collection.slug, id) : null,
  })
}

const noteOperation: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  const { id, autosave } = args as { id?: string | number; autosave?: boolean }
  if (operation === 'update' && id !== undefined) note(req, collection.slug, id, { isAutosave: Boolean(autosave) })
  return args
}

const noteBeforeChange: CollectionBeforeChangeHook<StoredDocument> = async ({ collection, data, operation, originalDoc, req }) => {
  if (operation === 'update' && originalDoc?.id !== undefined) await noteStoredState(req, collection, originalDoc.id)
  return data
}

const noteBeforeDelete: CollectionBeforeDeleteHook = async ({ collection, id, req }) => {
  await noteStoredState(req, collection, id)
}

const noteGlobalOperation: TypedGlobalHook<GlobalBeforeOperationHook> = ({ args, global, operation, req }) => {
  if (operation === 'update') note(req, globalEntity(global.slug), undefined, { isAutosave: Boolean(args?.autosave) })
  return args
}

const noteGlobalBeforeChange: TypedGlobalHook<GlobalBeforeChangeHook> = async ({ data, global, req }) => {
  if (hasDrafts(global)) {
    const stored = await req.payload.db.findGlobal<{ _status?: string }>({ slug: global.slug, req })
    note(req, globalEntity(global.slug), undefined, { wasPublished: stored?._status === 'published' })
  }
  return data
}

const isNoted = (entity: CollectionConfig | GlobalConfig) => Boolean(entity.custom?.[MARK])
const markNoted = <T extends CollectionConfig | GlobalConfig>(entity: T): T => (isNoted(entity) ? entity : { ...entity, custom: { ...entity.custom, [MARK]: true } })

/**
 * Works out each change's context (changeOf) before the hooks of the plugins that read it run.
 * Installed by those plugins on the collections and globals they see; a second install adds the
 * hooks only where they are missing.
 */
export function withChangeContext(config: Config): Config {
  const hooked = addHooks(config, {
    placement: 'first',
    only: (_slug, entity) => !isNoted(entity),
    collections: { beforeOperation: [noteOperation], beforeChange: [noteBeforeChange], beforeDelete: [noteBeforeDelete] },
    globals: { beforeOperation: [noteGlobalOperation], beforeChange: [noteGlobalBeforeChange] },
  })
  return { ...hooked, collections: (hooked.collections ?? []).map(markNoted), globals: (hooked.globals ?? []).map(markNoted) }
}
