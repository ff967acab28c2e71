import type { WebhookEventBody } from '../types'

const MAX_EVENTS = 1000

/** Bodies of the events this process stored lately: their deliveries usually run here too. */
const recent = new Map<string, WebhookEventBody>()

export function rememberEvent(id: string, body: WebhookEventBody): void {
  recent.set(id, body)
  if (recent.size > MAX_EVENTS) recent.delete(recent.keys().next().value as string)
}

export function recallEvent(id: string): WebhookEventBody | undefined {
  return recent.get(id)
}
