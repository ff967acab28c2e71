import type dns from 'node:dns'
import type { LookupFunction } from 'node:net'

import { describe, expect, it } from 'vitest'

import { checkWebhookUrl } from '@/plugins/webhooks/lib/checkWebhookUrl'
import { type AddressPolicy, createAddressPolicy } from '@/plugins/webhooks/lib/createAddressPolicy'
import { guardedLookup, RefusedAddressError } from '@/plugins/webhooks/lib/guardedLookup'
import { isPrivateAddress } from '@/plugins/webhooks/lib/isPrivateAddress'

const refusedBecause = (hostname: string, address: string) =>
  `${hostname} resolves to ${address}, a loopback, private, link-local or metadata address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`

describe('isPrivateAddress', () => {
  it('looks through IPv4-mapped IPv6 addresses, however they are written', () => {
    for (const mapped of ['::ffff:127.0.0.1', '::FFFF:10.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:169.254.169.254', '::ffff:192.168.255.255']) {
      expect(isPrivateAddress(mapped), mapped).toBe(true)
    }
    for (const mapped of ['::ffff:93.184.216.34', '::FFFF:8.8.8.8', '::ffff:5db8:d822']) expect(isPrivateAddress(mapped), mapped).toBe(false)
  })

  it('only unwraps the mapped prefix: a public IPv6 address written with a dotted tail stays public', () => {
    expect(isPrivateAddress('2606:4700::ffff:10.0.0.1')).toBe(false)
    expect(isPrivateAddress('2606:4700::127.0.0.1')).toBe(false)
  })

  it('treats anything that is not an IP address as private, so it is refused rather than trusted', () => {
    for (const text of ['', 'localhost', 'not-an-address', '999.1.1.1', '10.0.0', '::ffff:8.8.8.8x', '::ffff:8.8.8.8.8', ' 8.8.8.8']) {
      expect(isPrivateAddress(text), JSON.stringify(text)).toBe(true)
    }
  })
})

