/**
 * Reads ahead (issue 16, cold start; src/boot/primeReads.ts): while the app's scripts load, the H5 boot shell checks
 * and decrypts with WebCrypto the values the app reads at start, and the app's storage takes each one instead of
 * checking it again with crypto-js on the main thread. What must hold: only values that pass the same MAC check
 * under this device key are read ahead; the app takes one only for exactly the stored text and device key it was
 * checked under; a value changed, removed, tampered with or re-keyed since is read (and refused) as ever; nothing
 * is written by reading ahead.
 */
import { webcrypto } from 'node:crypto'
import AES from 'crypto-js/aes'
import { primedKeys, primeReads } from '../../src/boot/primeReads'
import { takePrimedReads } from '../../src/platform/primedReads.h5'
import { createSecureStorage } from '../../src/platform/secureStorage'
import { taroLocalStorage } from './taroLocalStorage'
import { BOOT_READS, PRIMED_GLOBAL, type PrimedRead } from '../../src/platform/storageKeys'

/** The page's window as the boot shell sees it, with WebCrypto (jsdom's has none). */
const win = () => globalThis as unknown as Parameters<typeof primeReads>[0]
const jsdomCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
beforeAll(() => Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, writable: true }))
afterAll(() => {
  if (jsdomCrypto) Object.defineProperty(globalThis, 'crypto', jsdomCrypto)
})
const snapshot = () => JSON.stringify(Object.entries(localStorage).sort())

const VALUES: Record<string, unknown> = {
  settings: { langChoice: 'en', elder: true, currentProvince: '440000' },
  consents: { 'gd.health': true },
  clock: { skewMs: 1200, lastServerAt: 1_700_000_000_000 },
  'identity.people': { people: [{ id: 'p-1', name: '马丽娜' }], activeId: 'p-1' },
  trustList: { value: { keys: ['k'.repeat(43)] }, at: 1 },
  phoneKey: { pub: 'x' },
  'auth.session.440000': { token: 'gd' },
  'auth.session.110000': { token: 'bj' },
}

function writeAll() {
  const storage = createSecureStorage(taroLocalStorage)
  for (const [k, v] of Object.entries(VALUES)) storage.write(k, v)
  // Not read at start: not read ahead.
  storage.write('checkins.v1', { history: [] })
}

beforeEach(() => {
  localStorage.clear()
  delete (globalThis as Record<string, unknown>)[PRIMED_GLOBAL]
})

test('the start reads, then every stored session, in that order', () => {
  writeAll()
  expect(primedKeys(localStorage)).toEqual([...BOOT_READS, 'auth.session.110000', 'auth.session.440000'])
})

test('what the app wrote with crypto-js is read ahead with WebCrypto to the same plaintext, writing nothing', async () => {
  writeAll()
  const before = snapshot()
  const { primed, done } = primeReads(win())
  expect((globalThis as Record<string, unknown>)[PRIMED_GLOBAL]).toBe(primed)
  await done
  expect([...primed.keys()].sort()).toEqual(Object.keys(VALUES).sort())
  for (const [k, v] of Object.entries(VALUES)) {
    expect(JSON.parse((primed.get(k) as PrimedRead).plain)).toEqual(v)
    expect(primed.get(k)?.stored).toBe(taroLocalStorage.get(k))
  }
  expect(snapshot()).toBe(before)
})

test('a tampered value, another key’s value copied in, or another device key: not read ahead', async () => {
  writeAll()
  const [p, iv, ct, mac] = (taroLocalStorage.get('consents') as string).split('.')
  taroLocalStorage.set('consents', `${p}.${iv}.${ct.slice(0, 4)}${ct[4] === 'A' ? 'B' : 'A'}${ct.slice(5)}.${mac}`)
  taroLocalStorage.set('clock', taroLocalStorage.get('settings') as string)
  taroLocalStorage.set('phoneKey', `${p}.${iv}.${ct}`)
  const { primed, done } = primeReads(win())
  await done
  for (const k of ['consents', 'clock', 'phoneKey']) expect(primed.has(k)).toBe(false)
  expect(primed.has('settings')).toBe(true)

  // The app's own read still finds each one and moves it aside.
  const storage = createSecureStorage(taroLocalStorage, { primed })
  for (const k of ['consents', 'clock', 'phoneKey']) {
    const r = storage.read(k)
    expect('error' in r && r.error.code).toBe('NP_ERR_STORAGE_TAMPERED')
    expect(taroLocalStorage.get(`${k}.tampered`)).toBeDefined()
  }

  localStorage.clear()
  writeAll()
  taroLocalStorage.set('__np_device_key', 'ab'.repeat(64))
  const other = primeReads(win())
  await other.done
  expect(other.primed.size).toBe(0)
  taroLocalStorage.remove('__np_device_key')
  const none = primeReads(win())
  await none.done
  expect(none.primed.size).toBe(0)
})

