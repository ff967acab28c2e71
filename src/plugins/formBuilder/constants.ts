/** The collections this plugin owns: forms editors build, and what visitors send through them. */
export const FORMS = 'forms'
export const FORM_SUBMISSIONS = 'form-submissions'

/**
 * The spam trap: a text input the frontend renders but hides from people (off-screen, not
 * `type="hidden"`), which form-filling bots complete. Sent non-empty, the submission is refused.
 */
export const HONEYPOT_FIELD = 'website'

/** The body field carrying the token from `GET /api/forms/:id/token`. */
export const TOKEN_FIELD = 'formToken'

/** A form token older than this is refused; the visitor reloads the form for a new one. */
export const TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000
