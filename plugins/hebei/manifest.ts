import type { StandardManifest } from '../standard'

/**
 * Hebei (河北省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Hebei puts its production API origin here.
 * Identity fields and hooks are derived from the options in ./index.ts.
 */
export const manifest: StandardManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://hebei.np-demo.example'],
}
