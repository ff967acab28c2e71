/** The redirects' collection, owned by this plugin. */
export const REDIRECTS = 'redirects'
