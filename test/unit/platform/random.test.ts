/**
 * Secure randomness without `crypto.getRandomValues` (a mini-program): seeded
 * from the platform's asynchronous `getRandomValues`, never from Math.random,
 * and refused with a catalogued error when the runtime has no secure source.
 */
import { webcrypto } from 'node:crypto'
import { isNpError } from '../../../src/core/errors'
import { prepareRandom, randomBytes, randomHex, randomReady, resetRandomForTests } from '../../../src/platform/random'
import { createSecureStorage, type RawStore } from '../../../src/platform/secureStorage'

type G = { crypto?: unknown; wx?: unknown }
const g = globalThis as G
const realCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')

function memory(): RawStore & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) }
}

/** A `wx.getRandomValues` that answers asynchronously, counting its calls. */
function stubWx(): { calls: number[] } {
  const calls: number[] = []
  g.wx = {
    getRandomValues(o: { length: number; success: (r: { randomValues: ArrayBuffer }) => void }) {
      calls.push(o.length)
      const bytes = webcrypto.getRandomValues(new Uint8Array(o.length))
      setImmediate(() => o.success({ randomValues: bytes.buffer }))
    },
  }
  return { calls }
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f()
    return undefined
  } catch (e) {
    return isNpError(e) ? e.code : String(e)
  }
}

beforeEach(() => {
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true })
  resetRandomForTests()
})
afterEach(() => {
  if (realCrypto) Object.defineProperty(globalThis, 'crypto', realCrypto)
  delete g.wx
  resetRandomForTests()
  jest.restoreAllMocks()
})

describe('platform randomness on a mini-program runtime', () => {
  it('draws nothing before the asynchronous seed, then distinct bytes from the platform source only', async () => {
    const { calls } = stubWx()
    const mathRandom = jest.spyOn(Math, 'random')
    expect(randomReady()).toBe(false)
    expect(codeOf(() => randomBytes(16))).toBe('NP_ERR_RANDOM_UNAVAILABLE')
    await prepareRandom()
    expect(calls[0]).toBeGreaterThanOrEqual(32)
    const draws = Array.from({ length: 200 }, () => randomHex(16))
    expect(new Set(draws).size).toBe(200)
    expect(draws.every((d) => /^[0-9a-f]{32}$/.test(d))).toBe(true)
    expect(randomBytes(100)).toHaveLength(100)
    expect(mathRandom).not.toHaveBeenCalled()
  })

  it('reseeds from the platform after draws', async () => {
    const { calls } = stubWx()
    await prepareRandom()
    const before = calls.length
    randomHex(8)
    await new Promise((r) => setImmediate(r))
    await new Promise((r) => setImmediate(r))
    expect(calls.length).toBeGreaterThan(before)
  })

  it('refuses with NP_ERR_RANDOM_UNAVAILABLE when the runtime has no secure source', async () => {
    const mathRandom = jest.spyOn(Math, 'random')
    await expect(prepareRandom()).rejects.toMatchObject({ code: 'NP_ERR_RANDOM_UNAVAILABLE' })
    expect(codeOf(() => randomHex(16))).toBe('NP_ERR_RANDOM_UNAVAILABLE')
    expect(mathRandom).not.toHaveBeenCalled()
  })

  it('encrypted storage creates its device key only from the seeded source, waiting for it', async () => {
    stubWx()
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('identity.people', [{ name: '周文静' }])
    // Not stored yet (no key without secure randomness), but nothing is lost: reads see it.
    expect(raw.map.has('__np_device_key')).toBe(false)
    expect(s.read('identity.people')).toEqual({ value: [{ name: '周文静' }] })
    await s.ready?.()
    expect(raw.map.get('__np_device_key')).toMatch(/^[0-9a-f]{128}$/)
    expect(raw.map.get('identity.people')).toMatch(/^np1\./)
    expect(createSecureStorage(raw).read('identity.people')).toEqual({ value: [{ name: '周文静' }] })
  })

  it('encrypted storage without any secure source keeps writes in memory and says why', async () => {
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('consents', { '440000': true })
    await expect(s.ready?.()).rejects.toMatchObject({ code: 'NP_ERR_RANDOM_UNAVAILABLE' })
    expect(raw.map.size).toBe(0)
    expect(s.read('consents')).toEqual({ value: { '440000': true } })
  })
})
