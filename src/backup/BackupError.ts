/** Why a backup or a restore was refused; scripts print the message as one line and exit 1. */
export type BackupErrorCode =
  | 'not-an-archive'
  | 'unsupported-format'
  | 'corrupt'
  | 'truncated'
  | 'passphrase-required'
  | 'wrong-passphrase'
  | 'not-empty'
  | 'media-not-empty'
  | 'newer-folio'

/** A refusal the operator can act on: a stable code for callers, a one-line message for people. */
export class BackupError extends Error {
  override name = 'BackupError'

  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message)
  }
}
