/** The content model's collections and globals. Plugins own the slugs of the collections they add. */
export const USERS = 'users'
export const MEDIA = 'media'
export const CATEGORIES = 'categories'
export const POSTS = 'posts'
export const PAGES = 'pages'
export const SITE_SETTINGS = 'site-settings'
