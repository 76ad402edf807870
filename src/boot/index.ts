/**
 * The inline boot script of the H5 index.html (config/bootShell.ts bundles it):
 * on the pass page, the code it needs after its first frame is fetched at once
 * (`window.__npLater`); the saved colour first (./savedShell.ts), then the
 * app's scripts, whose list the template puts in `window.__npScripts`; and,
 * as they start, the values the app reads at start are checked and decrypted
 * ahead (./primeReads.ts).
 */
import { primeReads } from './primeReads'
import { bootShell, isPassRoute, preloadLater, startScripts } from './savedShell'

const w = window as unknown as Window & { __npScripts?: string[]; __npLater?: string[] }
if (isPassRoute(location.hash)) preloadLater(document, w.__npLater ?? [])
// Read ahead as the app's scripts are started: at once on a cold start, after the saved card's frame on a warm one.
void bootShell(w, (failed) => {
  startScripts(document, w.__npScripts ?? [], failed)
  primeReads(w)
})
