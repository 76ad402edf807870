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
