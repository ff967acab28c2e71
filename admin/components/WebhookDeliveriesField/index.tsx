'use client'
import { Button, toast, useConfig, useDocumentInfo } from '@payloadcms/ui'
import type React from 'react'
import { useCallback, useEffect, useState } from 'react'

import { toLocalInput } from '../../lib/toLocalInput'
import { useApi } from '../../lib/useApi'

type Delivery = {
  id: string
  eventType: string
  status: 'pending' | 'succeeded' | 'failed'
  attempts: number
  statusCode: number | null
  durationMs: number | null
  error: string | null
  nextRetryAt: string | null
  createdAt: string
  isTest: boolean
}

type Summary = {
  endpoint: { enabled: boolean; failingSince: string | null; disabledReason: string | null }
  lastSevenDays: {
    succeeded: number
    failed: number
    pending: number
    successRate: number | null
    testEvents: { succeeded: number; failed: number; pending: number }
  }
  recent: Delivery[]
}

const STATUS_COLOURS: Record<Delivery['status'], string> = { succeeded: 'var(--theme-success-500)', failed: 'var(--theme-error-500)', pending: 'var(--theme-warning-500)' }

const testEventCount = ({ lastSevenDays: { testEvents } }: Summary): number => testEvents.succeeded + testEvents.failed + testEvents.pending

/** The endpoint's recent deliveries and success rate, with test and resend buttons. */
export default function WebhookDeliveriesField(): React.ReactElement | null {
  const { id } = useDocumentInfo()
  const {
    config: { routes },
  } = useConfig()
  const api = useApi()
  const [summary, setSummary] = useState<Summary | null>(null)
  const [since, setSince] = useState(() => toLocalInput(new Date(Date.now() - 24 * 60 * 60 * 1000)))
  const [busy, setBusy] = useState(false)

  const refresh = useCallback(async () => {
    if (!id) return
    // Set in the answer's callback, when it arrives: never while the effect that polls runs.
    await api<Summary>(`/webhooks/${id}/summary`).then((result) => {
      if (result.ok) setSummary(result.data)
    })
  }, [api, id])

  useEffect(() => {
    void refresh()
    const timer = setInterval(() => void refresh(), 5000)
    return () => clearInterval(timer)
  }, [refresh])

  if (!id) return null

  const act = async (path: string, body?: unknown) => {
    setBusy(true)
    const result = await api<{ message: string }>(path, { method: 'POST', body })
    setBusy(false)
    if (result.ok) toast.success(result.data.message)
    else toast.error(result.message)
    await refresh()
  }

  const rate = summary?.lastSevenDays.successRate
  return (
    <section className="webhook-deliveries" data-testid="webhook-deliveries" style={{ margin: 'calc(var(--base) * 2) 0' }}>
      <h3>Deliveries</h3>
      {summary && (
        <p data-testid="webhook-success-rate">
          Last 7 days: {rate === null || rate === undefined ? 'no finished deliveries' : `${Math.round(rate * 1000) / 10}% delivered`} ·{' '}
          {summary.lastSevenDays.succeeded} succeeded · {summary.lastSevenDays.failed} failed · {summary.lastSevenDays.pending} pending
          {summary.endpoint.failingSince ? ` · failing since ${new Date(summary.endpoint.failingSince).toLocaleString()}` : ''}
        </p>
      )}
      {summary && testEventCount(summary) > 0 && (
        <p data-testid="webhook-test-events" className="field-description">
          Test events, not counted above: {summary.lastSevenDays.testEvents.succeeded} succeeded · {summary.lastSevenDays.testEvents.failed} failed ·{' '}
          {summary.lastSevenDays.testEvents.pending} pending
        </p>
      )}
      {summary?.endpoint.disabledReason && !summary.endpoint.enabled && <p style={{ color: 'var(--theme-error-500)' }}>Disabled: {summary.endpoint.disabledReason}</p>}
      <div style={{ display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' }}>
        <Button buttonStyle="secondary" size="small" disabled={busy} onClick={() => void act(`/webhooks/${id}/test`)}>
          Send test event
        </Button>
        <label style={{ display: 'flex', gap: '6px', alignItems: 'center' }}>
          Failed since
          <input type="datetime-local" value={since} onChange={(event) => setSince(event.target.value)} aria-label="Resend failed deliveries since" />
        </label>
        <Button buttonStyle="secondary" size="small" disabled={busy} onClick={() => void act(`/webhooks/${id}/resend-failed`, { since: new Date(since).toISOString() })}>
          Resend failed
        </Button>
      </div>
      <table style={{ width: '100%', marginTop: 'var(--base)', borderCollapse: 'collapse' }}>
        <thead>
          <tr style={{ textAlign: 'left' }}>
            <th>Event</th>
            <th>Status</th>
            <th>Attempt</th>
            <th>Code</th>
            <th>Duration</th>
            <th>Error / next retry</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {summary?.recent.map((delivery) => (
            <tr key={delivery.id} data-testid="webhook-delivery-row" style={{ borderTop: '1px solid var(--theme-elevation-100)' }}>
              <td>
                <a href={`${routes.admin}/collections/webhook-deliveries/${delivery.id}`}>{delivery.eventType}</a>
                {delivery.isTest ? ' (test)' : ''}
              </td>
              <td style={{ color: STATUS_COLOURS[delivery.status] }}>{delivery.status}</td>
              <td>{delivery.attempts}</td>
              <td>{delivery.statusCode ?? '–'}</td>
              <td>{delivery.durationMs === null ? '–' : `${delivery.durationMs} ms`}</td>
              <td>
                {delivery.error ?? ''}
                {delivery.nextRetryAt && delivery.status === 'pending' ? ` (retry ${new Date(delivery.nextRetryAt).toLocaleString()})` : ''}
              </td>
              <td>{new Date(delivery.createdAt).toLocaleString()}</td>
              <td>
                {delivery.status !== 'pending' && (
                  <Button buttonStyle="subtle" size="small" disabled={busy} onClick={() => void act(`/webhook-deliveries/${delivery.id}/resend`)}>
                    Resend
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary && summary.recent.length === 0 && <p>No deliveries yet.</p>}
    </section>
  )
}
