import type { PropsWithChildren } from 'react'

/** The blank baseline app for `npm run bench`: Taro + React and nothing else. */
function App({ children }: PropsWithChildren) {
  return children
}

export default App
