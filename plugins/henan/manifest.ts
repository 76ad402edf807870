import type { PluginManifest } from '../../src/sdk/manifest'

/**
 * Henan (河南省): what the plugin declares (plugins/README.md, "Manifest").
 * The origin is a DEMO placeholder: Henan puts its production API origin here.
 */
export const manifest: PluginManifest = {
  contract: '2.2',
  version: '1.0.0',
  origins: ['https://henan.np-demo.example'],
  identityFields: ['idNumber'],
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
