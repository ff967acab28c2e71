/** Form inputs of a form's own fields are named `field:<name>`, apart from the form's hidden inputs. */
export const FIELD_PREFIX = 'field:'
/** The query parameter a submission comes back with: `sent` or `error` (with `message`). */
export const FORM_STATUS_PARAM = 'form'
