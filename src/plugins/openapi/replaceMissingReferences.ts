type Spec = { components?: { schemas?: Record<string, unknown> } }

const SCHEMA_REF = '#/components/schemas/'

/**
 * payload-oapi leaves out Payload's internal collections (folders, query presets, jobs) but keeps
 * the references other schemas make to them (a media document's `folder`): each such reference is
 * replaced by an object schema that says what it is, so the document stays valid.
 */
export function replaceMissingReferences(spec: Spec): void {
  const schemas = spec.components?.schemas ?? {}
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (!node || typeof node !== 'object') return node
    const object = node as Record<string, unknown>
    const ref = object.$ref
    if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF) && !(ref.slice(SCHEMA_REF.length) in schemas)) {
      return { type: 'object', description: `A ${ref.slice(SCHEMA_REF.length)} document (Payload's own collection, not described here).` }
    }
    for (const [key, value] of Object.entries(object)) object[key] = visit(value)
    return object
  }
  visit(spec)
}
