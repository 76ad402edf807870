/**
 * Issue 13 in the pages: the pass page shows an `NP2:` QR signed by this
 * phone when a province certified its key for the person, re-signed on a
 * timer (held here and fired by the test, with the app's clock moved on:
 * nothing waits on time), and the `NP1:` QR without a certificate; the guard
 * page's venue policy refuses unbound passes with the reason in the guard's
 * language, says plainly when a pass is not bound, shows how long ago a bound
 * one was shown, and refuses a replayed bound QR older than the window.
 */
import type { ThunkAction, UnknownAction } from '@reduxjs/toolkit'
import { base64urlEncode } from '../../src/core/bytes'
import { parseSignedClaim, serializeSignedClaim } from '../../src/core/claims'
import { generateKeyPair } from '../../src/core/ed25519'
import { BINDING_WINDOW_MS, encodeBoundPass, encodePass, verifyPass } from '../../src/core/passCodec'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyRuleSet } from '../../src/core/signedRules'
import { verifyTrustList } from '../../src/core/trustList'
import type { Services } from '../../src/app/services'
import type { RootState } from '../../src/app/store'
import { PHONE_KEY_SLOT, readPhoneKey } from '../../src/features/identity/phoneKey'
import { addPersonFromForm } from '../../src/features/identity/identitySlice'
import { guardPrepared } from '../../src/features/guard/guardSlice'
import { PASS_RESIGN_MS } from '../../src/features/pass/PassView'
import { claimHolder } from '../../src/features/pass/passLogic'
import { buildDemoTrustList } from '../../mock/keys'
import { certifyDeviceKey } from '../../mock/lib/national'
import { rulesFor } from '../../mock/lib/province'
import { signDemo, typicalClaims } from '../fixtures/typicalPass'
import { type BootedApp, bootApp } from './bootApp'

const H = 3_600_000
const person = { name: '马丽娜', idNumber: '510104198511030218', phone: '13900000808' }
const personId = 'p-030218'
const holder = claimHolder(person)
const seed = new Uint8Array(32).fill(21)
const phone = generateKeyPair(seed)

const withServices =
  <T,>(fn: (s: Services) => T): ThunkAction<T, RootState, Services, UnknownAction> =>
  (_d, _g, services) =>
    fn(services)

/** A green Guangdong code for the person, signed now with the DEMO key. */
function gdCode(now: number) {
  const { hc } = typicalClaims(now, { codeAge: 60_000, holder })
  return {
    province: '440000',
    issuer: '440000',
    colour: 'green',
    issuedAt: hc.iat,
    validUntil: hc.exp,
    history: [{ colour: 'green', at: now - 400 * 24 * H, reason: '首次申领' }],
    popUps: [],
    claim: serializeSignedClaim(signDemo(hc)),
    verified: true,
  }
}

/**
 * Every `setInterval(fn, PASS_RESIGN_MS)` the page starts is held (not run by
 * time); `fire()` runs the live ones; cleared ones are dropped.
 */
function holdResignTimers() {
  const held = new Map<number, () => void>()
  const realSet = window.setInterval
  const realClear = window.clearInterval
  let next = 2e9
  const set = jest.spyOn(window, 'setInterval').mockImplementation(((fn: () => void, ms?: number, ...a: unknown[]) => {
    if (ms !== PASS_RESIGN_MS) return realSet(fn, ms, ...a)
    next += 1
    held.set(next, fn)
    return next
  }) as typeof setInterval)
  const clear = jest.spyOn(window, 'clearInterval').mockImplementation(((h?: number) => {
    if (h !== undefined && held.has(h)) held.delete(h)
    else realClear(h)
  }) as typeof clearInterval)
  return {
    live: () => held.size,
    fire: () => {
      for (const f of [...held.values()]) f()
    },
    restore() {
      set.mockRestore()
      clear.mockRestore()
    },
  }
}

