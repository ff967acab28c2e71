import packageJson from '../../package.json'

/** Folio's version, as package.json gives it. */
export const FOLIO_VERSION: string = packageJson.version
