import { createRequire } from 'node:module'
import path from 'node:path'

import { openapi as payloadOpenapi } from 'payload-oapi'
import { createLocalReq, type Config, type Endpoint, type PayloadRequest } from 'payload'

import { correctDocumentRoutes } from './correctDocumentRoutes'
import { describeAuthentication } from './describeAuthentication'
import { describeLocales } from './describeLocales'
import { describePopulatedShapes } from './describePopulatedShapes'
import { replaceMissingReferences } from './replaceMissingReferences'
import { ERRORS_SCHEMA } from '@/lib/endpointDocumentation'

type Options = {
  title: string
  version: string
  description?: string
  /** The address the API is reached at, given as the document's server. */
  serverURL: string
  /** Collections left out: the admin's own tools (export and import files, the backups list), not the content API. */
  exclude?: string[]
}

export const OPENAPI_PATH = '/openapi.json'
/** payload-oapi's sign-in for its documentation UI: a second login route past Folio's account protection. */
const OAUTH_PATH = '/openapi-auth'

/**
 * The API's OpenAPI 3.1 description at /api/openapi.json, generated from the config by
 * payload-oapi (every collection and global, their query parameters, auth, and the endpoints that
 * carry `custom.openapi`), made once per process: its server is the configured address, never a
 * request's Host header, so the same document is safe to share with everyone. Populated documents
 * are described as Folio sends them (describePopulatedShapes). The reference page that reads it is
 * src/server/apiReference.ts.
 */
export const openapi =
  ({ title, version, description, serverURL, exclude = [] }: Options) =>
  (incoming: Config): Config => {
    const config = payloadOpenapi({ openapiVersion: '3.1', metadata: { title, version, description }, filters: { hideInternalCollections: true, excludeCollections: exclude } })(incoming) as Config
    const generated = config.endpoints?.find((endpoint) => endpoint.path === OPENAPI_PATH && endpoint.method === 'get')
    if (!generated) throw new Error('payload-oapi did not add its document route')

    let document: Promise<string> | undefined
    const make = (req: PayloadRequest) =>
      (document ??= (async () => {
        const response = await generated.handler(req)
        const spec = (await response.json()) as Parameters<typeof describePopulatedShapes>[1] & Parameters<typeof describeAuthentication>[1] & Parameters<typeof correctDocumentRoutes>[0] & { servers?: unknown }
        spec.servers = [{ url: serverURL }]
        spec.components = { ...spec.components, schemas: { ...spec.components?.schemas, Errors: ERRORS_SCHEMA } }
        correctDocumentRoutes(spec)
        replaceMissingReferences(spec)
        describePopulatedShapes(req.payload, spec)
        describeLocales(req.payload, spec)
        await describeAuthentication(req.payload, spec)
        return JSON.stringify(spec)
      })())
    const endpoint: Endpoint = {
      path: OPENAPI_PATH,
      method: 'get',
      handler: async (req) => new Response(await make(req), { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' } }),
    }
    return {
      ...config,
      endpoints: [...(config.endpoints ?? []).filter((candidate) => candidate !== generated && candidate.path !== OAUTH_PATH), endpoint],
      onInit: async (payload) => {
        await config.onInit?.(payload)
        // Made at start: the first reader does not wait, and a schema the generator cannot read fails here.
        await make(await createLocalReq({}, payload))
      },
    }
  }

/** Where swagger-ui-dist's files are, for the reference page. */
export const swaggerUiDir = () => path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
