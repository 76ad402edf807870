/** The poster's QR, rendered to a PNG in Node from the same layout, decodes back to the place-code. */
import { PNG } from 'pngjs'
import { decodeQrPixels } from '@/features/scan/decodeQr'
import { POSTER_HINT, posterLayout, posterSvg } from '@/features/venue/poster'

const URL_ =
  'https://np.example.cn/p/ESZEAAAA-example-payload_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_0123456789abcdefghijklmnopqrstuvwxyz'

function rasterise(url: string): PNG {
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
  return png
}

test('the poster QR decodes (jsQR) to the place-code, also after a PNG round trip', () => {
  const png = PNG.sync.read(PNG.sync.write(rasterise(URL_)))
  expect(decodeQrPixels({ data: new Uint8ClampedArray(png.data), width: png.width, height: png.height })).toBe(URL_)
})

test('an image without a code decodes to null, not an error', () => {
  const blank = new PNG({ width: 64, height: 64 })
  blank.data.fill(255)
  expect(decodeQrPixels({ data: new Uint8ClampedArray(blank.data), width: 64, height: 64 })).toBeNull()
  expect(decodeQrPixels({ data: new Uint8ClampedArray(0), width: 10, height: 10 })).toBeNull()
})

test('the SVG poster carries the venue name (escaped) and the scan hint in both languages', () => {
  const svg = posterSvg(URL_, 'Tom & Jerry <咖啡>')
  expect(svg).toContain('Tom &amp; Jerry &lt;咖啡&gt;')
  expect(svg).toContain(POSTER_HINT.zh)
  expect(svg).toContain(POSTER_HINT.en)
  expect(svg.startsWith('<svg')).toBe(true)
})
