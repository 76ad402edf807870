/**
 * The poster as a PNG data URL, drawn on a canvas from the same layout as the
 * SVG. H5 only (a DOM canvas); mini-programs print the SVG instead, so this
 * returns `null` where there is no `document`.
 */
import { POSTER_HINT, posterLayout } from './poster'

export function posterPngDataUrl(url: string, venueName: string, cell = 8): string | null {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return null
  const l = posterLayout(url, cell)
  const canvas = document.createElement('canvas')
  canvas.width = l.width
  canvas.height = l.height
  const g = canvas.getContext('2d')
  if (!g) return null
  g.fillStyle = '#fff'
  g.fillRect(0, 0, l.width, l.height)
  g.fillStyle = '#000'
  l.modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) g.fillRect(l.qrX + c * l.cell, l.qrY + r * l.cell, l.cell, l.cell)
    })
  })
  g.textAlign = 'center'
  g.font = 'bold 30px sans-serif'
  g.fillText(venueName, l.width / 2, l.nameY)
  g.font = '22px sans-serif'
  g.fillText(POSTER_HINT.zh, l.width / 2, l.hintY)
  g.font = '20px sans-serif'
  g.fillText(POSTER_HINT.en, l.width / 2, l.hintEnY)
  return canvas.toDataURL('image/png')
}
