/** JSON for a `<script type="application/ld+json">`: `<` escaped, so no value can close the script. */
export const jsonLd = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')
