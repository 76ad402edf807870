/**
 * Who may see whose codes, in the H5 build against every mock province:
 * knowing a person's name and ID number is not enough (every province
 * refuses); a family member who confirmed from their own phone is shown;
 * revoking the authorisation stops it.
 */
import { demoPerson } from '../../mock/data/people'
import { type E2E, startE2E } from './harness'

jest.setTimeout(180_000)

let e2e: E2E
beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
})
afterAll(() => e2e?.close())

/** Provinces (by code) whose card shows that they refused: the signed-in person is not authorised. */
const REFUSING = `new Set([...document.querySelectorAll('[data-error="NP_ERR_AUTH_FORBIDDEN"]')].map((e) => e.closest('[data-province]')?.getAttribute('data-province')).filter((p) => p && p !== '100000'))`
const ALL_REFUSED = `${REFUSING}.size === 31`

async function addMember(key: string) {
  const { page } = e2e
  const who = demoPerson(key).identity
  await e2e.open('family')
  const form = page.locator('[data-section="add-member"]')
  await form.locator('[data-field="name"] input').fill(who.name, { timeout: 15000 })
  await form.locator('[data-field="idNumber"] input').fill(who.idNumber)
  await form.locator('[data-field="phone"] input').fill(who.phone)
  await form.locator('[data-field="consent"]').click()
  await form.locator('[data-action="submit-person"]').click()
  const id = `p-${who.idNumber.slice(-6)}`
  await page.locator(`[data-person="${id}"]`).waitFor({ timeout: 15000 })
  return id
}

/**
 * The active person's pass, freshly asked of all 31 provinces, once `settled`
 * says the page shows the fresh answers (a cached pass may show first).
 */
async function passOfActive(settled: string) {
  const { page } = e2e
  await e2e.open('pass')
  await page.reload()
  await page.locator('[data-progress="32/32"]').waitFor({ timeout: 60000 })
  await page.waitForFunction(settled, undefined, { timeout: 60000 })
  return {
    done: await page.locator('[data-status="done"]').count(),
    forbidden: (await page.evaluate(`[...${REFUSING}].length`)) as number,
    qr: await page.locator('[data-section="qr"]').count(),
  }
}

test('a known name and ID number get nobody else’s codes; a confirmed family member’s do; revoking stops it', async () => {
  const { page } = e2e
  await e2e.open('pass')
  await page.locator('[data-demo-person="green"]').click({ timeout: 15000 })
  await page.locator('[data-progress="32/32"]').waitFor({ timeout: 60000 })

  // A stranger whose name and ID the traveller knows: every province refuses.
  const strangerId = await addMember('conflicted')
  await page.locator(`[data-person="${strangerId}"] [data-authority="none"]`).waitFor()
  const stranger = await passOfActive(ALL_REFUSED)
  expect(stranger).toMatchObject({ done: 0, forbidden: 31, qr: 0 })

  // The traveller's mother confirms from her phone: the provinces record it and answer.
  const elderId = await addMember('elder')
  const row = page.locator(`[data-person="${elderId}"]`)
  await row.locator('[data-action="send-proxy-code"]').click()
  await row.locator('[data-field="proxyCode"] input').waitFor({ timeout: 15000 })
  await row.locator('[data-action="confirm-proxy"]').click()
  await row.locator('[data-authority="self-confirmed"]').waitFor({ timeout: 30000 })
  expect(await row.locator('[data-authority="self-confirmed"]').textContent()).toMatch(/本人手机确认 · 31 个省份已登记/)
  const elder = await passOfActive(
    // The provinces recorded her confirmation; the national platform keeps no proxy records (README, known limits).
    `document.querySelectorAll('[data-status="done"]').length >= 29 && ${REFUSING}.size === 0`,
  )
  expect(elder.forbidden).toBe(0)
  expect(elder.done).toBeGreaterThanOrEqual(29)

  // Revoked: the provinces refuse her codes again.
  await e2e.open('family')
  await page.locator(`[data-person="${elderId}"] [data-action="revoke"]`).click({ timeout: 15000 })
  await page.locator(`[data-person="${elderId}"] [data-authority="none"]`).waitFor({ timeout: 30000 })
  const revoked = await passOfActive(ALL_REFUSED)
  // Every province refuses now. (The pass fetched while authorised stays cached on this device with its QR
  // until its claims expire: the pass page keeps the last answers; see the report of issue 14.)
  expect(revoked).toMatchObject({ done: 0, forbidden: 31 })
})
