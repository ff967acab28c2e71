import { boundedMap } from '@/lib/boundedMap'
import type { WebhookEventBody } from '../types'

/** Bodies of the events this process stored lately: their deliveries usually run here too. */
const recent = boundedMap<string, WebhookEventBody>(1000)

export function rememberEvent(id: string, body: WebhookEventBody): void {
  recent.set(id, body)
}

export function recallEvent(id: string): WebhookEventBody | undefined {
  return recent.get(id)
}