describe('the address policy', () => {
  it('allows public addresses whatever the list says', () => {
    expect(createAddressPolicy([]).refusal('example.com', '93.184.216.34')).toBeUndefined()
    expect(createAddressPolicy([]).refusal('example.com', '2606:4700:4700::1111')).toBeUndefined()
    expect(createAddressPolicy(['10.0.0.0/8']).refusal('example.com', '8.8.8.8')).toBeUndefined()
  })

  it('names the host and the address it refuses, and where to allow it', () => {
    expect(createAddressPolicy([]).refusal('hooks.internal', '10.9.9.9')).toBe(refusedBecause('hooks.internal', '10.9.9.9'))
    expect(createAddressPolicy(['other.internal']).refusal('Hooks.Internal', 'fd00::1')).toBe(refusedBecause('Hooks.Internal', 'fd00::1'))
  })

  it('allows a listed IPv4 address under any name, and no other address', () => {
    const policy = createAddressPolicy(['10.0.0.5'])
    expect(policy.refusal('hooks.internal', '10.0.0.5')).toBeUndefined()
    expect(policy.refusal('10.0.0.5', '10.0.0.5')).toBeUndefined()
    expect(policy.refusal('hooks.internal', '::ffff:10.0.0.5')).toBeUndefined()
    expect(policy.refusal('hooks.internal', '10.0.0.6')).toBe(refusedBecause('hooks.internal', '10.0.0.6'))
    expect(policy.refusal('hooks.internal', '127.0.0.1')).toBe(refusedBecause('hooks.internal', '127.0.0.1'))
  })

  it('allows a listed IPv6 address, bracketed or not, and no other address', () => {
    for (const entry of ['fd00::1', '[fd00::1]', 'FD00::1']) {
      const policy = createAddressPolicy([entry])
      expect(policy.refusal('hooks.internal', 'fd00::1'), entry).toBeUndefined()
      expect(policy.refusal('[fd00::1]', 'fd00::1'), entry).toBeUndefined()
      expect(policy.refusal('hooks.internal', 'fd00::2'), entry).toBe(refusedBecause('hooks.internal', 'fd00::2'))
      expect(policy.refusal('hooks.internal', '::1'), entry).toBe(refusedBecause('hooks.internal', '::1'))
    }
  })

  it('allows every address of a listed range, IPv4 or IPv6, and none outside it', () => {
    const policy = createAddressPolicy(['172.16.0.0/12', 'fd00:ec2::/32'])
    expect(policy.refusal('hooks.internal', '172.16.0.1')).toBeUndefined()
    expect(policy.refusal('hooks.internal', '172.31.255.254')).toBeUndefined()
    expect(policy.refusal('hooks.internal', 'fd00:ec2::254')).toBeUndefined()
    expect(policy.refusal('hooks.internal', '192.168.0.1')).toBe(refusedBecause('hooks.internal', '192.168.0.1'))
    expect(policy.refusal('hooks.internal', 'fd00:ec3::1')).toBe(refusedBecause('hooks.internal', 'fd00:ec3::1'))
  })

  it('allows any address of a listed host name, whatever its case, and only for that name', () => {
    const policy = createAddressPolicy(['Hooks.Internal'])
    expect(policy.refusal('hooks.internal', '10.9.9.9')).toBeUndefined()
    expect(policy.refusal('HOOKS.INTERNAL', 'fe80::1')).toBeUndefined()
    expect(policy.refusal('other.internal', '10.9.9.9')).toBe(refusedBecause('other.internal', '10.9.9.9'))
  })

  it('reads entries the way WEBHOOK_ALLOWED_HOSTS is written: spaces around them are ignored', () => {
    const policy = createAddressPolicy([' hooks.internal ', ' 10.0.0.5', '192.168.0.0/16 ', '\tfd00::/8'])
    expect(policy.refusal('hooks.internal', '127.0.0.1')).toBeUndefined()
    expect(policy.refusal('other.internal', '10.0.0.5')).toBeUndefined()
    expect(policy.refusal('other.internal', '192.168.7.7')).toBeUndefined()
    expect(policy.refusal('other.internal', 'fd12::1')).toBeUndefined()
    expect(policy.refusal('other.internal', '10.0.0.6')).toBe(refusedBecause('other.internal', '10.0.0.6'))
  })

  it('does not cut an entry with a stray bracket into another address', () => {
    // "[fd00::1" and "10.0.0.5]" are typos that allow nothing; trimmed, they would allow fd00:: and 0.0.0.5.
    const policy = createAddressPolicy(['[fd00::1', '10.0.0.5]'])
    expect(policy.refusal('hooks.internal', 'fd00::')).toBe(refusedBecause('hooks.internal', 'fd00::'))
    expect(policy.refusal('hooks.internal', '0.0.0.5')).toBe(refusedBecause('hooks.internal', '0.0.0.5'))
  })

  it('lets no empty entry allow anything: blank or "[]" entries name no host', () => {
    const policy = createAddressPolicy(['', '  ', '[]'])
    expect(policy.refusal('', '127.0.0.1')).toBe(refusedBecause('', '127.0.0.1'))
    expect(policy.refusal('[]', '10.0.0.1')).toBe(refusedBecause('[]', '10.0.0.1'))
  })

  it('refuses an answer that is not an IP address instead of failing', () => {
    expect(createAddressPolicy(['10.0.0.0/8', 'fd00::/8']).refusal('hooks.internal', 'not-an-address')).toBe(refusedBecause('hooks.internal', 'not-an-address'))
  })
})

type LookupAnswer = { error: NodeJS.ErrnoException | null; address: string | dns.LookupAddress[]; family: number | undefined }

/** Calls the guarded lookup the way net.connect does and collects what it answers. */
function lookUp(policy: AddressPolicy, hostname: string, options: Parameters<LookupFunction>[1]): Promise<LookupAnswer> {
  return new Promise((resolve) => guardedLookup(policy)(hostname, options, (error, address, family) => resolve({ error, address, family })))
}

