export default definePageConfig({ navigationBarTitleText: '入境申报' })
