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
  /**
   * Also the collections that appear only after this plugin ran: Payload's own (locked documents,
   * preferences, migrations, query presets), added when the config is sanitized, and those of
   * plugins that come later. They get the hooks when Payload starts, before anything is served.
   */
  lateCollections?: boolean
}

/**
 * Payload's own stores that Payload itself reads while serving a client's request, with that
 * request: the jobs queue and the key-value store (a visitor's form submission reads it). They are
 * not the client's queries, and Payload runs no hooks of the jobs collection by design.
 */
const PAYLOAD_STORES = new Set(['payload-jobs', 'payload-kv'])

/** At start, adds the hooks to every collection that does not have them yet. */
function hookLateCollections(config: Config, hooks: CollectionHooks, placement: Placement, only: NonNullable<Options['only']>): Config['onInit'] {
  const onInit = config.onInit
  return async (payload) => {
    for (const { config: collection } of Object.values(payload.collections)) {
      if (PAYLOAD_STORES.has(collection.slug) || !only(collection.slug, collection)) continue
      const present = collection.hooks as Record<string, unknown[] | undefined>
      const missing = Object.fromEntries(
        Object.entries(hooks).map(([name, added]) => [name, ((added ?? []) as unknown[]).filter((hook) => !present[name]?.includes(hook))]),
      )
      Object.assign(collection.hooks, withHooks({ slug: collection.slug, hooks: present }, missing, placement).hooks)
    }
    await onInit?.(payload)
  }
}

/**
 * Adds hooks to every collection and global of a config (or those `only` picks), including the
 * folders collection, which Payload adds only after the plugins ran (through `folders.collectionOverrides`,
 * applied in the order the plugins were).
 */
export function addHooks(config: Config, { collections, globals, placement = 'last', only = () => true, lateCollections = false }: Options): Config {
  const folders = config.folders
  return {
    ...config,
    ...(lateCollections && collections ? { onInit: hookLateCollections(config, collections, placement, only) } : {}),
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
