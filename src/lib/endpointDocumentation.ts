import type { CustomEndpointDocumentation } from 'payload-oapi'

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it), as far as Folio reads one. */
export type JsonSchema = { properties?: Record<string, JsonSchema>; required?: string[]; [keyword: string]: unknown }

/** The error envelope every Folio error has (src/errors): Payload's shape with a stable code. */
export const ERRORS_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['message', 'errors'],
  properties: {
    message: { type: 'string', description: "The first error's message, for clients that show one line (Payload's admin does)." },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: { message: { type: 'string' }, code: { type: 'string' }, data: { description: 'What was wrong, where the code says more (paths, parameters).' } },
      },
    },
  },
}

export const ERRORS_REF = '#/components/schemas/Errors'

type Responses = NonNullable<CustomEndpointDocumentation['responses']>

/** A JSON response of `schema`. */
export const jsonResponse = (description: string, schema: object): Responses[string] => ({ description, content: { 'application/json': { schema } } })

/** Error responses by status, each with the error envelope. */
export function errorResponses(statuses: Record<number, string>): Responses {
  return Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, jsonResponse(description, { $ref: ERRORS_REF })]))
}

/** The `{id}` path parameter of a document. */
export const idParameter = (what: string) => ({ in: 'path' as const, name: 'id', required: true, schema: { type: 'string' as const }, description: `The ${what}'s id.` })

/**
 * An endpoint's OpenAPI operation, read by payload-oapi from its `custom.openapi`. Without
 * `security: []` it is documented as needing a signed-in user.
 */
export type EndpointDocumentation = CustomEndpointDocumentation
