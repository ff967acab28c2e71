'use client'
import { Button, toast, useDocumentInfo } from '@payloadcms/ui'
import type React from 'react'
import { useState } from 'react'

import { useApi } from '../../lib/useApi'

type SecretAnswer = { secret: string; previousSecretExpiresAt?: string }

/** Shows the signing secret once, and rotates it (the old one keeps signing for 24 hours). */
export default function WebhookSecretField(): React.ReactElement {
  const { id } = useDocumentInfo()
  const api = useApi()
  const [secret, setSecret] = useState<SecretAnswer | null>(null)
  const [busy, setBusy] = useState(false)

  if (!id) {
    return <p className="field-description">The signing secret is generated when the webhook is saved.</p>
  }

  const request = async (path: string) => {
    setBusy(true)
    const result = await api<SecretAnswer>(`/webhooks/${id}/${path}`, { method: 'POST' })
    setBusy(false)
    if (result.ok) setSecret(result.data)
    else toast.error(result.message)
  }

  return (
    <div className="field-type webhook-secret" style={{ marginBottom: 'var(--base)' }}>
      <label className="field-label">Signing secret</label>
      {secret ? (
        <>
          <code data-testid="webhook-secret" style={{ display: 'block', wordBreak: 'break-all', padding: '8px', background: 'var(--theme-elevation-50)' }}>
            {secret.secret}
          </code>
          <p className="field-description">
            Copy it now: it is not shown again.
            {secret.previousSecretExpiresAt ? ` The previous secret keeps signing until ${new Date(secret.previousSecretExpiresAt).toLocaleString()}.` : ''}
          </p>
        </>
      ) : (
        <p className="field-description">Receivers verify deliveries with this secret (Standard Webhooks, HMAC-SHA256).</p>
      )}
      <div style={{ display: 'flex', gap: '8px', flexWrap: 'wrap' }}>
        {!secret && (
          <Button buttonStyle="secondary" size="small" disabled={busy} onClick={() => void request('secret')}>
            Show secret once
          </Button>
        )}
        <Button buttonStyle="secondary" size="small" disabled={busy} onClick={() => void request('rotate-secret')}>
          Rotate secret
        </Button>
      </div>
    </div>
  )
}
