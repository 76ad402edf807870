import type { PluginManifest } from '../../src/sdk/manifest'

/**
 * The national platform (国家政务服务平台): what the plugin declares
 * (plugins/README.md, "Manifest"). The origin is a DEMO placeholder. Its
 * claims are signed with the platform's key `cn1` (authority 100000), named
 * here as a trust anchor: the DEMO public key of mock/keys.ts, which the demo
 * trust list also lists (test/conformance/manifest.test.ts checks they agree).
 */
export const manifest: PluginManifest = {
  contract: '2.2',
  version: '1.0.0',
  kind: 'national',
  origins: ['https://national-platform.np-demo.example'],
  trustAnchors: ['yOYWBDKYoBVudVVVaoulK4xTnHHtQbU4WMhGS5ejpwQ'],
  identityFields: ['name', 'idNumber', 'phone'],
  hooks: ['getHealthCode', 'getItinerary', 'getRiskAreas', 'signIn', 'refreshSession'],
}
