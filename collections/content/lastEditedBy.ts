import { userStampField } from '@/fields/userStampField'
import { USERS } from '../slugs'

/** Who saved a post's or page's version: each version keeps its own, so the history says who made it. */
export const lastEditedBy = userStampField({
  name: 'lastEditedBy',
  relationTo: USERS,
  label: 'Last edited by',
  description: 'Who saved this version; each version in the history keeps its own.',
  stamp: 'change',
})
