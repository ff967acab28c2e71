import { describe, expect, it } from 'vitest'

import { cacheKey } from '@/cache/cacheKey'
import { carriesCredentials } from '@/cache/carriesCredentials'
import { isCacheableRequest } from '@/cache/isCacheableRequest'

/**
 * The response cache's rule for who is asking, on its own: any Authorization header and any
 * spelling of the auth cookie Payload might accept count as credentials; nothing else does.
 */
describe('carriesCredentials', () => {
  it('counts any Authorization header as credentials, even an empty one', () => {
    for (const authorization of ['JWT abc', 'Bearer abc', 'users API-Key abc', 'nonsense', '']) {
      expect(carriesCredentials(authorization, undefined, 'payload'), JSON.stringify(authorization)).toBe(true)
      expect(carriesCredentials(authorization, 'theme=dark', 'payload'), JSON.stringify(authorization)).toBe(true)
    }
  })

  it('finds no credentials without an Authorization header or any cookie', () => {
    for (const cookie of [undefined, null, '']) {
      expect(carriesCredentials(undefined, cookie, 'payload'), JSON.stringify(cookie)).toBe(false)
      expect(carriesCredentials(null, cookie, 'payload'), JSON.stringify(cookie)).toBe(false)
    }
  })

  it('finds the auth cookie alone, among others, and in Cookie headers joined by Node (;) or by Fetch (,)', () => {
    const spellings = [
      'payload-token=abc',
      'theme=dark; payload-token=abc; lang=en',
      'theme=dark;payload-token=abc',
      'theme=dark, payload-token=abc',
      'payload-token=abc, theme=dark',
      'theme=dark,payload-token=abc',
      'payload-token=',
    ]
    for (const cookie of spellings) expect(carriesCredentials(null, cookie, 'payload'), cookie).toBe(true)
  })

  it('finds the auth cookie whatever the spaces, quotes and case around its name', () => {
    const spellings = [
      'payload-token =abc',
      '   payload-token   =abc',
      '\tpayload-token\t=abc',
      'pay load-token=abc',
      '"payload-token"=abc',
      "'payload-token'=abc",
      '" payload-token "=abc',
      'PAYLOAD-TOKEN=abc',
      'Payload-Token=abc',
      'theme=dark; "PAYLOAD-token" =abc',
    ]
    for (const cookie of spellings) expect(carriesCredentials(undefined, cookie, 'payload'), cookie).toBe(true)
  })

  it('does not mistake other cookies for the auth cookie', () => {
    const others = [
      'theme=dark',
      'theme=dark; lang=en',
      'theme=payload-token',
      'x=payload-token=abc',
      'payload-token-old=abc',
      'my-payload-token=abc',
      'payload=abc',
      'token=abc',
      'payload-tokens=abc',
      'p=abc',
      '=payload-token',
    ]
    for (const cookie of others) expect(carriesCredentials(undefined, cookie, 'payload'), cookie).toBe(false)
  })

  it('looks for the cookie of the configured prefix, in any case', () => {
    expect(carriesCredentials(undefined, 'folio-token=abc', 'folio')).toBe(true)
    expect(carriesCredentials(undefined, 'folio-token=abc', 'Folio')).toBe(true)
    expect(carriesCredentials(undefined, 'FOLIO-TOKEN=abc', 'Folio')).toBe(true)
    expect(carriesCredentials(undefined, 'payload-token=abc', 'folio')).toBe(false)
    expect(carriesCredentials(undefined, '-token=abc', 'folio')).toBe(false)
  })
})

describe('isCacheableRequest', () => {
  const url = new URL('http://folio.test/api/posts?limit=5&depth=1')
  const key = cacheKey(url)

  it('keys an anonymous GET or HEAD by its path and sorted query', () => {
    expect(key).toBe('/api/posts?depth=1&limit=5')
    expect(isCacheableRequest({ method: 'GET', url }, 'payload')).toBe(key)
    expect(isCacheableRequest({ method: 'HEAD', url }, 'payload')).toBe(key)
    expect(isCacheableRequest({ method: 'GET', url, authorization: null, cookie: 'theme=dark' }, 'payload')).toBe(key)
  })

  it('never answers a write from the cache', () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']) {
      expect(isCacheableRequest({ method, url }, 'payload'), method).toBeUndefined()
    }
  })

  it('never answers a request with credentials from the cache', () => {
    expect(isCacheableRequest({ method: 'GET', url, authorization: 'JWT abc' }, 'payload')).toBeUndefined()
    expect(isCacheableRequest({ method: 'HEAD', url, cookie: 'theme=dark; payload-token=abc' }, 'payload')).toBeUndefined()
    expect(isCacheableRequest({ method: 'GET', url, cookie: 'folio-token=abc' }, 'folio')).toBeUndefined()
    expect(isCacheableRequest({ method: 'GET', url, cookie: 'folio-token=abc' }, 'payload')).toBe(key)
  })

  it('never answers a request for drafts from the cache', () => {
    expect(isCacheableRequest({ method: 'GET', url: new URL('http://folio.test/api/posts?draft=true') }, 'payload')).toBeUndefined()
  })
})
