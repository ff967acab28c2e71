import path from 'node:path'

import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: { '@payload-config': path.resolve('payload.config.ts'), '@payload-types': path.resolve('payload-types.ts'), '@/': `${path.resolve('src')}/` },
  },
  test: {
    include: ['tests/**/*.spec.ts'],
    globalSetup: ['tests/helpers/globalSetup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
