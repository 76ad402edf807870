/**
 * QR decoding from RGBA pixels with jsQR (a camera frame, a canvas, a PNG
 * decoded in Node). Platform-free: the edges hand in the pixels.
 */
import jsQR from 'jsqr'

/** RGBA pixels, 4 bytes per pixel, row by row. */
export interface Pixels {
  data: Uint8ClampedArray
  width: number
  height: number
}

/** The text of the first QR code in the pixels, or `null` when none is found. */
export function decodeQrPixels({ data, width, height }: Pixels): string | null {
  if (width <= 0 || height <= 0 || data.length < width * height * 4) return null
  const found = jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })
  return found?.data ? found.data : null
}
