import dns from 'node:dns/promises'
import net from 'node:net'

import type { AddressPolicy } from './createAddressPolicy'

/**
 * Why `raw` cannot be a webhook URL, or undefined. Names that do not resolve are accepted: the
 * receiver may not exist yet, and every delivery checks the addresses again.
 */
export async function checkWebhookUrl(raw: unknown, policy: AddressPolicy): Promise<string | undefined> {
  if (typeof raw !== 'string' || raw.trim() === '') return 'a URL is required'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return `"${raw}" is not a valid URL`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `only http and https URLs are allowed, not ${url.protocol}`
  if (url.username || url.password) return 'credentials in the URL are not allowed; use a custom header'
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  if (net.isIP(hostname)) return policy.refusal(url.hostname, hostname)
  let addresses: { address: string }[]
  try {
    addresses = await dns.lookup(hostname, { all: true })
  } catch {
    return undefined
  }
  return addresses.map(({ address }) => policy.refusal(url.hostname, address)).find(Boolean)
}
