import type { Random } from './random'

/** The families of hostile requests; each is a row of the summary table. */
export const CATEGORIES = ['rest', 'graphql', 'uploads', 'auth', 'encodings', 'types', 'where', 'methods', 'raw'] as const
export type Category = (typeof CATEGORIES)[number]

/** Who a request is sent as. `victim` is a throw-away account whose session requests may end. */
export const ROLES = ['anonymous', 'admin', 'editor', 'author', 'apiKey', 'victim'] as const
export type Role = (typeof ROLES)[number]

/** Text for the request line or a header: a string is sent as UTF-8, a Buffer byte for byte. */
export type Bytes = string | Buffer

/**
 * One generated request. Ordinary requests are described by method, target, headers and body,
 * and sent with Host, Content-Length (unless a header or `omitLength` says otherwise) and
 * `Connection: close` added. Raw requests are sent exactly as `raw` says.
 */
export type FuzzRequest = {
  category: Category
  /** Which generator made it, e.g. "types.author-write": part of each failure's signature. */
  generator: string
  role: Role
  method: string
  /** The request-target as sent: path and query, not necessarily valid. */
  target: Bytes
  headers: [string, Bytes][]
  body?: Buffer
  /** Do not add a Content-Length header for the body. */
  omitLength?: boolean
  raw?: RawPlan
  /**
   * Why an answerless close is acceptable for this request (it is malformed at the HTTP level, or
   * the client stopped sending). Absent: a connection closed or reset without an answer fails.
   */
  closeAllowed?: string
  /** A JavaScript expression evaluating to the body, for readable reproductions of huge bodies. */
  bodyRecipe?: string
  /** The request is invalid: a 2xx answer is reported (not failed) as "accepted although invalid". */
  shouldRefuse?: boolean
}

/** Bytes written to a fresh connection exactly as given. */
export type RawPlan = {
  bytes: Buffer
  /** After the last byte: keep the connection open ('hold') or half-close it ('end'). */
  after: 'hold' | 'end'
  /** Write `bytes` at a time with `everyMs` between writes: a slow client (slowloris). */
  drip?: { bytes: number; everyMs: number }
  /** A short description for the reproduction, e.g. "headers sent one byte every 500 ms". */
  note?: string
}

export type Account = { id: string; email: string; password: string; token: string }

/** The accounts requests are sent as; created by `createCredentials` when a caller has none. */
export type FuzzCredentials = {
  admin: Account
  editor: Account
  author: Account
  /** An API key enabled on the editor. */
  apiKey: string
}

/** A GraphQL field as introspection describes it, its type reduced to a name and wrappers. */
export type GraphQLField = { name: string; type: GraphQLTypeRef; args: { name: string; type: GraphQLTypeRef }[] }
export type GraphQLTypeRef = { name: string; kind: string; list: boolean; nonNull: boolean }
export type GraphQLSchemaSummary = {
  queryType: string
  mutationType?: string
  /** Object and input types by name, with their fields. */
  types: Record<string, { kind: string; fields: GraphQLField[]; enumValues: string[] }>
}

/** Documents and secrets seeded before the run, so that generated requests hit real documents. */
export type FuzzTargets = {
  /** Documents of each collection that requests may read and write. */
  ids: Record<string, string[]>
  /** Documents that requests may delete (created for that purpose). */
  disposable: Record<string, string[]>
  postVersionIds: string[]
  pageVersionIds: string[]
  webhookDeliveryIds: string[]
  scheduleJobIds: string[]
  mediaFilenames: string[]
  formId: string
  formToken: string
  /** A throw-away account for logout, refresh and lockout requests. */
  victim: Account
  graphql: GraphQLSchemaSummary
  /** The server's own origin, which Payload trusts cookies from. */
  origin: string
  /** Names for ids in reproductions: id → shell variable, e.g. POST_ID. */
  idNames: Record<string, string>
}

/** What a generator gets to build one request. */
export type GeneratorInput = {
  random: Random
  targets: FuzzTargets
  credentials: FuzzCredentials
}

export type Generator = {
  name: string
  weight?: number
  make: (input: GeneratorInput) => Omit<FuzzRequest, 'category' | 'generator'> & { generator?: string }
}

/** What came back, as the client saw it. */
export type Answer = {
  outcome: 'answered' | 'closed' | 'reset' | 'timeout'
  status?: number
  headers?: Record<string, string>
  body?: Buffer
  /** Headers arrived but the connection ended before the end of the body. */
  truncated?: boolean
  ms: number
  error?: string
}

export type FailureKind = '5xx' | 'hang' | 'reset' | 'truncated' | 'leak'

/** The verdict on one request. */
export type Verdict = {
  failures: { kind: FailureKind; detail: string }[]
  /** Normalised error message or reason, part of the signature. */
  message: string
  leaks: string[]
  /** 2xx/3xx to a request marked shouldRefuse. */
  acceptedInvalid: boolean
}
