'use client'
import { Button, toast, useDocumentInfo, useFormFields } from '@payloadcms/ui'
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
  // Set by the server the one time the secret is shown: after that only rotating shows a secret.
  const shownAt = useFormFields(([fields]) => fields.secretShownAt?.value) as string | null | undefined

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
        <p className="field-description" data-testid="webhook-secret-status">
          Receivers verify deliveries with this secret (Standard Webhooks, HMAC-SHA256).
          {shownAt ? ` It was shown on ${new Date(shownAt).toLocaleString()}; rotate it to see a new one.` : ''}
        </p>
      )}
      <div style={{ display: 'flex', gap: '8px', flexWrap: 'wrap' }}>
        {!secret && !shownAt && (
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