/** Boot on the pass page with a saved Guangdong answer (with the phone key's certificate when `certified`). */
async function passPage(certified: boolean): Promise<BootedApp> {
  const first = await bootApp({ route: 'settings' })
  await first.store.dispatch(addPersonFromForm({ ...person, self: false, consent: true }))
  const now = Date.now()
  const cert = certifyDeviceKey('440000', holder, base64urlEncode(phone.publicKey), now - H) as string
  first.store.dispatch(
    withServices((s) => {
      s.storage.write(PHONE_KEY_SLOT, { seed: base64urlEncode(seed), createdAt: now - H })
      s.storage.write(`pass.${personId}`, {
        savedAt: now - 60_000,
        provinces: {
          '440000': {
            province: '440000',
            status: 'done',
            healthCode: gdCode(now),
            tests: [],
            vaccinations: [],
            ...(certified ? { deviceKeyClaim: cert } : {}),
          },
        },
      })
    }),
  )
  const app = await bootApp({ route: 'pass', keepStorage: true })
  await app.waitFor(() => app.state().pass.byPerson[personId]?.provinces['440000'])
  return app
}

const trustNow = () => verifyTrustList(buildDemoTrustList(Date.now()), ROOT_PUBLIC_KEY)

describe('the pass page', () => {
  test('with a certificate for this phone: an NP2 QR, re-signed when its timer fires, verifying as bound', async () => {
    const timers = holdResignTimers()
    try {
      const app = await passPage(true)
      const box = await app.find('[data-pass^="NP2:"]')
      const first = box.getAttribute('data-pass') as string
      expect(verifyPass(first, trustNow(), Date.now(), { requireBinding: true })).toMatchObject({
        bound: true,
        valid: true,
      })
      expect((await app.find('[data-qr-bound]')).textContent).toMatch(/已绑定本机/)
      await app.waitFor(() => timers.live() === 1)
      // The app's clock moves on 20 s (no waiting): the timer re-signs at the new time.
      const clock = app.store.dispatch(withServices((s) => s.clock))
      const real = clock.now.bind(clock)
      const spy = jest.spyOn(clock, 'now').mockImplementation(() => real() + 20_000)
      try {
        timers.fire()
        const second = await app.waitFor(() => {
          const t = app.page().querySelector('[data-pass]')?.getAttribute('data-pass')
          return t && t !== first ? t : null
        })
        expect(second.startsWith('NP2:')).toBe(true)
        const at = Date.now() + 20_000
        expect(verifyPass(second, trustNow(), at, { requireBinding: true })).toMatchObject({ bound: true, valid: true })
        // The QR shown before is now a copy once the window has passed; the new one is not.
        expect(verifyPass(first, trustNow(), at + BINDING_WINDOW_MS - 10_000).problems.map((p) => p.code)).toContain(
          'NP_ERR_PASS_BINDING_STALE',
        )
      } finally {
        spy.mockRestore()
      }
      // Leaving the page stops the timer.
      await app.goTo('settings')
      await app.waitFor(() => timers.live() === 0)
    } finally {
      timers.restore()
    }
  })

  test('without a certificate: the NP1 QR as before, and no re-sign timer', async () => {
    const timers = holdResignTimers()
    try {
      const app = await passPage(false)
      const box = await app.find('[data-pass^="NP1:"]')
      expect(verifyPass(box.getAttribute('data-pass') as string, trustNow(), Date.now()).bound).toBe(false)
      expect(app.page().querySelector('[data-qr-bound]')).toBeNull()
      expect(timers.live()).toBe(0)
    } finally {
      timers.restore()
    }
  })
})

/** A guard page with the trust list and Guangdong's rules in place. */
async function readyGuard(lang = 'zh-CN'): Promise<BootedApp> {
  const app = await bootApp({ route: 'guard', systemLanguage: lang })
  const now = Date.now()
  const trust = trustNow()
  const rules = verifyRuleSet(rulesFor('440000'), trust, '440000')
  app.store.dispatch(guardPrepared.pending('ui-test', { province: '440000' }))
  app.store.dispatch(
    guardPrepared.fulfilled(
      {
        trustList: { value: trust, fetchedAt: now, version: String(trust.version) },
        ruleSet: { value: rules, fetchedAt: now, version: rules.version },
        error: null,
        at: now,
        clock: { skewMs: 0, off: false },
      },
      'ui-test',
      { province: '440000' },
    ),
  )
  await app.find('[data-guard-status="ready"]')
  return app
}

