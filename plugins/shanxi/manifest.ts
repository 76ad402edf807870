import type { StandardManifest } from '../standard'

/**
 * Shanxi (山西省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Shanxi puts its production API origin here.
 * Identity fields and hooks are derived from the options in ./index.ts.
 */
export const manifest: StandardManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://shanxi.np-demo.example'],
}
