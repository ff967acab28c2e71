import type { Access } from 'payload'

/** For operations only Folio's own code performs, through the Local API (which skips access). */
export const nobody: Access = () => false
