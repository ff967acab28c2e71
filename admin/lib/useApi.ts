'use client'
import { useConfig } from '@payloadcms/ui'
import { useCallback } from 'react'

export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string }

/** Calls Folio's REST API with the editor's session; errors come back as the API's message. */
export function useApi() {
  const {
    config: { serverURL, routes },
  } = useConfig()
  return useCallback(
    async <T,>(path: string, init?: { method?: string; body?: unknown }): Promise<ApiResult<T>> => {
      try {
        const response = await fetch(`${serverURL}${routes.api}${path}`, {
          method: init?.method ?? 'GET',
          credentials: 'include',
          headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
          body: init?.body === undefined ? undefined : JSON.stringify(init.body),
        })
        const data = await response.json().catch(() => ({}))
        if (!response.ok) return { ok: false, message: data?.errors?.[0]?.message ?? `Request failed (${response.status})` }
        return { ok: true, data: data as T }
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : 'Request failed' }
      }
    },
    [serverURL, routes.api],
  )
}
