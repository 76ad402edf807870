import type { StandardManifest } from '../standard'

/**
 * Tibet (西藏自治区): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Tibet puts its production API origin here.
 * Identity fields and hooks are derived from the options in ./index.ts.
 */
export const manifest: StandardManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://tibet.np-demo.example'],
}
