/**
 * Guard mode in jsdom: the scanner mode (an always-present input that
 * verifies on Enter and clears, and a large verdict held for 3 s, tested by
 * firing its timer, not by waiting), the claims' states in words and shapes,
 * and a shift tally that names reasons instead of codes.
 */
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyRuleSet } from '../../src/core/signedRules'
import { verifyTrustList } from '../../src/core/trustList'
import { guardPrepared } from '../../src/features/guard/guardSlice'
import { SCANNER_VERDICT_MS } from '../../src/features/guard/GuardView'
import { buildDemoTrustList } from '../../mock/keys'
import { rulesFor } from '../../mock/lib/province'
import { H, passOf, typicalClaims } from '../fixtures/typicalPass'
import { type BootedApp, bootApp } from './bootApp'

const PROVINCE = '440000'

/** A guard page with the trust list and Guangdong's rules in place (as after a download). */
async function readyGuard(): Promise<BootedApp> {
  const app = await bootApp({ route: 'guard' })
  const now = Date.now()
  const trust = verifyTrustList(buildDemoTrustList(now), ROOT_PUBLIC_KEY)
  const rules = verifyRuleSet(rulesFor(PROVINCE), trust, PROVINCE)
  app.store.dispatch(guardPrepared.pending('ui-test', { province: PROVINCE }))
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
      { province: PROVINCE },
    ),
  )
  await app.find('[data-guard-status="ready"]')
  return app
}

/** A pass signed now with the DEMO keys: green code, negative PCR sampled `sampledAgo` before now. */
function pass(sampledAgo = 30 * H, over: { trExp?: number } = {}): string {
  const now = Date.now()
  const { hc, tr } = typicalClaims(now, { codeAge: 60_000, sampleId: `4401${sampledAgo}`, pooled: false })
  const t = { ...tr, iat: now - sampledAgo + H, ...(over.trExp ? { exp: over.trExp } : {}) }
  ;(t.body as { sampledAt: number }).sampledAt = now - sampledAgo
  ;(t.body as { reportedAt?: number }).reportedAt = now - sampledAgo + H
  return passOf([hc, t])
}

/** Holds every `setTimeout(fn, SCANNER_VERDICT_MS)` the page starts; `fire()` runs those not cleared. */
function holdVerdictTimers() {
  const held = new Map<number, () => void>()
  const realSet = window.setTimeout
  const realClear = window.clearTimeout
  let next = 1e9
  const set = jest.spyOn(window, 'setTimeout').mockImplementation(((fn: () => void, ms?: number, ...a: unknown[]) => {
    if (ms !== SCANNER_VERDICT_MS) return realSet(fn, ms, ...a)
    next += 1
    held.set(next, fn)
    return next
  }) as typeof setTimeout)
  const clear = jest.spyOn(window, 'clearTimeout').mockImplementation(((h?: number) => {
    if (h !== undefined && held.has(h)) held.delete(h)
    else realClear(h)
  }) as typeof clearTimeout)
  return {
    pending: () => held.size,
    fire() {
      const due = [...held.values()]
      held.clear()
      for (const f of due) f()
    },
    restore() {
      set.mockRestore()
      clear.mockRestore()
    },
  }
}

/** What a USB/Bluetooth scanner does: types the text into the focused input and presses Enter. */
function scannerTypes(input: HTMLInputElement, text: string) {
  input.value = text
  input.dispatchEvent(new window.Event('input', { bubbles: true }))
  input.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }))
}

describe('guard scanner mode', () => {
  test('verifies on Enter, clears for the next person, and the large verdict stays until its 3 s timer fires', async () => {
    expect(SCANNER_VERDICT_MS).toBe(3000)
    const app = await readyGuard()
    await app.click('[data-action="scanner-on"]')
    const input = (await app.find('[data-input="scanner"] input')) as HTMLInputElement
    const timers = holdVerdictTimers()
    try {
      scannerTypes(input, pass())
      const big = await app.find('[data-scanner-verdict]')
      expect(big.getAttribute('data-scanner-verdict')).toBe(app.state().guard.last?.outcome)
      await app.waitFor(() => input.value === '')
      expect(app.state().guard.tally.admitted + app.state().guard.tally.needsAction).toBe(1)
      // Held however long the page takes, until the timer fires.
      await app.waitFor(() => timers.pending() === 1)
      expect(app.page().querySelector('[data-scanner-verdict]')).not.toBeNull()
      timers.fire()
      await app.waitFor(() => app.page().querySelector('[data-scanner-verdict]') === null)

      // The next person: a second scan shows its own verdict, again held.
      scannerTypes(input, 'NP1:THIS-IS-NOT-A-PASS')
      await app.waitFor(() => app.page().querySelector('[data-scanner-verdict="refuse"]'))
      await app.waitFor(() => input.value === '')
      expect(app.state().guard.tally.refused).toBe(1)
      await app.waitFor(() => timers.pending() === 1)
    } finally {
      timers.restore()
    }
  })
})

describe('guard words', () => {
  test('a signed but expired test claim reads 已过期 (not 验签失败); the tally names the reason, not its code', async () => {
    const app = await readyGuard()
    const box = (await app.find('[data-input="pass-text"] textarea')) as HTMLTextAreaElement
    box.value = pass(30 * H, { trExp: Date.now() - H })
    box.dispatchEvent(new window.Event('input', { bubbles: true }))
    await app.waitFor(() => box.value !== '')
    await app.click('[data-action="verify"]')
    const expired = await app.find('[data-claim="tr"] [data-claim-state]')
    expect(expired.getAttribute('data-claim-state')).toBe('expired')
    expect(expired.textContent).toMatch(/已过期/)
    expect(expired.textContent).not.toMatch(/验签失败/)
    const reason = await app.find('[data-reason="NP_ERR_CLAIM_EXPIRED"]')
    expect(reason.textContent).toMatch(/凭证已过期 1 小时/)

    box.value = 'NP9:ABC'
    box.dispatchEvent(new window.Event('input', { bubbles: true }))
    await app.waitFor(() => box.value === 'NP9:ABC')
    await app.click('[data-action="verify"]')
    const line = await app.find('[data-tally-reason="NP_ERR_PASS_VERSION"]')
    expect(line.textContent).toMatch(/通行码版本无法识别/)
    expect(app.page().querySelector('[data-tally]')?.textContent).not.toMatch(/NP_ERR/)
  })
})
