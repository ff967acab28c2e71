import dns from 'node:dns/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { checkWebhookUrl } from '@/plugins/webhooks/lib/checkWebhookUrl'
import { createAddressPolicy } from '@/plugins/webhooks/lib/createAddressPolicy'
import { generateSigningSecret } from '@/plugins/webhooks/lib/generateSigningSecret'
import { guardedLookup } from '@/plugins/webhooks/lib/guardedLookup'
import { isPrivateAddress } from '@/plugins/webhooks/lib/isPrivateAddress'
import { postWebhook } from '@/plugins/webhooks/lib/postWebhook'
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelay } from '@/plugins/webhooks/lib/retryDelay'
import { signWebhook } from '@/plugins/webhooks/lib/signWebhook'

const DAY = 24 * 60 * 60 * 1000

function lookup(hostname: string, allowedHosts: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    guardedLookup(createAddressPolicy(allowedHosts))(hostname, { family: 4 }, (error, address) => (error ? reject(error) : resolve(typeof address === 'string' ? address : address[0].address))),
  )
}

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.0.0.8', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:10.0.0.1', '224.0.0.1'])(
    'treats %s as private',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  )
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('treats %s as public', (address) => expect(isPrivateAddress(address)).toBe(false))
})

describe('the address policy', () => {
  it('allows a private address only when its host, address or range is listed', () => {
    expect(createAddressPolicy([]).refusal('10.0.0.5', '10.0.0.5')).toMatch(/WEBHOOK_ALLOWED_HOSTS/)
    expect(createAddressPolicy(['10.0.0.5']).refusal('10.0.0.5', '10.0.0.5')).toBeUndefined()
    expect(createAddressPolicy(['10.0.0.0/8']).refusal('hooks.internal', '10.9.9.9')).toBeUndefined()
    expect(createAddressPolicy(['hooks.internal']).refusal('hooks.internal', '10.9.9.9')).toBeUndefined()
    expect(createAddressPolicy(['hooks.internal']).refusal('other.internal', '10.9.9.9')).toMatch(/other\.internal resolves to 10\.9\.9\.9/)
    expect(createAddressPolicy([]).refusal('example.com', '93.184.216.34')).toBeUndefined()
  })

  it('checks names while connecting: localhost is refused unless allowed', async () => {
    await expect(lookup('localhost', [])).rejects.toThrow(/localhost resolves to 127\.0\.0\.1/)
    await expect(lookup('localhost', ['localhost'])).resolves.toBe('127.0.0.1')
  })
})

describe('host names that lead to private addresses', () => {
  // A real receiver on the loopback interface, reached by the name `localhost`.
  let receiver: http.Server
  let port = 0
  const received: string[] = []
  beforeAll(async () => {
    receiver = http.createServer((request, response) => {
      received.push(request.url ?? '')
      response.end('ok')
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    port = (receiver.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))

  it('are refused when an endpoint is saved, whichever of their addresses is private', async () => {
    const addresses = (await dns.lookup('localhost', { all: true })).map(({ address }) => address)
    expect(addresses.length).toBeGreaterThan(0)
    // Allow every address but one: the one left must still be found, wherever it comes in the list.
    for (const address of addresses) {
      const others = addresses.filter((other) => other !== address)
      expect(await checkWebhookUrl(`http://localhost:${port}/hook`, createAddressPolicy(others))).toMatch(
        new RegExp(`^localhost resolves to ${address.replace(/[.:]/g, '\\$&')}, a loopback`),
      )
    }
    expect(await checkWebhookUrl(`http://localhost:${port}/hook`, createAddressPolicy(['localhost']))).toBeUndefined()
  })

  it('are refused while connecting, so a name saved when public cannot be re-pointed inside', async () => {
    const send = (allowedHosts: string[]) =>
      postWebhook({ url: `http://localhost:${port}/hook`, headers: {}, body: '{}', timeoutMs: 5000, policy: createAddressPolicy(allowedHosts) })
    const refused = await send([])
    expect(refused.error).toMatch(/^refused: localhost resolves to /)
    expect(refused.statusCode).toBeUndefined()
    expect(received).toEqual([])
    // The same request, allowed, does arrive: the refusal above was the guard, not a dead receiver.
    expect((await send(['localhost'])).statusCode).toBe(200)
    expect(received).toEqual(['/hook'])
  })
})

describe('retries', () => {
  it('spread over more than 3 days', () => {
    const total = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0)
    expect(total).toBeGreaterThan(3 * DAY)
    expect(MAX_ATTEMPTS).toBe(RETRY_DELAYS_MS.length + 1)
  })

  it('wait longer each time, within ±10% jitter, and stop after the last attempt', () => {
    expect(retryDelay(1, () => 0)).toBe(4500)
    expect(retryDelay(1, () => 1)).toBe(5500)
    for (let attempt = 2; attempt < MAX_ATTEMPTS; attempt++) expect(RETRY_DELAYS_MS[attempt - 1]).toBeGreaterThan(RETRY_DELAYS_MS[attempt - 2])
    expect(retryDelay(MAX_ATTEMPTS)).toBeUndefined()
  })
})

describe('signing', () => {
  it('produces headers any Standard Webhooks implementation verifies, with every active secret', () => {
    const [current, previous] = [generateSigningSecret(), generateSigningSecret()]
    const body = JSON.stringify({ type: 'posts.published' })
    const headers = signWebhook({ id: 'msg_1', timestamp: new Date(), body, secrets: [current, previous] })
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2)
    expect(new Webhook(current).verify(body, headers)).toEqual({ type: 'posts.published' })
    expect(new Webhook(previous).verify(body, headers)).toEqual({ type: 'posts.published' })
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow()
    expect(() => new Webhook(current).verify(body.replace('published', 'deleted'), headers)).toThrow()
  })
})
