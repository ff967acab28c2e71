type Status = { _status?: unknown } | null | undefined

type Args = {
  hasDrafts: boolean
  /** The latest version before the change (Payload's `previousDoc`), and after it. */
  before: Status
  after: Status
  /** The stored document was published before the change. */
  wasPublished: boolean | undefined
  /** The stored document's status now; read only when it decides. */
  readStoredStatus: () => Promise<unknown>
}

/**
 * `publish` when the latest version becomes published (from a draft, or a newer draft over a
 * published document); `unpublish` when the published document goes back to draft (a draft saved
 * over a published document leaves it published, so the stored status decides); else `update`.
 */
export async function publicationAction({ hasDrafts, before, after, wasPublished, readStoredStatus }: Args): Promise<'publish' | 'unpublish' | 'update'> {
  if (!hasDrafts) return 'update'
  if (after?._status === 'published' && before?._status !== 'published') return 'publish'
  if (wasPublished && after?._status === 'draft' && (await readStoredStatus()) !== 'published') return 'unpublish'
  return 'update'
}
