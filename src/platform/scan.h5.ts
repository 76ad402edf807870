/**
 * Scanning in a browser: the camera when the traveller allows it
 * (getUserMedia, jsQR on video frames), an image file (jsQR on the canvas
 * pixels), or text pasted in (the page's own field).
 */
import { decodeQrPixels } from '../features/scan/decodeQr'
import type { ScanAbilities } from './scan'

export type { ScanAbilities } from './scan'

export const scanAbilities: ScanAbilities = {
  camera: typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia,
  imageFile: true,
  paste: true,
}

function pixelsOf(source: CanvasImageSource, width: number, height: number): ImageData | null {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const g = canvas.getContext('2d', { willReadFrequently: true })
  if (!g) return null
  g.drawImage(source, 0, 0, width, height)
  return g.getImageData(0, 0, width, height)
}

/** Decode the QR in an image file (PNG, JPEG …); `null` when none is found. */
export async function decodeImageFile(file: Blob): Promise<string | null> {
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    const scale = Math.min(1, 1600 / Math.max(img.naturalWidth, img.naturalHeight))
    const px = pixelsOf(img, Math.round(img.naturalWidth * scale), Math.round(img.naturalHeight * scale))
    return px ? decodeQrPixels(px) : null
  } catch {
    // An unreadable image is "no code found" for the traveller.
    return null
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** Let the traveller pick an image file and decode it; `null` when cancelled or no code is in it. */
export function scanImageFile(): Promise<string | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/*'
    input.setAttribute('data-scan-file', '')
    input.style.display = 'none'
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      input.remove()
      resolve(file ? decodeImageFile(file) : null)
    })
    input.addEventListener('cancel', () => {
      input.remove()
      resolve(null)
    })
    document.body.appendChild(input)
    input.click()
  })
}

/** Scan with the camera in a full-screen overlay; `null` when denied or cancelled. */
export async function scanWithCamera(): Promise<string | null> {
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
  } catch {
    // Denied or no camera: the page still offers an image file and pasting.
    return null
  }
  const overlay = document.createElement('div')
  overlay.setAttribute(
    'style',
    'position:fixed;inset:0;background:#000;z-index:9999;display:flex;flex-direction:column',
  )
  const video = document.createElement('video')
  video.setAttribute('playsinline', '')
  video.muted = true
  video.srcObject = stream
  video.setAttribute('style', 'flex:1;width:100%;object-fit:cover')
  const cancel = document.createElement('button')
  cancel.textContent = '取消 Cancel'
  cancel.setAttribute('style', 'font-size:20px;padding:16px')
  overlay.append(video, cancel)
  document.body.appendChild(overlay)
  return new Promise((resolve) => {
    let done = false
    const finish = (text: string | null) => {
      if (done) return
      done = true
      for (const t of stream.getTracks()) t.stop()
      overlay.remove()
      resolve(text)
    }
    cancel.addEventListener('click', () => finish(null))
    const tick = () => {
      if (done) return
      if (video.readyState >= 2 && video.videoWidth > 0) {
        const px = pixelsOf(video, video.videoWidth, video.videoHeight)
        const text = px ? decodeQrPixels(px) : null
        if (text) return finish(text)
      }
      requestAnimationFrame(tick)
    }
    void video.play().then(tick, () => finish(null))
  })
}
