import { describe, expect, it } from 'vitest'

import { corsOriginHeaders, variesByOrigin } from '@/cache/corsOrigin'

describe('the allowed origin of a cached answer', () => {
  it('is * for any origin when CORS allows every origin, and the answer does not vary by it', () => {
    for (const cors of ['*', { origins: '*' }] as const) {
      expect(variesByOrigin(cors)).toBe(false)
      expect(corsOriginHeaders(cors, 'https://a.test')).toEqual([['Access-Control-Allow-Origin', '*']])
      expect(corsOriginHeaders(cors, undefined)).toEqual([['Access-Control-Allow-Origin', '*']])
    }
  })

  it('names a listed caller\'s own origin with credentials, and nothing for others', () => {
    for (const cors of [['https://a.test', 'https://b.test'], { origins: ['https://a.test', 'https://b.test'] }]) {
      expect(variesByOrigin(cors)).toBe(true)
      expect(corsOriginHeaders(cors, 'https://b.test')).toEqual([
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Origin', 'https://b.test'],
      ])
      expect(corsOriginHeaders(cors, 'https://c.test')).toEqual([])
      expect(corsOriginHeaders(cors, null)).toEqual([])
      expect(corsOriginHeaders(cors, '')).toEqual([])
    }
  })

  it('is absent when CORS is off', () => {
    expect(variesByOrigin(undefined)).toBe(false)
    expect(corsOriginHeaders(undefined, 'https://a.test')).toEqual([])
  })
})
