/**
 * Scanning on WeChat and Alipay: the super-app's own scanner. H5 has its own
 * file (scan.h5.ts) with the camera, an image file, or pasted text.
 */
import Taro from '@tarojs/taro'

/** How the page may read a code on this platform. */
export interface ScanAbilities {
  camera: boolean
  imageFile: boolean
  paste: boolean
}

export const scanAbilities: ScanAbilities = { camera: true, imageFile: false, paste: true }

/** The text of a scanned code, or `null` when the traveller cancelled. */
export async function scanWithCamera(): Promise<string | null> {
  try {
    const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
    return r.result || null
  } catch {
    // Taro rejects on cancel with an errMsg only; a cancel is not an error to show.
    return null
  }
}

/** Mini-programs scan images through `scanWithCamera` (the album is offered there). */
export async function scanImageFile(): Promise<string | null> {
  return scanWithCamera()
}
