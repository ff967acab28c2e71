import { Webhook } from 'standardwebhooks'

export type SigningHeaders = {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/**
 * Standard Webhooks headers for one delivery. While a rotated secret is still valid, both secrets
 * sign, space-separated as the spec allows, so receivers can switch secrets without a gap.
 */
export function signWebhook({ id, timestamp, body, secrets }: { id: string; timestamp: Date; body: string; secrets: string[] }): SigningHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body))
  return {
    'webhook-id': id,
    'webhook-timestamp': Math.floor(timestamp.getTime() / 1000).toString(),
    'webhook-signature': signatures.join(' '),
  }
}
