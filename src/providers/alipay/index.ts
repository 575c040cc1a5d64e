export { parseSignedForm } from './form.js';
export { alipaySignContent, signAlipayContent, verifyAlipayContent, alipayPublicKeyFrom } from './signature.js';
export {
  verifyAlipayNotification, mapAlipayParams, alipayFailureAnswer, ALIPAY_SUCCESS_ANSWER, type AlipayRefusal, type AlipayNotificationOptions,
} from './notification.js';
export { signAlipayNotification, encodeForm } from './test-signer.js';
export { ALIPAY_BILL_COLUMNS, parseAlipayBillCsv, parseAlipayTradeBill, splitBillFields } from './bill.js';
export { alipayBillLines, isDetailEntry, MAX_BILL_BYTES } from './bill-zip.js';
export { formatAlipayBillCsv, zipAlipayBill, zipEntries, type AlipayBillInputRow } from './bill-format.js';
