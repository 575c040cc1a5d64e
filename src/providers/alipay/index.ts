export { parseSignedForm } from './form.js';
export { alipaySignContent, signAlipayContent, verifyAlipayContent, alipayPublicKeyFrom } from './signature.js';
export {
  verifyAlipayNotification, mapAlipayParams, alipayFailureAnswer, ALIPAY_SUCCESS_ANSWER, type AlipayRefusal, type AlipayNotificationOptions,
} from './notification.js';
export { signAlipayNotification, encodeForm } from './test-signer.js';
