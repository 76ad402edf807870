import type { PluginManifest } from '../../src/sdk/manifest'

/**
 * Jiangsu (江苏省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Jiangsu puts its production API origin here.
 */
export const manifest: PluginManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://jiangsu.np-demo.example'],
  identityFields: ['name', 'idNumber'],
  hooks: [
    'getHealthCode',
    'getTestResults',
    'getVaccinations',
    'recognizePlaceCode',
    'checkIn',
    'entryRules',
    'registerVenue',
    'signIn',
    'refreshSession',
    'requestProxy',
    'revokeProxy',
  ],
}
