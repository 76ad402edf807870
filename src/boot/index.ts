/**
 * The inline boot script of the H5 index.html (config/bootShell.ts bundles it):
 * the saved colour first (./savedShell.ts), then the app's scripts, whose
 * list the template puts in `window.__npScripts`.
 */
import { bootShell, startScripts } from './savedShell'

const w = window as unknown as Window & { __npScripts?: string[] }
void bootShell(w, (failed) => startScripts(document, w.__npScripts ?? [], failed))
