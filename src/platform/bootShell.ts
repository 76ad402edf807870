/**
 * The H5 boot shell (src/boot/savedShell.ts) draws the saved card before the
 * app's scripts run; the app's first page removes it in the commit that draws
 * its own frame (src/components/Screen.tsx), so the two never show together.
 * Mini-programs have no shell: this compiles to nothing there.
 */
export const SHELL_ID = 'np-boot-shell'

export function dropBootShell(): void {
  if (process.env.TARO_ENV !== 'h5') return
  const doc = (globalThis as { document?: Document }).document
  doc?.getElementById(SHELL_ID)?.remove()
}

/** The routes whose first frame is the saved card: the pass page (the app's first page). */
const PASS_ROUTES = new Set(['', 'pages/pass/index'])

/** Whether a hash-mode address (H5) opens the pass page. */
export const isPassRoute = (hash: string): boolean => PASS_ROUTES.has(routeOf(hash))

/** The route a hash-mode address opens: `#/pages/pass/index?x=1` → `pages/pass/index`. */
export function routeOf(hash: string): string {
  return hash.replace(/^#\/?/, '').split('?')[0]
}
