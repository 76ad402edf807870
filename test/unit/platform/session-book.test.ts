/**
 * The sign-in book keeps each province's session in its own encrypted record
 * (issue 16: asking the first province on a cold start decrypted every
 * province's session), keeps a store written the old way (one record of all
 * sessions), and forgets every session on a new sign-in and on sign-out.
 */
import { createSignInBook } from '../../../src/app/services'
import { createSecureStorage, type RawStore, type SecureStorage } from '../../../src/platform/secureStorage'
import type { PluginSession } from '../../../src/sdk/types'
import { memoryStore as memory } from '../checkin-harness'

const session = (token: string): PluginSession => ({ accessToken: token, expiresAt: 2_000_000_000_000 })
const credential = { kind: 'super-app', code: 'c-1', expiresAt: 2_000_000_000_000 } as never

/** The storage, with every key it was asked to read. */
function watched(raw: RawStore): { storage: SecureStorage; reads: string[] } {
  const storage = createSecureStorage(raw)
  const reads: string[] = []
  return {
    reads,
    storage: {
      ...storage,
      read: (key) => {
        reads.push(key)
        return storage.read(key)
      },
    },
  }
}

describe('sign-in book: a session per province', () => {
  test('reading one province decrypts its record only', () => {
    const raw = memory()
    const book = createSignInBook(createSecureStorage(raw))
    for (const id of ['110000', '440000', '650000']) book.sessions.set(id, session(`t-${id}`))
    const { storage, reads } = watched(raw)
    const again = createSignInBook(storage)
    expect(again.session('440000')).toEqual(session('t-440000'))
    expect(reads.filter((k) => k.includes('110000') || k.includes('650000'))).toEqual([])
    // Nothing but the province's own record (and the one-time look for a record written the old way).
    expect(new Set(reads)).toEqual(new Set(['auth.sessions', 'auth.session.440000']))
  })

  test('no plaintext token in the stored text', () => {
    const raw = memory()
    createSignInBook(createSecureStorage(raw)).sessions.set('440000', session('secret-token-440000'))
    for (const v of raw.map.values()) expect(v).not.toContain('secret-token')
  })

  test('a store written the old way keeps every session, split once, the old record removed', () => {
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('auth.sessions', { '110000': session('old-110000'), '440000': session('old-440000') })
    const book = createSignInBook(createSecureStorage(raw))
    expect(book.session('440000')).toEqual(session('old-440000'))
    expect(raw.map.has('auth.sessions')).toBe(false)
    const next = createSignInBook(createSecureStorage(raw))
    expect(next.session('110000')).toEqual(session('old-110000'))
    expect(next.session('440000')).toEqual(session('old-440000'))
  })

  test('a session written per province is newer than the old record', () => {
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('auth.session.440000', session('new-440000'))
    s.write('auth.sessions', { '440000': session('old-440000') })
    expect(createSignInBook(createSecureStorage(raw)).session('440000')).toEqual(session('new-440000'))
  })

  test('a new sign-in forgets every session, old record included', () => {
    const raw = memory()
    const s = createSecureStorage(raw)
    s.write('auth.sessions', { '110000': session('old-110000') })
    const book = createSignInBook(s)
    book.sessions.set('440000', session('t-440000'))
    book.setCredential(credential)
    expect(book.session('440000')).toBeUndefined()
    expect(book.session('110000')).toBeUndefined()
    expect([...raw.map.keys()].filter((k) => k.startsWith('auth.session'))).toEqual([])
  })

  test('sign-out forgets every session, even when the index was lost', () => {
    const raw = memory()
    const book = createSignInBook(createSecureStorage(raw), ['110000', '440000'])
    book.sessions.set('110000', session('t-110000'))
    book.sessions.set('440000', session('t-440000'))
    raw.map.delete('auth.session-ids')
    book.signOut()
    expect([...raw.map.keys()].filter((k) => k.startsWith('auth.'))).toEqual([])
  })

  test('a dropped session (the province answered 401) leaves the others', () => {
    const raw = memory()
    const book = createSignInBook(createSecureStorage(raw))
    book.sessions.set('110000', session('t-110000'))
    book.sessions.set('440000', session('t-440000'))
    book.sessions.set('440000', undefined)
    const next = createSignInBook(createSecureStorage(raw))
    expect(next.session('440000')).toBeUndefined()
    expect(next.session('110000')).toEqual(session('t-110000'))
  })

  test('a tampered session record is refused alone; the other provinces keep theirs', () => {
    const raw = memory()
    const book = createSignInBook(createSecureStorage(raw))
    book.sessions.set('110000', session('t-110000'))
    book.sessions.set('440000', session('t-440000'))
    const stored = raw.map.get('auth.session.440000') ?? ''
    raw.map.set('auth.session.440000', `${stored.slice(0, -2)}00`)
    const next = createSignInBook(createSecureStorage(raw))
    expect(next.session('440000')).toBeUndefined()
    expect(raw.map.has('auth.session.440000.tampered')).toBe(true)
    expect(next.session('110000')).toEqual(session('t-110000'))
  })
})
