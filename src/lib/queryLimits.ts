/** The deepest relationship population a request may ask for. */
export const MAX_DEPTH = 5

/** The most documents one page of a list may hold. */
export const MAX_LIMIT = 500
