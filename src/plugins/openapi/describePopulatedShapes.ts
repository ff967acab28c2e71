import type { Payload, SelectType } from 'payload'

import type { JsonSchema as Schema } from '@/lib/endpointDocumentation'

type Spec = { components?: { schemas?: Record<string, Schema> } }

const REF_PREFIX = '#/components/schemas/'

/** The component name payload-oapi gives a collection's documents: its singular label, camel-cased. */
function componentOf(label: unknown, slug: string): string {
  const singular = typeof label === 'string' ? label : typeof label === 'object' && label && 'en' in label ? String((label).en) : slug
  return singular
    .split(/\s+/)
    .map((word) => (word ? word[0].toUpperCase() + word.slice(1) : ''))
    .join('')
}

/** `schema` with only the selected properties (nested selects narrowed in turn), `id` kept. */
function narrow(schema: Schema, select: SelectType, keepId: boolean): Schema {
  const properties: Record<string, Schema> = {}
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const chosen = select[name]
    if (chosen === true || (keepId && name === 'id')) properties[name] = property
    else if (chosen && typeof chosen === 'object') properties[name] = narrow(property, chosen, false)
  }
  return { ...schema, properties, required: (schema.required ?? []).filter((name) => name in properties) }
}

/** Replaces `$ref`s to `from` with `$ref`s to `to`, everywhere below `node`. */
function retarget(node: unknown, from: Map<string, string>): void {
  if (Array.isArray(node)) {
    for (const item of node) retarget(item, from)
    return
  }
  if (!node || typeof node !== 'object') return
  const record = node as Record<string, unknown>
  const target = typeof record.$ref === 'string' ? from.get(record.$ref) : undefined
  if (target) record.$ref = target
  for (const value of Object.values(record)) retarget(value, from)
}

/**
 * A document populated into another carries only its collection's `defaultPopulate` fields
 * (collections/Media.ts and the like), where the generated description would promise the whole
 * document (and mark, say, `createdAt` as always there). For each such collection this adds a
 * `<Name>Populated` schema and points every reference from inside another document's schema at it;
 * the routes that answer the document itself keep the whole schema.
 */
export function describePopulatedShapes(payload: Payload, spec: Spec): void {
  const schemas = spec.components?.schemas
  if (!schemas) return
  const retargeted = new Map<string, string>()
  for (const { config } of Object.values(payload.collections)) {
    if (!config.defaultPopulate) continue
    const name = componentOf(config.labels?.singular, config.slug)
    const whole = schemas[name]
    if (!whole) continue
    schemas[`${name}Populated`] = { ...narrow(whole, config.defaultPopulate, true), title: `${name} (populated)` }
    retargeted.set(`${REF_PREFIX}${name}`, `${REF_PREFIX}${name}Populated`)
  }
  // Every reference between component schemas is a document inside another.
  retarget(schemas, retargeted)
}
