/**
 * H5 (issue 16, cold start): while the app's scripts download and compile, the main thread is idle. The boot shell
 * uses that time to check and decrypt, with WebCrypto (off the main thread), the encrypted values the app reads
 * right after its first frame (src/platform/storageKeys.ts: `BOOT_READS`, then every province's session), exactly
 * as the app's own read would (src/boot/savedShell.ts `readChecked`: MAC over the key's name, then AES-CBC). The
 * app's storage takes each one whose stored text and device key are still the same (src/platform/secureStorage.ts),
 * instead of checking and decrypting it again with crypto-js on the main thread (~17 ms of a cold start's path on
 * this machine). A value that fails here is simply not read ahead: the app's own read finds the same and moves it
 * aside. Nothing is written.
 */
import { BOOT_READS, PRIMED_GLOBAL, type PrimedRead, SESSION_PREFIX } from '../platform/storageKeys'
import { deviceKeys, readChecked } from './savedShell'

export interface PrimeWindow {
  localStorage: Pick<Storage, 'getItem' | 'key' | 'length'>
  crypto?: { subtle?: SubtleCrypto }
}

/** The keys to read ahead, in order: `BOOT_READS`, then the sessions stored on this device. */
export function primedKeys(storage: Pick<Storage, 'key' | 'length'>): string[] {
  const sessions: string[] = []
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i)
    if (k?.startsWith(SESSION_PREFIX)) sessions.push(k)
  }
  return [...BOOT_READS, ...sessions.sort()]
}

/**
 * Start reading ahead; the map (also left on `win[PRIMED_GLOBAL]`) fills as each value is checked. Resolves when
 * all are done (for tests: the app never waits for it). Never rejects.
 */
export function primeReads(win: PrimeWindow): { primed: Map<string, PrimedRead>; done: Promise<void> } {
  const primed = new Map<string, PrimedRead>()
  ;(win as unknown as Record<string, unknown>)[PRIMED_GLOBAL] = primed
  const subtle = win.crypto?.subtle
  if (!subtle) return { primed, done: Promise.resolve() }
  const done = deviceKeys(win.localStorage, subtle)
    .then((keys) => {
      if (!keys) return
      return Promise.all(
        primedKeys(win.localStorage).map((key) =>
          readChecked(win.localStorage, subtle, keys, key).then((read) => {
            if (read) primed.set(key, read)
          }),
        ),
      ).then(() => undefined)
    })
    .catch(() => undefined)
  return { primed, done }
}
