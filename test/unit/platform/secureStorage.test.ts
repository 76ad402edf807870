import { createSecureStorage, type RawStore } from '../../../src/platform/secureStorage'
import { createClock } from '../../../src/platform/clock'

function memory(): RawStore & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) }
}

describe('encrypted storage', () => {
  test('round-trips values and never stores the plaintext', () => {
    const raw = memory()
    const s = createSecureStorage(raw)
    const identity = { name: '张三', idNumber: '44010619900307123X', phone: '13800138000' }
    s.write('identity', identity)
    expect(s.read('identity')).toEqual({ value: identity })
    const stored = raw.map.get('identity') ?? ''
    expect(stored).not.toContain('44010619900307123X')
    expect(stored).not.toContain('13800138000')
    expect(stored).not.toContain(Buffer.from('张三').toString('base64'))
    expect(stored.startsWith('np1.')).toBe(true)
  })

  test('the same value encrypts differently each time (fresh IV)', () => {
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('a', { x: 1 })
    const first = raw.map.get('a')
    s.write('a', { x: 1 })
    expect(raw.map.get('a')).not.toBe(first)
  })

  test('a value survives a restart (same device key)', () => {
    const raw = memory()
    createSecureStorage(raw).write('pass', { colour: 'green' })
    expect(createSecureStorage(raw).read('pass')).toEqual({ value: { colour: 'green' } })
  })

  test('an absent key reads as null', () => {
    expect(createSecureStorage(memory()).read('nothing')).toEqual({ value: null })
  })

  test.each([
    ['one character changed', (v: string) => v.slice(0, 40) + (v[40] === 'A' ? 'B' : 'A') + v.slice(41)],
    ['truncated', (v: string) => v.slice(0, v.length - 10)],
    ['plain text written by something else', () => '{"colour":"green"}'],
  ])('a tampered value (%s) is rejected with NP_ERR_STORAGE_TAMPERED and kept aside', (_, tamper) => {
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('pass', { colour: 'red' })
    const tampered = tamper(raw.map.get('pass') ?? '')
    raw.map.set('pass', tampered)
    const r = s.read('pass')
    expect('error' in r && r.error.code).toBe('NP_ERR_STORAGE_TAMPERED')
    expect('error' in r && r.error.message).toContain('pass')
    expect(raw.map.get('pass.tampered')).toBe(tampered)
    expect(s.read('pass')).toEqual({ value: null })
  })
})

describe('encrypted storage: reading the same stored text again', () => {
  test('each read is a fresh object: changing what one read returned changes nothing stored', () => {
    const s = createSecureStorage(memory())
    s.write('sessions', { a: { token: 't1' } })
    const first = s.read<Record<string, unknown>>('sessions')
    if (!('value' in first) || !first.value) throw new Error('no value')
    first.value.b = { token: 'mine' }
    expect(s.read('sessions')).toEqual({ value: { a: { token: 't1' } } })
  })

  test('read, then tampered under the same key: refused, not the value read before', () => {
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('pass', { colour: 'red' })
    expect(s.read('pass')).toEqual({ value: { colour: 'red' } })
    const [p, iv, ct, mac] = (raw.map.get('pass') ?? '').split('.')
    raw.map.set('pass', `${p}.${iv}.${ct.slice(0, -4)}AAAA.${mac}`)
    const r = s.read('pass')
    expect('error' in r && r.error.code).toBe('NP_ERR_STORAGE_TAMPERED')
  })

  test('another writer of the same store (a second tab): its value is read, not the one known before', () => {
    const raw = memory()
    const tab1 = createSecureStorage(raw)
    const tab2 = createSecureStorage(raw)
    tab1.write('sessions', { a: 1 })
    expect(tab1.read('sessions')).toEqual({ value: { a: 1 } })
    tab2.write('sessions', { a: 2 })
    expect(tab1.read('sessions')).toEqual({ value: { a: 2 } })
    tab2.remove('sessions')
    expect(tab1.read('sessions')).toEqual({ value: null })
  })
})

describe('clock', () => {
  test('small differences are latency, not skew', () => {
    const clock = createClock(() => 1_000_000)
    clock.observe(1_000_000 - 30_000)
    expect(clock.skewMs()).toBe(0)
    expect(clock.now()).toBe(1_000_000)
  })

  test('the median of observations resists one outlier', () => {
    const now = 10_000_000_000
    const clock = createClock(() => now)
    for (const d of [3_600_000, 3_600_500, 3_599_000, -50_000_000]) clock.observe(now - d)
    expect(Math.abs(clock.skewMs() - 3_600_000)).toBeLessThan(1000)
  })
})
