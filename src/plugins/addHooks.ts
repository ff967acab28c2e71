import type { CollectionConfig, Config, GlobalConfig } from 'payload'

type CollectionHooks = NonNullable<CollectionConfig['hooks']>
type GlobalHooks = NonNullable<GlobalConfig['hooks']>

type Placement = 'first' | 'last'

function merge<H extends Record<string, unknown[] | undefined>>(existing: H | undefined, added: H, placement: Placement): H {
  const merged: Record<string, unknown[] | undefined> = { ...existing }
  for (const [name, hooks] of Object.entries(added)) {
    const current = merged[name] ?? []
    merged[name] = placement === 'first' ? [...(hooks ?? []), ...current] : [...current, ...(hooks ?? [])]
  }
  return merged as H
}

/** Adds hooks to every collection (and global) of a config, keeping the hooks they already have. */
export function addHooks(
  config: Config,
  { collections = {}, globals = {}, placement = 'last' }: { collections?: CollectionHooks; globals?: GlobalHooks; placement?: Placement },
): Config {
  return {
    ...config,
    collections: (config.collections ?? []).map((collection) => ({
      ...collection,
      hooks: merge(collection.hooks as Record<string, unknown[]>, collections as Record<string, unknown[]>, placement),
    })),
    globals: (config.globals ?? []).map((global) => ({
      ...global,
      hooks: merge(global.hooks as Record<string, unknown[]>, globals as Record<string, unknown[]>, placement),
    })),
  }
}
