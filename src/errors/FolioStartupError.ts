/** A startup failure the operator can fix; printed as one clear line, without a stack trace. */
export class FolioStartupError extends Error {
  override name = 'FolioStartupError'
}