async function verifyText(app: BootedApp, text: string) {
  const box = (await app.find('[data-input="pass-text"] textarea')) as HTMLTextAreaElement
  box.value = text
  box.dispatchEvent(new window.Event('input', { bubbles: true }))
  await app.waitFor(() => box.value === text)
  const before = app.state().guard.last
  await app.click('[data-action="verify"]')
  await app.waitFor(() => app.state().guard.last !== before && app.state().guard.last)
}

/** The passes a traveller would show now: unbound, and bound (signed by the phone `shownAgo` ago). */
function passes(shownAgo = 0) {
  const now = Date.now()
  const { hc, tr } = typicalClaims(now, { codeAge: 60_000, holder, sampledAgo: 30 * H, reportedAgo: 20 * H })
  const cert = certifyDeviceKey('440000', holder, base64urlEncode(phone.publicKey), now - H) as string
  const claims = [hc, tr].map(signDemo)
  return {
    unbound: encodePass({ v: 1, holder, claims }),
    bound: encodeBoundPass(
      { v: 1, holder, claims: [...claims, parseSignedClaim(cert)] },
      phone.secretKey,
      now - shownAgo,
    ),
  }
}

describe('the guard page', () => {
  test('policy off: an unbound pass is judged and said to be unbound; a bound one says how long ago it was shown', async () => {
    const app = await readyGuard()
    expect((await app.find('[data-action="require-binding"]')).getAttribute('data-on')).toBe('off')
    const { unbound, bound } = passes(3_000)
    await verifyText(app, unbound)
    expect(app.state().guard.last?.reasons.map((r) => r.code)).not.toContain('NP_ERR_PASS_NOT_BOUND')
    expect((await app.find('[data-bound="no"]')).textContent).toMatch(/未绑定持有人手机.*核对身份证/)
    await verifyText(app, bound)
    expect(app.state().guard.last).toMatchObject({ bound: true })
    expect((await app.find('[data-bound="yes"]')).textContent).toMatch(/已绑定：\d+ 秒前由持有人手机出示/)
    expect(app.page().querySelector('[data-bound="no"]')).toBeNull()
  })

  test('policy on (kept across restarts): an unbound pass is refused with the reason', async () => {
    const app = await readyGuard()
    await app.click('[data-action="require-binding"]')
    await app.waitFor(() => app.state().guard.requireBinding)
    expect((await app.find('[data-action="require-binding"]')).getAttribute('data-on')).toBe('on')
    await verifyText(app, passes().unbound)
    expect(app.state().guard.last?.outcome).toBe('refuse')
    const reason = await app.find('[data-reason="NP_ERR_PASS_NOT_BOUND"]')
    expect(reason.textContent).toMatch(/本场所要求通行码绑定持有人手机/)
    // A bound pass is still admitted under the policy.
    await verifyText(app, passes().bound)
    expect(app.state().guard.last?.reasons.map((r) => r.code)).not.toContain('NP_ERR_PASS_NOT_BOUND')
    expect(app.state().guard.last?.bound).toBe(true)
    // Restart: the policy is still on.
    const again = await bootApp({ route: 'guard', keepStorage: true })
    await again.waitFor(() => again.state().guard.requireBinding === true)
  })

  test.each([
    ['zh-CN', /复制件或截图/],
    ['en-US', /a copy or a screenshot/],
  ])('%s: a bound QR replayed 61 s after it was shown is refused as a copy', async (lang, words) => {
    const app = await readyGuard(lang)
    await verifyText(app, passes(61_000).bound)
    expect(app.state().guard.last?.outcome).toBe('refuse')
    const reason = await app.find('[data-reason="NP_ERR_PASS_BINDING_STALE"]')
    expect(reason.textContent).toMatch(words)
    expect(app.page().querySelector('[data-bound="yes"]')).toBeNull()
  })
})

describe('settings', () => {
  test('“reset this phone’s binding key” makes a new key (the old one is gone)', async () => {
    const app = await bootApp({ route: 'settings' })
    app.store.dispatch(
      withServices((s) => s.storage.write(PHONE_KEY_SLOT, { seed: base64urlEncode(seed), createdAt: 0 })),
    )
    await app.click('[data-action="reset-phone-key"]')
    await app.find('[data-phone-key="done"]')
    const now = app.store.dispatch(withServices((s) => readPhoneKey(s.storage)))
    expect(now).not.toBeNull()
    expect(now?.publicKey).not.toEqual(phone.publicKey)
  })
})
