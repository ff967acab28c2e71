import type { Browser, Page } from 'playwright-core'

type Options = {
  viewport?: { width: number; height: number }
  /** The browser's timezone (the editor's clock), e.g. `Europe/Berlin`; the machine's by default. */
  timezoneId?: string
  /** Runs on the new page before it opens the admin (listeners that must see every request). */
  beforeSignIn?: (page: Page) => void
}

/**
 * A new browser context signed in to the admin at `baseUrl` through its sign-in form, waiting
 * for React to hydrate the form first (typing before that is lost on a busy machine). Close it
 * with `page.context().close()`.
 */
export async function signInToAdmin(browser: Browser, baseUrl: string, email: string, password: string, options: Options = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 1000 }, timezoneId: options.timezoneId })
  const page = await context.newPage()
  options.beforeSignIn?.(page)
  // The first page a fresh server renders can take long on a busy machine, as the form below may.
  await page.goto(`${baseUrl}/admin/login`, { timeout: 60_000 })
  await page.locator('input[name="email"]').waitFor({ timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL(/\/admin\/?$/, { timeout: 30_000 })
  return page
}
