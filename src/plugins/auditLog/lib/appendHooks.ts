type WithHooks = { hooks?: Record<string, unknown> }

/** Adds hooks after those a collection or global already has. */
export function appendHooks<T extends WithHooks>(entity: T, hooks: NonNullable<T['hooks']>): T {
  const merged: Record<string, unknown[]> = { ...(entity.hooks as Record<string, unknown[]> | undefined) }
  for (const [name, added] of Object.entries(hooks as Record<string, unknown[]>)) {
    merged[name] = [...(merged[name] ?? []), ...added]
  }
  return { ...entity, hooks: merged }
}