describe('the lookup used while connecting', () => {
  it('answers with the first address and its family, as net.connect expects', async () => {
    const answer = await lookUp(createAddressPolicy(['localhost']), 'localhost', { family: 4 })
    expect(answer).toEqual({ error: null, address: '127.0.0.1', family: 4 })
  })

  it('answers with every address when asked for all of them', async () => {
    const answer = await lookUp(createAddressPolicy(['localhost']), 'localhost', { family: 4, all: true })
    expect(answer.error).toBeNull()
    expect(answer.address).toEqual([{ address: '127.0.0.1', family: 4 }])
  })

  it('asks the resolver for the family requested only', async () => {
    const answer = await lookUp(createAddressPolicy(['localhost']), 'localhost', { family: 6, all: true })
    // Whether localhost has an IPv6 address depends on the machine; an IPv4 one must never come back.
    const addresses = answer.error ? [] : (answer.address as dns.LookupAddress[])
    expect(addresses.map(({ family }) => family).filter((family) => family !== 6)).toEqual([])
  })

  it('refuses a private address with an error net.connect passes on', async () => {
    const answer = await lookUp(createAddressPolicy([]), 'localhost', { all: true })
    expect(answer.error).toBeInstanceOf(RefusedAddressError)
    expect(answer.error?.code).toBe('EREFUSEDADDRESS')
    expect(answer.error?.message).toBe(refusedBecause('localhost', '127.0.0.1'))
  })

  it('hands net.connect no address when it refuses one', async () => {
    const answer = await lookUp(createAddressPolicy([]), 'localhost', { family: 4 })
    expect(answer).toEqual({ error: expect.any(RefusedAddressError), address: '', family: 0 })
  })

  it('hands net.connect no address when the resolver fails', async () => {
    const answer = await lookUp(createAddressPolicy([]), 'receiver.invalid', {})
    expect(answer).toEqual({ error: expect.objectContaining({ code: 'ENOTFOUND' }), address: '', family: 0 })
  })

  it('passes resolver errors on as they are', async () => {
    const answer = await lookUp(createAddressPolicy([]), 'receiver.invalid', {})
    expect(answer.error).not.toBeInstanceOf(RefusedAddressError)
    expect(answer.error?.code).toBe('ENOTFOUND')
  })
})

describe('checkWebhookUrl', () => {
  const policy = createAddressPolicy([])

  it('requires a URL', async () => {
    for (const value of [undefined, null, 42, {}, '', '   ']) expect(await checkWebhookUrl(value, policy), JSON.stringify(value)).toBe('a URL is required')
  })

  it('names a value that is not a URL', async () => {
    expect(await checkWebhookUrl('hooks.example.com/folio', policy)).toBe('"hooks.example.com/folio" is not a valid URL')
  })

  it('accepts http and https only', async () => {
    expect(await checkWebhookUrl('https://93.184.216.34/hook', policy)).toBeUndefined()
    expect(await checkWebhookUrl('http://93.184.216.34/hook', policy)).toBeUndefined()
    expect(await checkWebhookUrl('ftp://93.184.216.34/hook', policy)).toBe('only http and https URLs are allowed, not ftp:')
    expect(await checkWebhookUrl('file:///etc/passwd', policy)).toBe('only http and https URLs are allowed, not file:')
  })

  it('refuses credentials in the URL, user name or password alone included', async () => {
    for (const url of ['https://user:secret@93.184.216.34/hook', 'https://user@93.184.216.34/hook', 'https://:secret@93.184.216.34/hook']) {
      expect(await checkWebhookUrl(url, policy), url).toBe('credentials in the URL are not allowed; use a custom header')
    }
  })

  it('checks IP addresses written in the URL, IPv6 in brackets included', async () => {
    expect(await checkWebhookUrl('http://169.254.169.254/latest/meta-data', policy)).toBe(refusedBecause('169.254.169.254', '169.254.169.254'))
    expect(await checkWebhookUrl('http://[::1]:3000/hook', policy)).toBe(refusedBecause('[::1]', '::1'))
    expect(await checkWebhookUrl('http://[fd00:ec2::254]/latest', policy)).toBe(refusedBecause('[fd00:ec2::254]', 'fd00:ec2::254'))
    expect(await checkWebhookUrl('http://[::ffff:127.0.0.1]/hook', policy)).toBe(refusedBecause('[::ffff:7f00:1]', '::ffff:7f00:1'))
    expect(await checkWebhookUrl('https://[2606:4700:4700::1111]/hook', policy)).toBeUndefined()
    expect(await checkWebhookUrl('http://[fd00::1]/hook', createAddressPolicy(['fd00::1']))).toBeUndefined()
  })

  it('sees through the other ways of writing an IPv4 address', async () => {
    for (const url of ['http://2130706433/hook', 'http://0x7f.1/hook', 'http://0177.0.0.1/hook', 'http://127.1/hook']) {
      expect(await checkWebhookUrl(url, policy), url).toBe(refusedBecause('127.0.0.1', '127.0.0.1'))
    }
  })

  it('accepts a name that does not resolve yet: every delivery checks again', async () => {
    expect(await checkWebhookUrl('https://receiver.invalid/hook', policy)).toBeUndefined()
  })
})
