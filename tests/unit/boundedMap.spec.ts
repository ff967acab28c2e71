import { describe, expect, it } from 'vitest'

import { boundedMap } from '@/lib/boundedMap'

describe('boundedMap', () => {
  it('forgets the oldest entry beyond its size, a rewritten one counting as new', () => {
    const map = boundedMap<string, number>(2)
    map.set('a', 1)
    map.set('b', 2)
    map.set('a', 3)
    map.set('c', 4)
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([3, undefined, 4])
  })

  it('hands an entry over once when taken', () => {
    const map = boundedMap<string, number>(2)
    map.set('a', 1)
    expect(map.take('a')).toBe(1)
    expect(map.take('a')).toBeUndefined()
    expect(map.get('a')).toBeUndefined()
  })
})
