export default definePageConfig({ navigationBarTitleText: '境外证书核验' })
