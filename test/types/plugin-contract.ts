/**
 * Type-level tests of the plugin contract, checked by `tsc --noEmit` (this
 * file is never run). Each `@ts-expect-error` must be an error, or tsc fails.
 */
import type { HealthCode } from '../../src/core/model'
import { type createHost, createRegistry } from '../../src/sdk/host'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'

const code: HealthCode = {
  province: '440000',
  issuer: 'x',
  colour: 'green',
  issuedAt: 1,
  validUntil: 2,
  history: [],
  popUps: [],
}

// A minimal plugin: id, slug and name only.
export const minimal = defineProvincePlugin({
  id: '440000',
  slug: 'guangdong',
  name: { zh: '广东省', en: 'Guangdong' },
})

// Declared fields are typed on `person` without annotations.
export const declared = defineProvincePlugin({
  id: '440000',
  slug: 'guangdong',
  name: { zh: '广东省', en: 'Guangdong' },
  identityFields: ['name', 'idNumber'],
  async getHealthCode(_ctx, person) {
    const name: string = person.name
    const id: string = person.idNumber
    return { ...code, issuer: name + id }
  },
})

// @ts-expect-error id is required
export const missingId = defineProvincePlugin({ slug: 'guangdong', name: { zh: '广东省', en: 'Guangdong' } })

// @ts-expect-error name needs both zh and en
export const missingEn = defineProvincePlugin({ id: '440000', slug: 'guangdong', name: { zh: '广东省' } })

export const wrongReturn = defineProvincePlugin({
  id: '440000',
  slug: 'guangdong',
  name: { zh: '广东省', en: 'Guangdong' },
  // @ts-expect-error getHealthCode must resolve to a HealthCode, not a colour string
  async getHealthCode() {
    return 'green'
  },
})

export const wrongParams = defineProvincePlugin({
  id: '440000',
  slug: 'guangdong',
  name: { zh: '广东省', en: 'Guangdong' },
  // @ts-expect-error recognizePlaceCode takes the scanned text, not a number
  recognizePlaceCode: (text: number) => (text > 0 ? null : null),
})

export const undeclaredField = defineProvincePlugin({
  id: '440000',
  slug: 'guangdong',
  name: { zh: '广东省', en: 'Guangdong' },
  identityFields: ['name'],
  async getHealthCode(_ctx, person) {
    // @ts-expect-error phone was not declared in identityFields, so the host never hands it over
    return { ...code, issuer: person.phone }
  },
})

export const noFields = defineProvincePlugin({
  id: '440000',
  slug: 'guangdong',
  name: { zh: '广东省', en: 'Guangdong' },
  async getVaccinations(_ctx, person) {
    // @ts-expect-error without identityFields the person is empty
    return person.idNumber ? [] : []
  },
})

export function ctxHasNoIndexSignature(ctx: PluginContext): void {
  // @ts-expect-error ctx is closed: no `window`, no `Taro`, no `store`
  void ctx.store
  // @ts-expect-error ctx.http is axios, not fetch
  void ctx.http.fetch
  void ctx.signal.aborted
  void ctx.crypto.hmacSha256Hex('k', 'm')
}

export const badField = defineProvincePlugin({
  id: '440000',
  slug: 'x1',
  name: { zh: 'x', en: 'x' },
  // @ts-expect-error an unknown identity field
  identityFields: ['passport'],
})

// A plugin with specific fields fits the registry.
export const registry = createRegistry([minimal, declared])

export async function hostCalls(host: ReturnType<typeof createHost>): Promise<void> {
  const identity = { name: '林晓明', idNumber: '510104198803120172', phone: '13900000101', birthDate: '1988-03-12' }
  const r = await host.call('440000', 'getHealthCode', identity)
  if ('data' in r) {
    const colour: 'green' | 'yellow' | 'red' = r.data.colour
    void colour
  }
  // @ts-expect-error getTestResults needs a query
  await host.call('440000', 'getTestResults', identity)
  // @ts-expect-error the host is given the full identity, never a partial one
  await host.call('440000', 'getVaccinations', { name: '林晓明' })
  // @ts-expect-error no such hook
  await host.call('440000', 'getPassport', identity)
}
