import type { StandardManifest } from '../standard'

/**
 * Shaanxi (陕西省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Shaanxi puts its production API origin here.
 * Identity fields and hooks are derived from the options in ./index.ts.
 */
export const manifest: StandardManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://shaanxi.np-demo.example'],
}
