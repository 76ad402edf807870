/**
 * Multi-QR SMART Health Cards (`shc:/2/3/…`: chunk 2 of 3, the spec's
 * deprecated form for cards too large for one QR): collect the chunks a
 * scanner reads one by one, in any order, then hand the whole set to the
 * verifier. Bounded: at most {@link MAX_SHC_CHUNKS} chunks of at most
 * {@link MAX_SHC_CHUNK_DIGITS} digits each, so a hostile QR stream cannot make
 * the collector grow. No verifier code: small enough for the main package.
 */
import { NpError } from '../errors'

/** More chunks than any issuer splits a card into (the spec's cards fit in 3). */
export const MAX_SHC_CHUNKS = 10
/** A version-40 QR code holds at most 7089 digits. */
export const MAX_SHC_CHUNK_DIGITS = 7089

/** The chunks read so far of one card. */
export interface ShcChunkSet {
  total: number
  /** By index − 1; null until read. */
  parts: Array<string | null>
}

const CHUNK = /^shc:\/(\d{1,3})\/(\d{1,3})\/(\d+)$/i

/** `{ index, total }` for a chunk `shc:/i/n/…` with n > 1; null for anything else. */
export function shcChunkOf(text: string): { index: number; total: number; digits: string } | null {
  const m = CHUNK.exec(text.trim())
  if (!m) return null
  const total = Number(m[2])
  return total > 1 ? { index: Number(m[1]), total, digits: m[3] } : null
}

const refuse = (detail: string): NpError => new NpError('NP_ERR_FOREIGN_CHUNKS', { params: { detail } })

/**
 * Adds one chunk; returns the new set (the old one is not changed). Throws
 * `NP_ERR_FOREIGN_CHUNKS` when the chunk cannot belong to the set (another
 * total, a different text for a part already read) or breaks the bounds.
 */
export function addShcChunk(set: ShcChunkSet | null, text: string): ShcChunkSet {
  const c = shcChunkOf(text)
  if (!c) throw refuse('not a part of a multi-QR card (shc:/part/total/digits)')
  if (c.total > MAX_SHC_CHUNKS) throw refuse(`${c.total} parts; at most ${MAX_SHC_CHUNKS} are read`)
  if (c.index < 1 || c.index > c.total) throw refuse(`part ${c.index} of ${c.total}`)
  if (c.digits.length > MAX_SHC_CHUNK_DIGITS) throw refuse(`part ${c.index} is longer than any QR code holds`)
  if (set && set.total !== c.total)
    throw refuse(`this QR is part ${c.index} of ${c.total}, the others read are parts of ${set.total}`)
  const parts = set ? [...set.parts] : new Array<string | null>(c.total).fill(null)
  const had = parts[c.index - 1]
  if (had !== null && had !== c.digits) throw refuse(`two different QR codes both say they are part ${c.index}`)
  parts[c.index - 1] = c.digits
  return { total: c.total, parts }
}

/** How many parts are read, of how many. */
export function shcChunkProgress(set: ShcChunkSet): { have: number; total: number } {
  return { have: set.parts.filter((p) => p !== null).length, total: set.total }
}

/** Every chunk as its `shc:/i/n/…` text, in order, once all are read; null before. */
export function shcChunksComplete(set: ShcChunkSet): string[] | null {
  if (set.parts.some((p) => p === null)) return null
  return set.parts.map((p, i) => `shc:/${i + 1}/${set.total}/${p}`)
}
