import { ReindexButton } from '@payloadcms/plugin-search/client'
import type React from 'react'

import { hasRole } from '@/access/roles'

type Props = React.ComponentProps<typeof ReindexButton> & { user?: { role?: string } | null }

/**
 * The search plugin's Reindex button, shown to admins only: rebuilding the index is theirs
 * (`POST /api/search/reindex` answers 403 to anyone else), so nobody else is offered it.
 */
export default function AdminReindexButton(props: Props) {
  if (!hasRole(props.user, 'admin')) return null
  return <ReindexButton {...props} />
}
