/** Scanning a traveller's pass on mini-programs: the super-app's camera scanner. */
import Taro from '@tarojs/taro'

/** The QR text, or `null` when the guard cancelled or nothing was read. */
export async function scanPassCode(): Promise<string | null> {
  try {
    const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
    return r.result || null
  } catch {
    // The guard closed the scanner: nothing to report.
    return null
  }
}
