'use client'
import { Button, toast, useDocumentInfo } from '@payloadcms/ui'
import type React from 'react'
import { useState } from 'react'

import { useApi } from '../../lib/useApi'

/** Sends a finished delivery again, as its next attempt with the same webhook-id. */
export default function ResendDeliveryField(): React.ReactElement | null {
  const { id } = useDocumentInfo()
  const api = useApi()
  const [busy, setBusy] = useState(false)
  if (!id) return null

  const resend = async () => {
    setBusy(true)
    const result = await api<{ message: string }>(`/webhook-deliveries/${id}/resend`, { method: 'POST' })
    setBusy(false)
    if (result.ok) toast.success('Delivery queued again; reload to see the new attempt')
    else toast.error(result.message)
  }

  return (
    <Button buttonStyle="secondary" size="small" disabled={busy} onClick={() => void resend()}>
      Resend
    </Button>
  )
}