test('no WebCrypto: nothing is read ahead, and the app reads as ever', async () => {
  writeAll()
  const { primed, done } = primeReads({ localStorage, crypto: {} })
  await done
  expect(primed.size).toBe(0)
  expect(createSecureStorage(taroLocalStorage, { primed }).read('settings')).toEqual({ value: VALUES.settings })
})

describe("the app's storage with values read ahead", () => {
  async function primedStorage() {
    writeAll()
    const { done } = primeReads(win())
    await done
    const primed = takePrimedReads()
    expect(primed?.size).toBe(Object.keys(VALUES).length)
    // Taken once: the window no longer holds the plaintexts.
    expect((globalThis as Record<string, unknown>)[PRIMED_GLOBAL]).toBeUndefined()
    expect(takePrimedReads()).toBeUndefined()
    return { primed: primed as Map<string, PrimedRead>, storage: createSecureStorage(taroLocalStorage, { primed }) }
  }

  test('takes each one without decrypting it again, and each read gets a fresh object', async () => {
    const { storage } = await primedStorage()
    const decrypt = jest.spyOn(AES, 'decrypt')
    try {
      for (const [k, v] of Object.entries(VALUES)) expect(storage.read(k)).toEqual({ value: v })
      const a = storage.read<{ langChoice: string }>('settings')
      const b = storage.read<{ langChoice: string }>('settings')
      expect('value' in a && 'value' in b && a.value !== b.value).toBe(true)
      expect(decrypt).not.toHaveBeenCalled()
      // A value not read ahead is decrypted as ever.
      expect(storage.read('checkins.v1')).toEqual({ value: { history: [] } })
      expect(decrypt).toHaveBeenCalledTimes(1)
    } finally {
      decrypt.mockRestore()
    }
  })

  test('a value written, removed or replaced since it was read ahead is read as it is now', async () => {
    const { primed, storage } = await primedStorage()
    // Another tab writes new settings after the boot shell read them ahead.
    createSecureStorage(taroLocalStorage).write('settings', { langChoice: 'zh', elder: false })
    expect(storage.read('settings')).toEqual({ value: { langChoice: 'zh', elder: false } })
    // This storage writes, then reads its own value.
    storage.write('consents', { 'gd.health': false })
    expect(storage.read('consents')).toEqual({ value: { 'gd.health': false } })
    // Removed: absent, and the plaintext read ahead is dropped.
    storage.remove('clock')
    expect(storage.read('clock')).toEqual({ value: null })
    expect(primed.has('clock')).toBe(false)
  })

  test('only under the device key it was checked under', async () => {
    const { primed } = await primedStorage()
    // The device key changed since (same shape): the stored text is the same, but it no longer checks.
    taroLocalStorage.set('__np_device_key', 'cd'.repeat(64))
    const storage = createSecureStorage(taroLocalStorage, { primed })
    const r = storage.read('settings')
    expect('error' in r && r.error.code).toBe('NP_ERR_STORAGE_TAMPERED')
  })

  test('a plaintext read ahead that is not JSON is refused as tampered, not thrown', () => {
    writeAll()
    const stored = taroLocalStorage.get('settings') as string
    const under = taroLocalStorage.get('__np_device_key') as string
    const primed = new Map<string, PrimedRead>([['settings', { stored, plain: '{"langChoice":', under }]])
    const r = createSecureStorage(taroLocalStorage, { primed }).read('settings')
    expect('error' in r && r.error.code).toBe('NP_ERR_STORAGE_TAMPERED')
    expect(taroLocalStorage.get('settings')).toBeUndefined()
    expect(taroLocalStorage.get('settings.tampered')).toBe(stored)
  })
})
