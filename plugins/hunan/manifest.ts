import type { PluginManifest } from '../../src/sdk/manifest'

/**
 * Hunan (湖南省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Hunan puts its production API origin here.
 */
export const manifest: PluginManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://hunan.np-demo.example'],
  identityFields: ['name', 'idNumber', 'phone'],
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
