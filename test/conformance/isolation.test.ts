/**
 * Isolation and deadlines: a hanging plugin and a throwing plugin registered
 * beside real ones never hurt them; every failure is a typed error naming the
 * plugin and hook. Plus registration checks.
 */
import { demoPerson } from '../../mock/data/people'
import { standardBackend } from '../../mock/lib/standardBackend'
import { standardProvincePlugin } from '../../plugins/standard'
import type { SerializedError } from '../../src/core/errors'
import type { HealthCode } from '../../src/core/model'
import { createRegistry } from '../../src/sdk/host'
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import { CONTRACT_VERSION } from '../../src/sdk/manifest'
import { defineProvincePlugin } from '../../src/sdk/types'
import { type Harness, startHarness } from './harness'

const person = demoPerson('green').identity
const demoManifest = (slug: string) => ({
  contract: CONTRACT_VERSION,
  version: '1.0.0',
  origins: [`https://${slug}.np-demo.example`],
})
const tianjin = standardProvincePlugin({
  id: '120000',
  slug: 'tianjin',
  name: { zh: '天津市', en: 'Tianjin' },
  manifest: demoManifest('tianjin'),
})
const hebei = standardProvincePlugin({
  id: '130000',
  slug: 'hebei',
  name: { zh: '河北省', en: 'Hebei' },
  signs: false,
  manifest: demoManifest('hebei'),
})

let sawAbort = false
const hangs = defineProvincePlugin({
  id: '710000',
  slug: 'hangs',
  name: { zh: '挂起', en: 'Hangs' },
  identityFields: ['name'],
  manifest: { ...demoManifest('hangs'), identityFields: ['name'], hooks: ['getHealthCode', 'getVaccinations'] },
  getHealthCode: (ctx) =>
    new Promise<HealthCode>((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => {
        sawAbort = true
        reject(ctx.signal.reason)
      })
    }),
  // Ignores its signal and answers late: the host must not be affected.
  getVaccinations: () => new Promise((resolve) => setTimeout(() => resolve([]), 400)),
})

const throws = defineProvincePlugin({
  id: '810000',
  slug: 'throws',
  name: { zh: '抛错', en: 'Throws' },
  identityFields: ['idNumber', 'phone'],
  manifest: {
    ...demoManifest('throws'),
    identityFields: ['idNumber', 'phone'],
    hooks: ['getHealthCode', 'getTestResults', 'getVaccinations', 'declarationForm'],
  },
  async getHealthCode(ctx, p) {
    ctx.log.info(`querying ${p.idNumber} ${p.phone}`, { idNumber: p.idNumber, mobile: p.phone })
    throw new Error(`backend rejected ${p.idNumber}`)
  },
  getTestResults() {
    throw 'a string, not an Error'
  },
  async getVaccinations() {
    return [{ dose: 1, product: 'X', manufacturer: 'Y', at: 5, province: '810000' }]
  },
  async declarationForm() {
    return {
      province: '440000',
      version: '1',
      title: { zh: '申报', en: 'Declare' },
      fields: [{ key: 'a', type: 'text', label: { zh: 'a', en: 'a' }, required: true }],
    }
  },
})

let h: Harness
beforeAll(async () => {
  h = await startHarness({
    plugins: [tianjin, hebei, hangs, throws],
    backends: [
      standardBackend({ slug: 'tianjin', province: '120000' }),
      standardBackend({ slug: 'hebei', province: '130000', signs: false }),
    ],
    defaultTimeoutMs: 300,
  })
})
afterAll(() => h.close())

const errorOf = (r: { data: unknown } | { error: SerializedError }): SerializedError => {
  if (!('error' in r)) throw new Error(`expected an error, got ${JSON.stringify(r.data).slice(0, 200)}`)
  return r.error
}

