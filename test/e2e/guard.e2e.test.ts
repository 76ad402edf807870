import { base45Decode, base45Encode } from '../../src/core/base45'
import { BOUND_PASS_PREFIX, decodePass, PASS_PREFIX } from '../../src/core/passCodec'
import { provinceName } from '../../src/core/rules/trip'
import { passOf, typicalClaims } from '../fixtures/typicalPass'
import { type E2E, startE2E } from './harness'

let e2e: E2E
let venue = '440000'

/** The traveller's pass text from the pass page (`data-pass`), else one signed here with the DEMO Guangdong key. */
async function travellerPass(): Promise<string> {
  await e2e.open('pass')
  const demo = e2e.page.locator('[data-demo-person="green"]')
  // Sign in as the DEMO traveller when the pass page offers it; without it the pass is signed below.
  const signedIn = await demo.waitFor({ timeout: 10000 }).then(
    () => demo.click().then(() => true),
    () => false,
  )
  // Once every authority has answered: the pass then carries the certificate of this phone's key (NP2).
  if (signedIn) await e2e.page.locator('[data-progress="32/32"]').waitFor({ timeout: 30000 })
  const el = e2e.page.locator('[data-pass]').first()
  const fromPage = await el.waitFor({ timeout: 20000 }).then(
    () => el.getAttribute('data-pass'),
    () => null,
  )
  // The signed-in traveller's pass is bound to the phone (NP2, issue 13).
  if (signedIn && fromPage && (fromPage.startsWith(PASS_PREFIX) || fromPage.startsWith(BOUND_PASS_PREFIX)))
    return fromPage
  const { hc, tr } = typicalClaims(Date.now(), { codeAge: 60_000, sampleId: '440106000000000001', pooled: false })
  return passOf([hc, tr])
}

/** The same pass with one byte of the last claim's signature changed (before a bound pass's time and phone signature). */
function oneByteChanged(text: string): string {
  const prefix = text.slice(0, PASS_PREFIX.length)
  const b = base45Decode(text.slice(prefix.length))
  b[b.length - 10 - (prefix === BOUND_PASS_PREFIX ? 68 : 0)] ^= 0x01
  return prefix + base45Encode(b)
}

async function verify(text: string): Promise<void> {
  const box = e2e.page.locator('[data-input="pass-text"] textarea')
  await box.fill(text)
  await e2e.page.locator('[data-action="verify"]').click()
}

beforeAll(async () => {
  e2e = await startE2E({ locale: 'en-US' })
})

afterAll(async () => {
  await e2e?.close()
})

describe('guard mode in the H5 build', () => {
  test('verifies a traveller pass with the network cut, then refuses the same pass with one byte changed as tampered', async () => {
    const pass = await travellerPass()
    // The venue is in the province that issued the pass's health code, so the verdict rests on that province's rules.
    venue = decodePass(pass).decoded.find((c) => c.typ === 'hc')?.iss ?? '440000'
    await e2e.open('guard', `province=${venue}`)
    await e2e.page.locator('[data-guard-status="ready"]').waitFor({ timeout: 20000 })
    await e2e.page
      .locator('[data-cache="trust-list"]')
      .getByText(/Trust list v\d+/)
      .waitFor()

    await e2e.context.setOffline(true)
    try {
      await verify(pass)
      const verdict = e2e.page.locator('[data-verdict]')
      await verdict.waitFor({ timeout: 5000 })
      // Every signature verifies offline; what remains is the venue's rules (a traveller may still owe a test).
      expect(await verdict.getAttribute('data-verdict')).not.toBe('refuse')
      for (const code of await verdict
        .locator('[data-reason]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))) {
        expect(code).toBe('NP_ERR_RULE_NOT_MET')
      }
      expect(await verdict.locator('[data-holder]').textContent()).toMatch(/\*.*·.*ID ends \w{4}/)
      const claims = await e2e.page.locator('[data-claim]').allTextContents()
      expect(claims.length).toBeGreaterThan(0)
      for (const c of claims) expect(c).toMatch(/(?<!not )verified · issued/)
      await e2e.screenshot('guard-verified-offline')

      await verify(oneByteChanged(pass))
      const refuse = e2e.page.locator('[data-verdict="refuse"]')
      await refuse.waitFor({ timeout: 5000 })
      expect(await refuse.locator('[data-reason="NP_ERR_SIGNATURE_INVALID"]').count()).toBe(1)
      await e2e.screenshot('guard-refuse-tampered')

      // A stray QR is refused on screen but is no traveller refused: the tally does not count it.
      await verify('not a pass')
      await e2e.page.locator('[data-reason="NP_ERR_PASS_MALFORMED"]').waitFor({ timeout: 5000 })
      expect(await e2e.page.locator('[data-tally]').textContent()).toMatch(
        /admitted (1 · refused 1 · needs action 0|0 · refused 1 · needs action 1)/,
      )
      // The tally names reasons in the guard's words, not codes.
      expect(await e2e.page.locator('[data-tally-reason="NP_ERR_SIGNATURE_INVALID"]').textContent()).toMatch(
        /Signature does not match/,
      )
    } finally {
      await e2e.context.setOffline(false)
    }
  })

  test('the venue province and the shift tally survive a reload; reset starts a new shift', async () => {
    await e2e.open('guard')
    await e2e.page.locator('[data-guard-status="ready"]').waitFor({ timeout: 20000 })
    expect(await e2e.page.locator('[data-picker="venue-province"]').textContent()).toContain(provinceName(venue, 'en'))
    expect(await e2e.page.locator('[data-tally]').textContent()).toContain('refused 1')
    await e2e.page.locator('[data-action="reset-tally"]').click()
    await e2e.page.locator('[data-tally]').getByText('admitted 0 · refused 0').waitFor()
  })

  test('scanner mode: three passes typed by a simulated USB scanner in a row, each verified on Enter', async () => {
    await e2e.open('guard', `province=${venue}`)
    await e2e.page.locator('[data-guard-status="ready"]').waitFor({ timeout: 20000 })
    await e2e.page.locator('[data-action="scanner-on"]').click()
    const input = e2e.page.locator('[data-input="scanner"] input')
    await input.waitFor()
    const now = Date.now()
    const signed = (n: number) => {
      const { hc, tr } = typicalClaims(now, { codeAge: 60_000, sampleId: `44010600000000000${n}`, pooled: false })
      return passOf([hc, tr])
    }
    const scans: Array<[string, RegExp]> = [
      [signed(1), /^(admit|needs-action)$/],
      [oneByteChanged(signed(2)), /^refuse$/],
      [signed(3), /^(admit|needs-action)$/],
    ]
    for (const [i, [text, outcome]] of scans.entries()) {
      // The input holds the focus by itself: the scanner types into whatever is focused, then Enter.
      await e2e.page.waitForFunction(() => document.activeElement?.closest('[data-input="scanner"]') != null)
      await e2e.page.keyboard.type(text, { delay: 0 })
      await e2e.page.keyboard.press('Enter')
      const big = e2e.page.locator(`[data-scanner-verdict][data-scan="${i + 1}"]`)
      await big.waitFor({ timeout: 10000 })
      expect(await big.getAttribute('data-scanner-verdict')).toMatch(outcome)
      await e2e.page.waitForFunction(
        () => (document.querySelector('[data-input="scanner"] input') as HTMLInputElement | null)?.value === '',
      )
      if (i === 0) await e2e.screenshot('guard-scanner-verdict')
    }
    const tally = await e2e.page.locator('[data-tally]').textContent()
    expect(tally).toMatch(/refused 1/)
  })
})
