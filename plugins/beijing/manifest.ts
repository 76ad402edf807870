import type { PluginManifest } from '../../src/sdk/manifest'

/**
 * Beijing (北京市): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Beijing puts its production API origin here.
 */
export const manifest: PluginManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://beijing.np-demo.example'],
  identityFields: ['name', 'idNumber'],
  hooks: [
    'getHealthCode',
    'getTestResults',
    'getVaccinations',
    'checkIn',
    'entryRules',
    'registerVenue',
    'signIn',
    'refreshSession',
    'requestProxy',
    'revokeProxy',
  ],
}
