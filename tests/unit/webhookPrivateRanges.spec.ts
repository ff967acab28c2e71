import { describe, expect, it } from 'vitest'

// Loaded inside each test rather than at the top: the ranges are handed to Node's BlockList while
// the module loads, and a range it rejects must fail these tests, not leave this file with none.
const loadIsPrivateAddress = async () => (await import('@/plugins/webhooks/lib/isPrivateAddress')).isPrivateAddress

// First and last address of every refused IPv4 range, and the public neighbour just outside it.
const IPV4_RANGES: [first: string, last: string, outside: string][] = [
  ['0.0.0.0', '0.255.255.255', '1.0.0.0'],
  ['10.0.0.0', '10.255.255.255', '11.0.0.0'],
  ['100.64.0.0', '100.127.255.255', '100.128.0.0'],
  ['127.0.0.0', '127.255.255.255', '128.0.0.0'],
  ['169.254.0.0', '169.254.255.255', '169.255.0.0'],
  ['172.16.0.0', '172.31.255.255', '172.32.0.0'],
  ['192.0.0.0', '192.0.0.255', '192.0.1.0'],
  ['192.0.2.0', '192.0.2.255', '192.0.3.0'],
  ['192.88.99.0', '192.88.99.255', '192.88.100.0'],
  ['192.168.0.0', '192.168.255.255', '192.169.0.0'],
  ['198.18.0.0', '198.19.255.255', '198.20.0.0'],
  ['198.51.100.0', '198.51.100.255', '198.51.101.0'],
  ['203.0.113.0', '203.0.113.255', '203.0.114.0'],
  ['224.0.0.0', '239.255.255.255', '223.255.255.255'],
  ['240.0.0.0', '255.255.255.255', '223.255.255.254'],
]

describe('the ranges webhooks may not reach', () => {
  // The IPv4 ranges above, then the IPv6 ones.
  it.each<[first: string, last: string, outside: string]>([
    ...IPV4_RANGES,
    ['::', '::', '::2'],
    ['::1', '::1', '::2'],
    ['64:ff9b::', '64:ff9b::ffff:ffff', '64:ff9b::1:0:0'],
    ['100::', '100::ffff:ffff:ffff:ffff', '100:0:0:1::'],
    ['2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db9::'],
    ['2002::', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2003::'],
    ['fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fec0::'],
    ['ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('refuses %s to %s, not %s', async (first, last, outside) => {
    const isPrivateAddress = await loadIsPrivateAddress()
    expect(isPrivateAddress(first)).toBe(true)
    expect(isPrivateAddress(last)).toBe(true)
    expect(isPrivateAddress(outside)).toBe(false)
  })

  it.each(IPV4_RANGES)('refuses %s to %s written as IPv4-mapped IPv6 addresses, not %s', async (first, last, outside) => {
    const isPrivateAddress = await loadIsPrivateAddress()
    expect(isPrivateAddress(`::ffff:${first}`)).toBe(true)
    expect(isPrivateAddress(`::FFFF:${last}`)).toBe(true)
    expect(isPrivateAddress(`::ffff:${outside}`)).toBe(false)
  })
})
