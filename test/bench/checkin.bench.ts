/**
 * Place-code benchmark: the length of a typical national place-code, and the
 * time from a scanned poster image to the result screen's data (PNG decode →
 * jsQR → verify against the trust list → check-in at the mock province),
 * median of N. No assertions.
 */
import { performance } from 'node:perf_hooks'
import { PNG } from 'pngjs'
import { claimFromVenue, signClaim } from '../../src/core/claims'
import type { VenueRef } from '../../src/core/model'
import { encodePlaceCode, signPlaceCode } from '../../src/core/placeCode'
import { scanPlaceCode } from '../../src/features/checkin/checkinSlice'
import { decodeQrPixels } from '../../src/features/scan/decodeQr'
import { posterLayout } from '../../src/features/venue/poster'
import { demoPerson } from '../../mock/data/people'
import { venuesOf, wuxiDoorbellVenue } from '../../mock/data/venues'
import { demoKeyFor } from '../../mock/keys'
import { credentialFrom, device, restartableMock } from '../unit/checkin-harness'

const N = 30

function posterPng(url: string): Buffer {
  const l = posterLayout(url, 6)
  const png = new PNG({ width: l.width, height: l.height })
  png.data.fill(255)
  l.modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (!dark) return
      for (let y = 0; y < l.cell; y++)
        for (let x = 0; x < l.cell; x++) {
          const i = ((l.qrY + r * l.cell + y) * l.width + l.qrX + c * l.cell + x) * 4
          png.data[i] = png.data[i + 1] = png.data[i + 2] = 0
        }
    })
  })
  return PNG.sync.write(png)
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export async function benchCheckin(): Promise<Array<{ name: string; value: number; unit: string }>> {
  const venue: VenueRef = { ...venuesOf('440000')[0], source: 'national' }
  const key = demoKeyFor('440000')
  const now = Date.now()
  const claim = claimFromVenue(venue, { kid: key.kid, iat: now, exp: now + 365 * 86_400_000 })
  // What provinces sign now (v2), and the same venue's v1 code as printed before.
  const url = encodePlaceCode(signPlaceCode(claim, key.secretKey))
  const urlV1 = encodePlaceCode(signClaim(claim, key.secretKey))
  const image = posterPng(url)

  const mock = await restartableMock()
  try {
    const d = device(mock.url, ['440000', '320000'], credentialFrom(mock.server))
    const { store, services } = d.boot()
    await services.trustList()
    const person = demoPerson('green').identity
    const scan = async (text: string) => {
      const r = await store.dispatch(scanPlaceCode({ text, person })).unwrap()
      if (!('data' in r) || r.data.status !== 'sent') throw new Error(`bench check-in failed: ${JSON.stringify(r)}`)
    }
    const timeOf = async (run: () => Promise<void>): Promise<number> => {
      await run()
      const times: number[] = []
      for (let i = 0; i < N; i++) {
        const t0 = performance.now()
        await run()
        times.push(performance.now() - t0)
      }
      return median(times)
    }
    const decode = () => {
      const png = PNG.sync.read(image)
      const text = decodeQrPixels({ data: new Uint8ClampedArray(png.data), width: png.width, height: png.height })
      if (text !== url) throw new Error('bench: the poster did not decode')
      return text
    }
    const decodeMs = await timeOf(async () => void decode())
    const totalMs = await timeOf(() => scan(decode()))
    const legacyMs = await timeOf(() => scan(wuxiDoorbellVenue.legacyCode ?? ''))
    return [
      { name: 'place-code URL length (typical venue, v2)', value: url.length, unit: 'chars' },
      { name: 'place-code URL length (same venue, v1 with its address)', value: urlV1.length, unit: 'chars' },
      { name: 'place-code payload length (base64url)', value: url.length - url.lastIndexOf('/') - 1, unit: 'chars' },
      { name: 'place-code poster QR size (modules per side)', value: posterLayout(url).count, unit: 'modules' },
      { name: 'scan: poster PNG decode (pngjs + jsQR), median', value: decodeMs, unit: 'ms' },
      { name: 'scan → result screen (decode+verify+check-in, mock), median', value: totalMs, unit: 'ms' },
      { name: 'scan → result screen, Wuxi legacy code via Jiangsu, median', value: legacyMs, unit: 'ms' },
    ]
  } finally {
    await mock.stop()
  }
}
