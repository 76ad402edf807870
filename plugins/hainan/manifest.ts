import type { PluginManifest } from '../../src/sdk/manifest'

/**
 * Hainan (海南省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Hainan puts its production API origin here.
 */
export const manifest: PluginManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://hainan.np-demo.example'],
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
