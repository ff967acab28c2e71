import type { Access, CollectionBeforeOperationHook, Where } from 'payload'

import { SelectionRefused } from '@/errors/SelectionRefused'

const NAMED = 3
/** How much of a large selection is read to name what the user may not change. */
const SAMPLE = 500

const VERB: Record<'delete' | 'update', { infinitive: string; past: string }> = {
  delete: { infinitive: 'delete', past: 'deleted' },
  update: { infinitive: 'change', past: 'changed' },
}

/**
 * A bulk delete or update (the admin's Delete, Publish, Unpublish and Edit on a selection) made
 * for a user whose access is a row rule (an author and their own posts): Payload would quietly
 * skip the documents the rule leaves out and answer "0 … successfully". Folio refuses the whole
 * selection instead, naming the documents the user may not change, and changes nothing.
 */
export const refuseUnreachableSelection: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (operation !== 'delete' && operation !== 'update') return args
  const { where, id, overrideAccess } = args as { where?: Where; id?: unknown; overrideAccess?: boolean }
  if (!where || id !== undefined || overrideAccess === true || !req.user) return args
  const access = collection.access[operation] as Access | undefined
  const rule = access ? await access({ req }) : true
  if (typeof rule !== 'object') return args
  const base = { collection: collection.slug, req, overrideAccess: true, depth: 0 } as const
  const [{ totalDocs: selected }, { totalDocs: allowed }] = await Promise.all([
    req.payload.count({ ...base, where }),
    req.payload.count({ ...base, where: { and: [where, rule] } }),
  ])
  if (selected === allowed) return args
  const titleField = collection.admin?.useAsTitle ?? 'id'
  const { docs: sample } = await req.payload.find({ ...base, where, limit: SAMPLE, pagination: false, select: { [titleField]: true } })
  const { docs: reachable } = await req.payload.find({
    ...base,
    where: { and: [{ id: { in: sample.map((doc) => doc.id) } }, rule] },
    limit: SAMPLE,
    pagination: false,
    select: {},
  })
  const reachableIds = new Set(reachable.map((doc) => String(doc.id)))
  const names = sample
    .filter((doc) => !reachableIds.has(String(doc.id)))
    .slice(0, NAMED)
    .map((doc) => {
      const title = (doc as unknown as Record<string, unknown>)[titleField]
      return `"${typeof title === 'string' && title ? title : String(doc.id)}"`
    })
  const more = selected - allowed > names.length ? ` and ${selected - allowed - names.length} more` : ''
  const verb = VERB[operation]
  const label = collection.labels?.plural
  const plural = typeof label === 'string' ? label.toLowerCase() : collection.slug
  throw new SelectionRefused(
    `You may not ${verb.infinitive} ${selected - allowed} of the ${selected} selected ${plural}: ${names.join(', ')}${more}. Nothing was ${verb.past}.`,
  )
}
