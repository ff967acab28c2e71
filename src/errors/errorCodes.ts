/**
 * Stable, machine-readable codes beside every error message (`errors[].code`), so clients branch
 * on codes rather than on wording. One code per kind of refusal; the message says the details.
 */
export const ErrorCode = {
  InvalidJson: 'INVALID_JSON',
  InvalidBody: 'INVALID_BODY',
  InvalidMultipart: 'INVALID_MULTIPART',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  InvalidQuery: 'INVALID_QUERY',
  InvalidUrl: 'INVALID_URL',
  UnknownFields: 'UNKNOWN_FIELDS',
  ValidationFailed: 'VALIDATION_FAILED',
  GraphQLInvalid: 'GRAPHQL_INVALID',
  GraphQLTooComplex: 'GRAPHQL_TOO_COMPLEX',
  Unauthorized: 'UNAUTHORIZED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  Conflict: 'CONFLICT',
  RateLimited: 'RATE_LIMITED',
  SpamRefused: 'SPAM_REFUSED',
  RequestTimeout: 'REQUEST_TIMEOUT',
  BadRequest: 'BAD_REQUEST',
  Unavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL_ERROR',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Payload's own error classes, by name. */
const CODE_BY_ERROR_NAME: Record<string, ErrorCode> = {
  ValidationError: ErrorCode.ValidationFailed,
  UnknownFieldsError: ErrorCode.UnknownFields,
  QueryError: ErrorCode.InvalidQuery,
  AuthenticationError: ErrorCode.InvalidCredentials,
  LockedAuth: ErrorCode.InvalidCredentials,
  UnverifiedEmail: ErrorCode.InvalidCredentials,
  UnauthorizedError: ErrorCode.Unauthorized,
  Forbidden: ErrorCode.Forbidden,
  NotFound: ErrorCode.NotFound,
  MissingFile: ErrorCode.InvalidBody,
  FileUploadError: ErrorCode.InvalidBody,
  FileRetrievalError: ErrorCode.NotFound,
  ErrorDeletingFile: ErrorCode.Internal,
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  408: ErrorCode.RequestTimeout,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
}

/** The code for an answer with `status`: the error's own, its class's, or the status's. */
export function codeFor(status: number, error?: { code?: unknown; name?: unknown }): ErrorCode {
  if (error && typeof error.code === 'string' && (Object.values(ErrorCode) as string[]).includes(error.code)) return error.code as ErrorCode
  if (status >= 500) return status === 503 ? ErrorCode.Unavailable : ErrorCode.Internal
  if (error && typeof error.name === 'string' && CODE_BY_ERROR_NAME[error.name]) return CODE_BY_ERROR_NAME[error.name]
  return CODE_BY_STATUS[status] ?? ErrorCode.BadRequest
}
