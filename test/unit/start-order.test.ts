/**
 * The start's order (issue 16): what waits for the first frame, a cold start
 * that has no saved colour to paint first, the work that waits until the start
 * is over, and the pass opened as soon as both who is signed in and the pass
 * page's code are there. Each module keeps its state for the app's life, so
 * every test loads fresh copies.
 */
type FirstFrame = typeof import('../../src/platform/firstFrame')
type StartMarks = typeof import('../../src/platform/startMarks')
type PassOpener = typeof import('../../src/app/passOpener')

function fresh(): { frame: FirstFrame; marks: StartMarks; opener: PassOpener } {
  let mods!: { frame: FirstFrame; marks: StartMarks; opener: PassOpener }
  jest.isolateModules(() => {
    mods = {
      frame: require('../../src/platform/firstFrame'),
      marks: require('../../src/platform/startMarks'),
      opener: require('../../src/app/passOpener'),
    }
  })
  return mods
}

/** One macrotask later: what a `setTimeout(…, 0)` queued has run. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

afterEach(() => performance.clearMarks())

describe('the first frame', () => {
  test('work waits for the first painted frame, then runs in order; later work runs at once', () => {
    const { frame } = fresh()
    const ran: string[] = []
    frame.afterFirstFrame(() => ran.push('a'))
    frame.afterFirstFrame(() => ran.push('b'))
    expect(ran).toEqual([])
    frame.firstFrameShown()
    expect(ran).toEqual(['a', 'b'])
    frame.afterFirstFrame(() => ran.push('c'))
    expect(ran).toEqual(['a', 'b', 'c'])
    expect(performance.getEntriesByName('np:first-frame')).toHaveLength(1)
  })

  test('a cold start (no saved colour) releases the waiting work at once, and the first frame is still marked when painted', () => {
    const { frame } = fresh()
    const ran: string[] = []
    frame.afterFirstFrame(() => ran.push('services'))
    frame.noSavedFrame()
    expect(ran).toEqual(['services'])
    frame.afterFirstFrame(() => ran.push('view'))
    expect(ran).toEqual(['services', 'view'])
    // Released, not painted: the mark comes with the page's paint, once.
    expect(performance.getEntriesByName('np:first-frame')).toHaveLength(0)
    frame.firstFrameShown()
    frame.firstFrameShown()
    expect(ran).toEqual(['services', 'view'])
    expect(performance.getEntriesByName('np:first-frame')).toHaveLength(1)
  })

  test('a warm start (the saved colour painted first) never releases early', () => {
    const { frame } = fresh()
    const ran: string[] = []
    frame.firstFrameShown()
    frame.noSavedFrame()
    frame.afterFirstFrame(() => ran.push('x'))
    expect(ran).toEqual(['x'])
  })
})

describe('after the start', () => {
  test('waits for the first verified colour, then runs in a later task, in order', async () => {
    const { marks } = fresh()
    const ran: string[] = []
    marks.afterStart(() => ran.push('queues'))
    marks.afterStart(() => ran.push('service worker'))
    marks.markStart('np:boot')
    marks.markStart('np:first-frame')
    await nextTask()
    expect(ran).toEqual([])
    marks.markStart('np:first-verified-colour')
    // Not in the frame that paints the colour.
    expect(ran).toEqual([])
    // Asked for while the queued ones have not run yet: after them.
    marks.afterStart(() => ran.push('late'))
    await nextTask()
    expect(ran).toEqual(['queues', 'service worker', 'late'])
    marks.afterStart(() => ran.push('now'))
    expect(ran).toEqual(['queues', 'service worker', 'late', 'now'])
  })

  test('a refresh done without a verified colour (offline, all red), or the fallback, ends the start too', async () => {
    const a = fresh().marks
    const ranA: string[] = []
    a.afterStart(() => ranA.push('x'))
    a.markStart('np:refresh-done')
    await nextTask()
    expect(ranA).toEqual(['x'])
    const b = fresh().marks
    const ranB: string[] = []
    b.afterStart(() => ranB.push('y'))
    b.startOver()
    b.startOver()
    await nextTask()
    expect(ranB).toEqual(['y'])
  })
})

describe('the pass opened at once on a cold start', () => {
  const dispatch = (() => undefined) as unknown as Parameters<PassOpener['openPassWhenReady']>[0]

  test('who is signed in known first: the pass opens once the page’s code is there, once', async () => {
    const { opener } = fresh()
    const open = jest.fn(async () => undefined)
    opener.openPassWhenReady(dispatch, 'p1')
    expect(open).not.toHaveBeenCalled()
    opener.passOpenerReady(open)
    expect(open).toHaveBeenCalledTimes(1)
    expect(open).toHaveBeenCalledWith(dispatch, 'p1')
    opener.passOpenerReady(open)
    expect(open).toHaveBeenCalledTimes(1)
  })

  test('the page’s code there first: the pass opens as soon as who is signed in is known', () => {
    const { opener } = fresh()
    const open = jest.fn(async () => undefined)
    opener.passOpenerReady(open)
    expect(open).not.toHaveBeenCalled()
    opener.openPassWhenReady(dispatch, 'p2')
    expect(open).toHaveBeenCalledWith(dispatch, 'p2')
  })

  test('an opening that fails (its code did not load) is left to the page, not thrown or left unhandled', async () => {
    const { opener } = fresh()
    const failed = jest.fn(() => Promise.reject(new Error('chunk failed')))
    const unhandled = jest.fn()
    process.on('unhandledRejection', unhandled)
    try {
      opener.passOpenerReady(failed)
      expect(() => opener.openPassWhenReady(dispatch, 'p3')).not.toThrow()
      await nextTask()
      await nextTask()
      expect(failed).toHaveBeenCalledTimes(1)
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })
})
