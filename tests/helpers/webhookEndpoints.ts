import type { TestServer } from './startTestServer'
import { waitFor } from './waitFor'

export type CreatedEndpoint = { id: string; secret: string }

/** Creates a webhook endpoint as the admin over REST and reads its secret (the one time it is shown). */
export async function createEndpoint(server: TestServer, data: Record<string, unknown>): Promise<CreatedEndpoint> {
  const created = await server.api('/api/webhooks', { method: 'POST', token: server.admin.token, json: { name: 'Receiver', ...data } })
  if (created.status !== 201) throw new Error(`creating the endpoint failed: ${created.status} ${JSON.stringify(created.body)}`)
  const revealed = await server.api(`/api/webhooks/${created.body.doc.id}/secret`, { method: 'POST', token: server.admin.token })
  if (revealed.status !== 200) throw new Error(`reading the secret failed: ${revealed.status} ${JSON.stringify(revealed.body)}`)
  return { id: created.body.doc.id, secret: revealed.body.secret }
}

export type DeliveryView = {
  id: string
  eventType: string
  webhookId: string
  status: 'pending' | 'succeeded' | 'failed'
  attempts: number
  statusCode?: number | null
  error?: string | null
  responseBody?: string | null
  nextRetryAt?: string | null
  history: { attempt: number; statusCode?: number | null; error?: string | null }[]
}

/** The endpoint's deliveries from the log, oldest first, read over REST as the admin. */
export async function listDeliveries(server: TestServer, endpointId: string): Promise<DeliveryView[]> {
  const response = await server.api(`/api/webhook-deliveries?depth=0&limit=100&sort=createdAt&where[endpoint][equals]=${endpointId}`, { token: server.admin.token })
  if (response.status !== 200) throw new Error(`reading deliveries failed: ${response.status}`)
  return response.body.docs
}

/** Polls the log until `check` holds for the endpoint's deliveries. */
export async function waitForDeliveries(
  server: TestServer,
  endpointId: string,
  check: (deliveries: DeliveryView[]) => boolean,
  timeoutMs = 15_000,
): Promise<DeliveryView[]> {
  let last: DeliveryView[] = []
  const summary = () => JSON.stringify(last.map(({ eventType, status, attempts, error }) => ({ eventType, status, attempts, error })))
  try {
    return await waitFor(async () => {
      last = await listDeliveries(server, endpointId)
      return check(last) ? last : undefined
    }, 'the deliveries to reach the expected state', { timeoutMs, intervalMs: 100 })
  } catch (error) {
    throw new Error(`deliveries did not reach the expected state: ${summary()}`, { cause: error })
  }
}
