import { withPayload } from '@payloadcms/next/withPayload'
import type { NextConfig } from 'next'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = path.dirname(fileURLToPath(import.meta.url))

const nextConfig: NextConfig = {
  // Express answers /api itself; Next serves the admin panel and the website.
  poweredByHeader: false,
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  turbopack: { root: projectRoot },
  // `npm test` type-checks the whole project; the build need not do it a second time.
  typescript: { ignoreBuildErrors: true },
}

const withAdmin = withPayload(nextConfig, { devBundleServerPackages: false })

/**
 * Payload asks every browser for its colour scheme on every path (Accept-CH and Critical-CH), for
 * the admin's theme. Critical-CH makes a browser's first request to any page go twice; only the
 * admin needs the hint, so only the admin asks for it.
 */
export default {
  ...withAdmin,
  headers: async () =>
    ((await withAdmin.headers?.()) ?? []).map((rule) => (rule.source === '/:path*' && rule.headers.some((header) => header.key === 'Critical-CH') ? { ...rule, source: '/admin/:path*' } : rule)),
} satisfies NextConfig
