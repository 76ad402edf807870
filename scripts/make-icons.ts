/**
 * Draws the H5 app's home-screen icons into public/icons/ with pngjs:
 * a white pass card with a QR-like mark on the app's accent blue.
 * `node --import tsx scripts/make-icons.ts` (the PNGs are committed; rerun after a change here).
 * `maskable` icons keep the mark inside the central 80 % safe zone and fill the whole square.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PNG } from 'pngjs'

export const THEME_COLOUR = '#1a73e8'
const BLUE: [number, number, number] = [0x1a, 0x73, 0xe8]
const WHITE: [number, number, number] = [0xff, 0xff, 0xff]
const INK: [number, number, number] = [0x1f, 0x23, 0x28]

/** A 7×7 QR-like mark: three solid finder blocks in the corners and a few modules (not a real code). */
const MARK = ['1110111', '1110111', '1110111', '0001000', '1110101', '1110010', '1110111']

export function drawIcon(size: number, maskable: boolean): Buffer {
  const png = new PNG({ width: size, height: size })
  // Plain icons: a rounded blue tile; maskable ones: full bleed (the platform cuts the shape).
  const radius = maskable ? 0 : size * 0.18
  const card = maskable ? size * 0.46 : size * 0.62 // white card side
  const c0 = (size - card) / 2
  const cell = (card * 0.8) / 7
  const m0 = c0 + card * 0.1
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let colour: [number, number, number] | null = BLUE
      // Rounded corners of the tile.
      const dx = Math.max(radius - x - 0.5, x + 0.5 - (size - radius), 0)
      const dy = Math.max(radius - y - 0.5, y + 0.5 - (size - radius), 0)
      if (radius > 0 && dx > 0 && dy > 0 && dx * dx + dy * dy > radius * radius) colour = null
      if (colour && x >= c0 && x < c0 + card && y >= c0 && y < c0 + card) {
        colour = WHITE
        const mx = Math.floor((x - m0) / cell)
        const my = Math.floor((y - m0) / cell)
        if (mx >= 0 && mx < 7 && my >= 0 && my < 7) {
          if (MARK[my][mx] === '1') colour = INK
        }
      }
      const i = (y * size + x) * 4
      png.data[i] = colour?.[0] ?? 0
      png.data[i + 1] = colour?.[1] ?? 0
      png.data[i + 2] = colour?.[2] ?? 0
      png.data[i + 3] = colour ? 255 : 0
    }
  }
  return PNG.sync.write(png)
}

export const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-192.png', size: 192, maskable: true },
  { file: 'maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
] as const

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'public', 'icons')
  mkdirSync(dir, { recursive: true })
  for (const icon of ICONS) writeFileSync(path.join(dir, icon.file), drawIcon(icon.size, icon.maskable))
  console.log(`Wrote ${ICONS.length} icons to ${dir}`)
}
