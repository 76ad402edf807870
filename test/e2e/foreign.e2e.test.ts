/**
 * Foreign certificates in guard mode, H5 build in Chromium: with the network
 * cut after setup, the guard scans a real EU DCC QR image from the
 * dgc-testdata corpus (its 2DCODE PNG, through the same image picker and jsQR
 * path as a traveller's pass) and a SMART Health Card example, and shows the
 * verdicts: the certificate type, issuer country and masked name, "compare
 * with the passport", and the demo foreign-arrival rule.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type E2E, startE2E } from './harness'

const FIX = join(__dirname, '../fixtures')
const AT = JSON.parse(readFileSync(join(FIX, 'dgc-testdata/AT/2DCode/raw/1.json'), 'utf8'))
const SHC = readFileSync(join(FIX, 'shc-examples/examples/example-00-f-qr-code-numeric-value-0.txt'), 'utf8').trim()

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E({ locale: 'en-US' })
})

afterAll(async () => {
  await e2e?.close()
})

test('the guard verifies a corpus EU DCC QR image and a SMART Health Card offline and shows what they are', async () => {
  const page = e2e.page
  const listed = page.waitForResponse((r) => r.url().includes('/national/foreign-trust-list') && r.ok(), {
    timeout: 30000,
  })
  const chunk = page.waitForResponse((r) => /\/js\/foreign\.[0-9a-f]+\.js$/.test(r.url()), { timeout: 30000 })
  await e2e.open('guard', 'province=110000')
  await page.locator('[data-guard-status="ready"]').waitFor({ timeout: 30000 })
  await listed
  await chunk

  await e2e.context.setOffline(true)
  try {
    // The corpus PNG through the guard's scanner (image picker → jsQR), as a camera photo would go.
    const chooser = page.waitForEvent('filechooser')
    await page.locator('[data-action="scan"]').click()
    await (await chooser).setFiles({
      name: 'AT-1.png',
      mimeType: 'image/png',
      buffer: Buffer.from(AT['2DCODE'], 'base64'),
    })
    const dcc = page.locator('[data-verdict] [data-foreign="eu-dcc"]')
    await dcc.waitFor({ timeout: 15000 })
    expect(await dcc.getAttribute('data-foreign-country')).toBe('AT')
    expect(await dcc.locator('[data-foreign-type]').textContent()).toMatch(/EU Digital COVID Certificate · vaccination/)
    expect(await dcc.locator('[data-holder]').textContent()).toMatch(
      /Compare with the passport:.*M\*+u-G\*+r, G\*+e · born 1998-02-26/,
    )
    // The corpus certificate expired in 2021: signature and signer verify, the date does not.
    const verdict = page.locator('[data-verdict]')
    expect(await verdict.getAttribute('data-verdict')).toBe('refuse')
    expect(await verdict.locator('[data-reason]').getAttribute('data-reason')).toBe('NP_ERR_FOREIGN_EXPIRED')
    await e2e.screenshot('guard-foreign-eu-dcc')

    const box = page.locator('[data-input="pass-text"] textarea')
    await box.fill(SHC)
    await page.locator('[data-action="verify"]').click()
    const shc = page.locator('[data-verdict] [data-foreign="shc"]')
    await shc.waitFor({ timeout: 15000 })
    expect(await shc.getAttribute('data-foreign-country')).toBe('US')
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('admit')
    expect(await shc.locator('[data-foreign-entry]').count()).toBe(3)
    await e2e.screenshot('guard-foreign-shc')
    expect(await page.locator('[data-tally]').textContent()).toMatch(/admitted 1 · refused 1/)
  } finally {
    await e2e.context.setOffline(false)
  }
})
