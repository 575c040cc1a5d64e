export { createWechatPayKeyring, type WechatPayPublicKey, type WechatPayKeyring } from './keys.js';
export { WECHATPAY_SIGNATURE_TYPE, wechatPayMessage, signWechatPayMessage, checkWechatPaySignature, type WechatPayHeaders } from './signature.js';
export { decryptWechatPayResource, encryptWechatPayResource, wechatPayApiV3Key } from './resource.js';
export { WECHATPAY_EVENT_TYPES, mapWechatPayResource, type WechatPayEventType } from './mapping.js';
export {
  verifyWechatPayNotification, wechatPayFailureAnswer, WECHATPAY_SUCCESS_ANSWER, type WechatPayRefusal, type WechatPayNotificationOptions,
} from './notification.js';
export { signWechatPayNotification, signWechatPayHeaders, type SignWechatPayOptions } from './test-signer.js';
