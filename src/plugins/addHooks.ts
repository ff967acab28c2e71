import type { CollectionConfig, Config, GlobalConfig } from 'payload'

type CollectionHooks = NonNullable<CollectionConfig['hooks']>
type GlobalHooks = NonNullable<GlobalConfig['hooks']>

type Placement = 'first' | 'last'

type Hooked = { slug: string; hooks?: Record<string, unknown[] | undefined> }

/**
 * Adds hooks to one collection or global, before or after those it already has: the one way
 * Folio's plugins add hooks (as Payload's own plugins do, nothing is replaced).
 */
export function withHooks<T extends Hooked>(entity: T, hooks: NonNullable<T['hooks']>, placement: Placement = 'last'): T {
  const merged: Record<string, unknown[] | undefined> = { ...entity.hooks }
  for (const [name, added] of Object.entries(hooks)) {
    const current = merged[name] ?? []
    merged[name] = placement === 'first' ? [...(added ?? []), ...current] : [...current, ...(added ?? [])]
  }
  return { ...entity, hooks: merged }
}

type Options = {
  collections?: CollectionHooks
  globals?: GlobalHooks
  placement?: Placement
  /** Only these collections and globals (by slug); all when absent. */
  only?: (slug: string, entity: CollectionConfig | GlobalConfig) => boolean
}

/**
 * Adds hooks to every collection and global of a config (or those `only` picks), including the
 * folders collection, which Payload adds only after the plugins ran (through `folders.collectionOverrides`,
 * applied in the order the plugins were).
 */
export function addHooks(config: Config, { collections, globals, placement = 'last', only = () => true }: Options): Config {
  const folders = config.folders
  return {
    ...config,
    collections: (config.collections ?? []).map((collection) =>
      collections && only(collection.slug, collection) ? withHooks(collection, collections, placement) : collection,
    ),
    globals: (config.globals ?? []).map((global) => (globals && only(global.slug, global) ? withHooks(global, globals, placement) : global)),
    ...(folders && collections
      ? {
          folders: {
            ...folders,
            collectionOverrides: [
              ...(folders.collectionOverrides ?? []),
              ({ collection }) => (only(collection.slug, collection) ? withHooks(collection, collections, placement) : collection),
            ],
          },
        }
      : {}),
  }
}
