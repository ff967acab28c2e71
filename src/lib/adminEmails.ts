import type { CollectionSlug, Payload } from 'payload'

/** The addresses of every admin: who Folio emails when something needs one (a webhook disabled, a backup failed). */
export async function adminEmails(payload: Payload, usersCollection = 'users'): Promise<string[]> {
  const { docs } = await payload.db.find({ collection: usersCollection as CollectionSlug, where: { role: { equals: 'admin' } }, limit: 0, pagination: false })
  return (docs as unknown as { email?: string | null }[]).map((admin) => admin.email).filter((email): email is string => Boolean(email))
}
