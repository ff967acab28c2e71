'use client'
import { useConfig } from '@payloadcms/ui'
import { useCallback } from 'react'

export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string }

/** The message of Folio's error envelope, `{ errors: [{ message }] }`, when the body is one. */
function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return undefined
  const first: unknown = body.errors[0]
  return typeof first === 'object' && first !== null && 'message' in first && typeof first.message === 'string' ? first.message : undefined
}

/**
 * Calls Folio's REST API with the editor's session; errors come back as the API's message. The URL
 * is relative to the admin's own origin, so the panels work at whatever address the admin was opened
 * (127.0.0.1 or localhost, a proxy's name), not only at SERVER_URL.
 */
export function useApi() {
  const {
    config: { routes },
  } = useConfig()
  return useCallback(
    async <T,>(path: string, init?: { method?: string; body?: unknown }): Promise<ApiResult<T>> => {
      try {
        const response = await fetch(`${routes.api}${path}`, {
          method: init?.method ?? 'GET',
          credentials: 'same-origin',
          headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
          body: init?.body === undefined ? undefined : JSON.stringify(init.body),
        })
        const data: unknown = await response.json().catch(() => ({}))
        if (!response.ok) return { ok: false, message: errorMessage(data) ?? `Request failed (${response.status})` }
        return { ok: true, data: data as T }
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : 'Request failed' }
      }
    },
    [routes.api],
  )
}
