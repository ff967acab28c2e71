import type { PayloadRequest } from 'payload'

export type WebhooksPluginOptions = {
  /** Collections whose changes are sent (created, updated, deleted; published and unpublished with drafts). */
  collections: string[]
  /** A collection whose new documents are sent as `<slug>.received` (form submissions). */
  submissions?: string
  /** Hosts, IPs or CIDR ranges that may be private or loopback addresses. */
  allowedHosts?: string[]
  timeoutMs?: number
  disableAfterMs?: number
  retentionMs?: number
  /** Relationship depth of the document sent in events. */
  documentDepth?: number
  /** Keeps the collections (and their data) but sends nothing. */
  disabled?: boolean
  /** Told when a signing secret is shown or rotated and when an endpoint is disabled or enabled (the audit log). */
  onSecurityEvent?: (req: PayloadRequest, event: WebhookSecurityEvent) => Promise<void>
}

export type WebhookSecurityEvent = {
  action: 'secret-revealed' | 'secret-rotated' | 'endpoint-disabled' | 'endpoint-enabled'
  collection: string
  id: string
  title: string
}

export type ResolvedWebhooksOptions = Required<Omit<WebhooksPluginOptions, 'submissions'>> & { submissions?: string }

export type WebhookEventBody = {
  type: string
  timestamp: string
  data: {
    collection: string | null
    id: string | null
    previousVersionId?: string | null
    /** With several languages: the one the change was made in, and the document is read in. */
    locale?: string
    document: Record<string, unknown> | null
  }
}