describe('deadlines and isolation', () => {
  test('a hanging plugin times out with its own error, aborts its signal, while others answer', async () => {
    const started = Date.now()
    const [hung, tj, hb] = await Promise.all([
      h.host.call('710000', 'getHealthCode', person),
      h.host.call('120000', 'getHealthCode', person),
      h.host.call('130000', 'getHealthCode', person),
    ])
    expect(Date.now() - started).toBeLessThan(2000)
    expect(errorOf(hung)).toMatchObject({ code: 'NP_ERR_PLUGIN_TIMEOUT', plugin: '710000', hook: 'getHealthCode' })
    expect(errorOf(hung).message).toContain('300 ms')
    expect(errorOf(hung).message).toContain('hangs (710000)')
    expect(sawAbort).toBe(true)
    expect(tj).toMatchObject({ data: { province: '120000', colour: 'green' } })
    expect(hb).toMatchObject({ data: { province: '130000' } })
  })

  test('a plugin that ignores its signal still times out; its late answer is dropped', async () => {
    const r = await h.host.callWith({ timeoutMs: 100 }, '710000', 'getVaccinations', person)
    expect(errorOf(r)).toMatchObject({ code: 'NP_ERR_PLUGIN_TIMEOUT', hook: 'getVaccinations' })
    await new Promise((resolve) => setTimeout(resolve, 400))
  })

  test('the caller can cancel a call', async () => {
    const controller = new AbortController()
    const pending = h.host.callWith({ signal: controller.signal }, '710000', 'getHealthCode', person)
    controller.abort()
    expect(errorOf(await pending)).toMatchObject({ code: 'NP_ERR_PLUGIN_ABORTED', plugin: '710000' })
  })

  test('a throwing plugin becomes NP_ERR_PLUGIN_THREW with plugin, hook and a redacted cause', async () => {
    const [thrown, tj] = await Promise.all([
      h.host.call('810000', 'getHealthCode', person),
      h.host.call('120000', 'getVaccinations', person),
    ])
    const e = errorOf(thrown)
    expect(e).toMatchObject({ code: 'NP_ERR_PLUGIN_THREW', plugin: '810000', hook: 'getHealthCode' })
    expect(e.message).toContain('throws (810000)')
    expect(e.message).not.toContain(person.idNumber)
    expect('data' in tj).toBe(true)
  })

  test('throwing a non-Error is typed too', async () => {
    expect(errorOf(await h.host.call('810000', 'getTestResults', person, { since: 0 }))).toMatchObject({
      code: 'NP_ERR_PLUGIN_THREW',
      hook: 'getTestResults',
    })
  })

  test('malformed answers are NP_ERR_RESPONSE_INVALID with the path', async () => {
    const e = errorOf(await h.host.call('810000', 'getVaccinations', person))
    expect(e).toMatchObject({ code: 'NP_ERR_RESPONSE_INVALID', plugin: '810000', hook: 'getVaccinations' })
    expect(e.message).toMatch(/0\.at: /)
    const form = errorOf(await h.host.call('810000', 'declarationForm'))
    expect(form.message).toContain('province: must be 810000')
  })

  test('missing hooks and unknown plugins are typed', async () => {
    expect(
      errorOf(
        await h.host.call(
          '810000',
          'checkIn',
          { province: '810000', venueId: 'x', name: 'x', source: 'national' },
          person,
          { idempotencyKey: 'k', at: Date.now() },
        ),
      ),
    ).toMatchObject({
      code: 'NP_ERR_PLUGIN_UNSUPPORTED',
    })
    expect(errorOf(await h.host.call('999999', 'getHealthCode', person))).toMatchObject({
      code: 'NP_ERR_PLUGIN_UNKNOWN',
    })
  })
})

describe('identity and logs', () => {
  test('each plugin gets exactly its declared fields', async () => {
    h.received.length = 0
    await Promise.all([h.host.call('810000', 'getHealthCode', person), h.host.call('120000', 'getHealthCode', person)])
    const got = Object.fromEntries(h.received.map((r) => [r.plugin, Object.keys(r.person).sort()]))
    expect(got).toEqual({ '810000': ['idNumber', 'phone'], '120000': ['idNumber', 'name'] })
    expect(Object.isFrozen(h.received[0].person)).toBe(true)
  })

  test('no consent: NP_ERR_CONSENT_REQUIRED and the plugin is never called', async () => {
    const noConsent = await startHarness({ plugins: [throws], backends: [], consent: () => false })
    try {
      expect(errorOf(await noConsent.host.call('810000', 'getHealthCode', person))).toMatchObject({
        code: 'NP_ERR_CONSENT_REQUIRED',
        plugin: '810000',
      })
      expect(noConsent.received).toHaveLength(0)
    } finally {
      await noConsent.close()
    }
  })

  test('logs never hold the full ID number, name or phone', async () => {
    await h.host.call('810000', 'getHealthCode', person)
    const text = JSON.stringify(h.logs)
    expect(h.logs.some((l) => l.plugin === '810000' && l.message.startsWith('querying'))).toBe(true)
    for (const secret of [person.idNumber, person.phone, person.name]) expect(text).not.toContain(secret)
  })
})

describe('registration', () => {
  const base = {
    id: '440000',
    slug: 'guangdong',
    name: { zh: '广东省', en: 'Guangdong' },
    manifest: { ...demoManifest('guangdong'), identityFields: [], hooks: [] },
  }
  const reg = (plugins: unknown[]) => () => createRegistry(plugins as AnyProvincePlugin[])

  test('duplicate ids are rejected naming both plugins', () => {
    expect(reg([base, { ...base, slug: 'canton' }])).toThrow(
      /guangdong \(440000\) and canton \(440000\) both use id 440000/,
    )
  })
  test('duplicate slugs are rejected naming both plugins', () => {
    expect(reg([base, { ...base, id: '450000' }])).toThrow(
      /guangdong \(440000\) and guangdong \(450000\) both use slug/,
    )
  })
  test.each([
    [{ ...base, id: '4400' }, /guangdong \(4400\) is invalid: id must be/],
    [{ ...base, id: '441900' }, /id must be/],
    [{ ...base, slug: 'GuangDong' }, /slug must be/],
    [{ ...base, name: { zh: '广东省' } }, /guangdong \(440000\) is invalid: name must have/],
    [{ ...base, getHealthCode: 'nope' }, /getHealthCode must be a function/],
    [{ ...base, getHealthcode: () => null }, /getHealthcode is not a hook/],
    [{ ...base, identityFields: ['name', 'passport'] }, /unknown field "passport"/],
    [{ ...base, timeoutMs: -1 }, /timeoutMs/],
    [undefined, /#0 is invalid/],
  ])('invalid plugin %#', (plugin, message) => {
    expect(reg([plugin])).toThrow(message)
  })
  test('errors are NpError objects with a code', () => {
    expect.assertions(2)
    try {
      reg([base, base])()
    } catch (e) {
      expect(e).toBeInstanceOf(Error)
      expect((e as { code?: string }).code).toBe('NP_ERR_PLUGIN_DUPLICATE')
    }
  })
})
