/**
 * The check-in result: each label beside its value keeps its width (a long
 * venue name wraps in the value, not the label), and the receipt number the
 * province gave is shown; until it is sent, the page says when it will be.
 */
import { checkinSlice } from '../../src/features/checkin/checkinSlice'
import { bootApp } from './bootApp'

const venue = {
  province: '440000',
  venueId: '4401060012345',
  name: '广州市天河区天河路208号天河城购物中心东门一楼客户服务中心旁临时核酸采样点',
  source: 'national' as const,
}

describe('check-in result', () => {
  test('the receipt number is shown beside its label; labels never shrink beside a long venue name', async () => {
    const app = await bootApp({ route: 'checkin?key=k-1' })
    await app.waitFor(() => app.state().checkin.restored)
    app.store.dispatch(
      checkinSlice.actions.restored({
        pending: [],
        history: [
          { idempotencyKey: 'k-1', venue, at: Date.now(), status: 'sent', receiptId: 'GD-20261130-000042' },
          { idempotencyKey: 'k-2', venue, at: Date.now(), status: 'queued' },
        ],
      }),
    )
    const receipt = await app.find('[data-field="receipt"]')
    expect(receipt.textContent).toBe('GD-20261130-000042')
    const row = receipt.parentElement as HTMLElement
    expect(row.className).toContain('np-field-row')
    expect(row.querySelector('.np-field-label')?.textContent).toBe('登记编号')
    const venueValue = await app.find('[data-field="venue"]')
    expect(venueValue.className).toContain('np-field-value')
    expect((venueValue.parentElement as HTMLElement).querySelector('.np-field-label')?.textContent).toBe('场所')

    await app.goTo('checkin?key=k-2')
    await app.waitFor(() => app.state().checkin.restored)
    app.store.dispatch(
      checkinSlice.actions.restored({
        pending: [],
        history: [{ idempotencyKey: 'k-2', venue, at: Date.now(), status: 'queued' }],
      }),
    )
    await app.waitFor(() => app.page().querySelector('[data-field="receipt"]')?.textContent === '发送后生成')
  })
})
