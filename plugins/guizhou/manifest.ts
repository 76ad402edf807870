import type { StandardManifest } from '../standard'

/**
 * Guizhou (贵州省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Guizhou puts its production API origin here.
 * Identity fields and hooks are derived from the options in ./index.ts.
 */
export const manifest: StandardManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://guizhou.np-demo.example'],
}
