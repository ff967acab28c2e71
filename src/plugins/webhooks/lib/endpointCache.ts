import { getCurrentDate, type Payload } from 'payload'

import { WEBHOOKS } from '../constants'
import type { EndpointRecord } from './deliveryRecords'

/**
 * Endpoints read once a second at most per process, instead of once per event and per delivery.
 * Folio's own changes to endpoints clear it at once; another instance's within a second (of
 * Payload's job clock, which tests move forward).
 */
const TTL_MS = 1000

type Entry = { loadedAt: number; endpoints: Promise<EndpointRecord[]> }

const cache = new WeakMap<Payload, Entry>()

export function forgetEndpoints(payload: Payload): void {
  cache.delete(payload)
}

/** Every endpoint, with its secrets. */
export function loadEndpoints(payload: Payload): Promise<EndpointRecord[]> {
  const entry = cache.get(payload)
  if (entry && getCurrentDate().getTime() - entry.loadedAt < TTL_MS) return entry.endpoints
  const endpoints = payload.db
    .find({ collection: WEBHOOKS, limit: 0, pagination: false })
    .then(({ docs }) => (docs as unknown as EndpointRecord[]).map((doc) => ({ ...doc, id: String(doc.id) })))
  endpoints.catch(() => forgetEndpoints(payload))
  cache.set(payload, { loadedAt: getCurrentDate().getTime(), endpoints })
  return endpoints
}

export async function findEndpoint(payload: Payload, id: string): Promise<EndpointRecord | null> {
  return (await loadEndpoints(payload)).find((endpoint) => endpoint.id === id) ?? null
}
