/**
 * A refresh asks the provinces a few at a time, one task per group
 * (`inTurns`, issue 16), so an answer that has arrived is handled between
 * groups instead of after every request is out. What must not change: every
 * province is asked, results come back in the order asked, and a failure is
 * neither lost nor reported as unhandled.
 */
import { inTurns } from '../../src/features/pass/passThunks'

describe('inTurns', () => {
  test('starts the first group at once and each next group in a later task; results in input order', async () => {
    const started: number[] = []
    let inSameTask = true
    const done = inTurns([1, 2, 3, 4, 5, 6, 7], 3, 3, async (n) => {
      started.push(n)
      return n * 10
    })
    // Synchronously: the first group only.
    expect(started).toEqual([1, 2, 3])
    // Microtasks alone do not start the next group: it waits for a task.
    await Promise.resolve()
    await Promise.resolve()
    expect(started).toEqual([1, 2, 3])
    setTimeout(() => {
      inSameTask = false
    }, 0)
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70])
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(inSameTask).toBe(false)
  })

  test('an answer that arrives while later groups wait is handled before them', async () => {
    const log: string[] = []
    await inTurns(['a', 'b', 'c'], 1, 1, async (x) => {
      log.push(`ask ${x}`)
      await Promise.resolve()
      log.push(`answer ${x}`)
    })
    expect(log).toEqual(['ask a', 'answer a', 'ask b', 'answer b', 'ask c', 'answer c'])
  })

  test('a rejection is the result, not lost and not unhandled, and the other items are still asked', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown) => unhandled.push(e)
    process.on('unhandledRejection', onUnhandled)
    const asked: number[] = []
    try {
      await expect(
        inTurns([1, 2, 3, 4], 1, 1, async (n) => {
          asked.push(n)
          if (n === 1) throw new Error('province 1 failed')
          return n
        }),
      ).rejects.toThrow('province 1 failed')
      await new Promise((r) => setTimeout(r, 0))
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
    expect(asked).toEqual([1, 2, 3, 4])
    expect(unhandled).toEqual([])
  })

  test('the first group can be smaller (the current province alone), the rest in groups of `size`', async () => {
    const started: number[] = []
    const done = inTurns([1, 2, 3, 4, 5, 6], 2, 1, async (n) => {
      started.push(n)
      return n
    })
    // What has started, seen from a task queued after each group's: one group more each time.
    const seen: number[][] = [[...started]]
    await new Promise<void>((resolve) => {
      const look = () => {
        seen.push([...started])
        if (started.length < 6) setTimeout(look, 0)
        else resolve()
      }
      setTimeout(look, 0)
    })
    expect(await done).toEqual([1, 2, 3, 4, 5, 6])
    expect(seen).toEqual([[1], [1, 2, 3], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6]])
  })

  test('nothing to ask: an empty result at once', async () => {
    expect(await inTurns([], 4, 1, async () => 1)).toEqual([])
  })
})
