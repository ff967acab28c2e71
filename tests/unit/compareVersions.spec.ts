import { describe, expect, it } from 'vitest'

import { compareVersions } from '@/lib/compareVersions'

describe('compareVersions', () => {
  it.each([
    ['0.1.0', '0.1.0', 0],
    ['0.2.0', '0.1.0', 1],
    ['0.1.0', '0.10.0', -1],
    ['1.0.0', '0.99.99', 1],
    ['1.2', '1.2.0', 0],
    ['v1.2.3', '1.2.3', 0],
    ['1.2.0-beta.1', '1.2.0', -1],
    ['1.2.0', '1.2.0-beta.1', 1],
    ['1.2.0-beta.1', '1.2.0-beta.2', -1],
  ])('orders %s against %s as %i', (a, b, expected) => {
    expect(Math.sign(compareVersions(a, b))).toBe(expected)
  })
})
