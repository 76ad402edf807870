/**
 * What the H5 build needs for screen readers that Taro's web components do
 * not do by themselves: the document's language, a keyboard-reachable page
 * scroller, and each `<Input>`/`<Textarea>`'s `aria-label` (set on Taro's
 * host element) handed to the real `<input>`/`<textarea>` inside it. No-op on
 * the mini-program platforms (they have no DOM; their own accessibility reads
 * the components' `aria-*` attributes).
 */
export function applyH5Accessibility(lang: 'zh' | 'en'): () => void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return () => {}
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
  let stopped = false
  const fix = () => {
    if (stopped || typeof document === 'undefined' || !document?.body) return
    for (const page of Array.from(document.querySelectorAll<HTMLElement>('.taro_page'))) {
      if (page.scrollHeight > page.clientHeight && !page.hasAttribute('tabindex')) page.tabIndex = 0
    }
    for (const host of Array.from(document.querySelectorAll('[aria-label]'))) {
      const field = host.querySelector(':scope > input, :scope > textarea')
      const label = host.getAttribute('aria-label')
      if (field && label && field.getAttribute('aria-label') !== label) field.setAttribute('aria-label', label)
    }
  }
  // Once per frame, before it is painted: `fix` reads layout (scrollHeight), which per batch of changes forced a
  // layout after every render of a busy start (45 ms of a cold start's critical path). The first one too: run at
  // once, it forced the page's first layout in its mount, ahead of the work still to do before that frame.
  const later: (fn: () => void) => unknown =
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (fn) => Promise.resolve().then(fn)
  later(fix)
  if (typeof MutationObserver === 'undefined') return () => {}
  let queued = false
  const observer = new MutationObserver(() => {
    if (queued) return
    queued = true
    later(() => {
      queued = false
      fix()
    })
  })
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] })
  return () => {
    stopped = true
    observer.disconnect()
  }
}
