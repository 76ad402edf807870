export default definePageConfig({ navigationBarTitleText: '家人代查' })
