/**
 * The stored form of the app's encrypted values (src/platform/secureStorage.ts), named here without crypto-js so
 * the H5 boot shell (src/boot/savedShell.ts) can read one with WebCrypto: `np1.<iv hex>.<AES-256-CBC ciphertext,
 * base64>.<HMAC-SHA256 hex of "<key>.<iv hex>.<ciphertext>">`, under the device key kept in KEY_SLOT (128 hex
 * digits: the AES key, then the HMAC key).
 */
export const PREFIX = 'np1.'
export const KEY_SLOT = '__np_device_key'
export const DEVICE_KEY_PATTERN = /^[0-9a-f]{128}$/
