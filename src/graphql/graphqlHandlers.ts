import { Kind, OperationTypeNode, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql'

import type { GraphQLParams, PersistedQueries } from './createPersistedQueries'
import { graphqlError as errorResponse, type GraphQLGuard } from './createGraphQLGuard'
import type { FetchHandler } from '../server/FetchHandler'
import { ErrorCode } from '../errors/errorCodes'

/** graphql-js' parser is recursive: a query of more tokens than this is refused before parsing. */
const MAX_TOKENS = 20_000

function readJSONParam(url: URL, name: string): { value?: unknown; error?: Response } {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return {}
  try {
    return { value: JSON.parse(raw) }
  } catch {
    return { error: errorResponse(400, `${name}: must be JSON`) }
  }
}

/** Parses a query with a bound on its size; undefined when graphql-js should report the syntax error itself. */
function parseBounded(query: string): DocumentNode | { error: Response } | undefined {
  try {
    return parse(query, { maxTokens: MAX_TOKENS })
  } catch (error) {
    if (error instanceof RangeError || /tokens\. Parsing aborted/.test((error as Error).message)) {
      return { error: errorResponse(400, `query: too large (at most ${MAX_TOKENS} tokens)`, ErrorCode.GraphQLTooComplex) }
    }
    return undefined
  }
}

function selectedOperation(document: DocumentNode, operationName?: string): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined
}

/** The POST request Payload's GraphQL handler expects, with the caller's headers (credentials, language). */
function asPost(request: Request, params: GraphQLParams): Request {
  const headers = new Headers(request.headers)
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  const url = new URL(request.url)
  return new Request(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: params.query, variables: params.variables, operationName: params.operationName }),
  })
}

/**
 * GraphQL over GET (queries only, as the GraphQL-over-HTTP spec allows), so that frontends'
 * reads can be cached by Folio, CDNs and browsers: `?query=…&variables=…&operationName=…`, or a
 * persisted query's hash in `extensions`. Mutations are refused with 405.
 */
export function graphqlGetHandler(post: FetchHandler, persisted: PersistedQueries, guard: GraphQLGuard): FetchHandler {
  return async (request) => {
    const url = new URL(request.url)
    const variables = readJSONParam(url, 'variables')
    const extensions = readJSONParam(url, 'extensions')
    if (variables.error) return variables.error
    if (extensions.error) return extensions.error
    const resolved = persisted.resolve({
      query: url.searchParams.get('query') ?? undefined,
      operationName: url.searchParams.get('operationName') || undefined,
      variables: variables.value,
      extensions: extensions.value,
    })
    if ('error' in resolved) return errorResponse(resolved.error.status, resolved.error.message, resolved.error.code)
    const { params } = resolved
    if (!params.query) return errorResponse(400, 'query: give a GraphQL query (or a persisted query hash in extensions)')
    let document: DocumentNode
    try {
      document = parse(params.query, { maxTokens: MAX_TOKENS })
    } catch (error) {
      return errorResponse(400, `query: ${(error as Error).message}`, ErrorCode.GraphQLInvalid)
    }
    const refused = await guard(document, request)
    if (refused) return refused
    const operation = selectedOperation(document, params.operationName)
    if (!operation) return errorResponse(400, params.operationName ? `operationName: no operation named ${params.operationName}` : 'operationName: required when the query holds several operations')
    if (operation.operation !== OperationTypeNode.QUERY) {
      const refused = errorResponse(405, `GraphQL ${operation.operation}s must be sent with POST`)
      refused.headers.set('Allow', 'POST')
      return refused
    }
    return post(asPost(request, params))
  }
}

/** POST requests with a persisted query's hash instead of (or with) the query. */
export function withPersistedQueries(post: FetchHandler, persisted: PersistedQueries, guard: GraphQLGuard): FetchHandler {
  return async (request) => {
    if (!request.headers.get('content-type')?.includes('application/json')) return post(request)
    const text = await request.text()
    let params: GraphQLParams
    try {
      params = JSON.parse(text) as GraphQLParams
    } catch {
      return errorResponse(400, 'body: must be JSON')
    }
    const headers = new Headers(request.headers)
    headers.delete('content-length')
    const forward = (body: string) => post(new Request(request.url, { method: 'POST', headers, body }))
    if (!params || typeof params !== 'object' || Array.isArray(params)) return forward(text)
    const resolved = params.extensions ? persisted.resolve(params) : { params }
    if ('error' in resolved) return errorResponse(resolved.error.status, resolved.error.message, resolved.error.code)
    if (typeof resolved.params.query === 'string') {
      const document = parseBounded(resolved.params.query)
      if (document && 'error' in document) return document.error
      const refused = document ? await guard(document, request) : undefined
      if (refused) return refused
    }
    return params.extensions ? forward(JSON.stringify(resolved.params)) : forward(text)
  }
}

/** A GraphQL answer worth keeping: one without errors (those may be passing, like a database hiccup). */
export function isGraphQLSuccess(body: Uint8Array): boolean {
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { errors?: unknown }
    return !parsed.errors
  } catch {
    return false
  }
}
