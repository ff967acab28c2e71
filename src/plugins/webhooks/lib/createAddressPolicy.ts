import net from 'node:net'

import { isPrivateAddress } from './isPrivateAddress'

export type AddressPolicy = {
  /** Why a connection to `address` (reached through `hostname`) is refused, or undefined when it is allowed. */
  refusal: (hostname: string, address: string) => string | undefined
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
}

/**
 * Public addresses are always allowed. Private ones only when the URL's host name, the address,
 * or a range containing it is listed in `allowedHosts` (WEBHOOK_ALLOWED_HOSTS).
 */
export function createAddressPolicy(allowedHosts: string[]): AddressPolicy {
  const allowedNames = new Set<string>()
  const allowedAddresses = new net.BlockList()
  for (const entry of allowedHosts.map((host) => stripBrackets(host.trim().toLowerCase())).filter(Boolean)) {
    const [network, prefix] = entry.split('/')
    const family = net.isIP(network)
    if (family === 0) {
      allowedNames.add(entry)
    } else if (prefix === undefined) {
      allowedAddresses.addAddress(network, family === 4 ? 'ipv4' : 'ipv6')
    } else {
      allowedAddresses.addSubnet(network, Number(prefix), family === 4 ? 'ipv4' : 'ipv6')
    }
  }
  return {
    refusal: (hostname, address) => {
      if (!isPrivateAddress(address)) return undefined
      const name = stripBrackets(hostname.toLowerCase())
      if (allowedNames.has(name)) return undefined
      const family = net.isIP(address)
      if (family !== 0 && allowedAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6')) return undefined
      return `${hostname} resolves to ${address}, a loopback, private, link-local or metadata address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`
    },
  }
}
