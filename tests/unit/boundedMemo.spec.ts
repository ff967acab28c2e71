import { describe, expect, it } from 'vitest'

import { boundedMemo } from '@/lib/boundedMemo'

describe('boundedMemo', () => {
  it('computes each argument once while it is remembered, and forgets the oldest beyond its bound', () => {
    const computed: string[] = []
    const upper = boundedMemo((key: string) => {
      computed.push(key)
      return key.toUpperCase()
    }, 2)
    expect([upper('a'), upper('b'), upper('a'), upper('b')]).toEqual(['A', 'B', 'A', 'B'])
    expect(computed).toEqual(['a', 'b'])
    // A third argument pushes out the first computed; the second stays.
    expect(upper('c')).toBe('C')
    expect(upper('b')).toBe('B')
    expect(computed).toEqual(['a', 'b', 'c'])
    expect(upper('a')).toBe('A')
    expect(computed).toEqual(['a', 'b', 'c', 'a'])
  })

  it('remembers undefined answers too', () => {
    let calls = 0
    const nothing = boundedMemo(() => {
      calls += 1
      return undefined
    }, 4)
    nothing('x')
    nothing('x')
    expect(calls).toBe(1)
  })
})
