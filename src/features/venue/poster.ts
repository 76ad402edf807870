/**
 * The printable venue poster: the place-code QR (qrcode-generator), the
 * venue's name and "scan with WeChat, Alipay or any browser". One layout,
 * drawn as SVG here and onto a canvas for PNG by the H5 edge (posterPng.ts).
 */
import qrcode from 'qrcode-generator'

/** The poster's text lines in both languages. */
export const POSTER_HINT = { zh: '用微信、支付宝或任意浏览器扫码登记', en: 'Scan with WeChat, Alipay or any browser' }

/** Where everything sits on the poster, in poster pixels. */
export interface PosterLayout {
  width: number
  height: number
  /** Dark modules of the QR, row-major, `count × count`. */
  modules: boolean[][]
  count: number
  qrX: number
  qrY: number
  cell: number
  nameY: number
  hintY: number
  hintEnY: number
}

/** QR modules for `text`: error correction M, the smallest version that fits. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}

/** The layout of a poster for `url`, `cell` pixels per module. @default cell 8 */
export function posterLayout(url: string, cell = 8): PosterLayout {
  const modules = qrModules(url)
  const count = modules.length
  const quiet = 4 * cell
  const qrSize = count * cell + 2 * quiet
  const width = Math.max(qrSize, 480)
  const top = 40
  return {
    width,
    height: top + qrSize + 150,
    modules,
    count,
    qrX: Math.round((width - count * cell) / 2),
    qrY: top + quiet,
    cell,
    nameY: top + qrSize + 40,
    hintY: top + qrSize + 90,
    hintEnY: top + qrSize + 125,
  }
}

const escapeXml = (s: string): string =>
  s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch)

/** The poster as a standalone SVG document. */
export function posterSvg(url: string, venueName: string, cell = 8): string {
  const l = posterLayout(url, cell)
  let path = ''
  l.modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) path += `M${l.qrX + c * l.cell} ${l.qrY + r * l.cell}h${l.cell}v${l.cell}h-${l.cell}z`
    })
  })
  const mid = l.width / 2
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<path d="${path}" fill="#000"/>`,
    `<text x="${mid}" y="${l.nameY}" font-size="30" font-weight="700" text-anchor="middle" font-family="sans-serif">${escapeXml(venueName)}</text>`,
    `<text x="${mid}" y="${l.hintY}" font-size="22" text-anchor="middle" font-family="sans-serif">${POSTER_HINT.zh}</text>`,
    `<text x="${mid}" y="${l.hintEnY}" font-size="20" text-anchor="middle" font-family="sans-serif">${POSTER_HINT.en}</text>`,
    '</svg>',
  ].join('')
}

/** An SVG document as a data URL an `<Image>` or a download link can use. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}
