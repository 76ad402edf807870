/** Scanning a traveller's pass on H5: a photo or image file of the QR, decoded with jsQR. */
import Taro from '@tarojs/taro'
import { decodeQrPixels } from '../scan/decodeQr'

function pixelsOf(url: string): Promise<ImageData | null> {
  return new Promise((resolve) => {
    const img = new Image()
    img.onload = () => {
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const g = canvas.getContext('2d')
      if (!g) return resolve(null)
      g.drawImage(img, 0, 0)
      resolve(g.getImageData(0, 0, canvas.width, canvas.height))
    }
    img.onerror = () => resolve(null)
    img.src = url
  })
}

/** The QR text, or `null` when the guard cancelled or no QR was found in the image. */
export async function scanPassCode(): Promise<string | null> {
  let url: string | undefined
  try {
    url = (await Taro.chooseImage({ count: 1, sourceType: ['camera', 'album'] })).tempFilePaths[0]
  } catch {
    // The guard closed the picker: nothing to report.
    return null
  }
  const px = url ? await pixelsOf(url) : null
  return px ? decodeQrPixels(px) : null
}
