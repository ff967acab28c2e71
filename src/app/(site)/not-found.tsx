
/** The site's 404: what happened and where to go. */
export default function NotFound() {
  return (
    <article className="page not-found">
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <a href="/" className="button">
          Home page
        </a>{' '}
        <a href="/search" className="button secondary">
          Search the site
        </a>
      </p>
    </article>
  )
}
