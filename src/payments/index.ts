export type { Payment, Refund, PaymentItem, PaymentEvent } from './types.js';
export type { PaymentStore, StoredWebhookEvent } from './ports.js';
export { SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS, parseSignatureHeader, computeSignature, signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { parsePaymentEvent } from './event.js';
export { verifyPaymentWebhook, type VerifyDeps, type WebhookDelivery } from './verify.js';
export { recordPaymentEvent, recordPayment, recordRefund, type RecordDeps } from './record.js';
export type { WebhookOutcome, RecordedOutcome, PaymentRecorded, RefundRecorded } from './outcome.js';
export { worstCaseInvoiceEntryBytes, assertInvoiceable } from './invoice-size.js';
export { ingestWebhook, type IngestDeps } from './ingest.js';
export {
  setWechatPaySettings, setAlipaySettings, readProviderSettings, wechatPayView, alipayView, keyFingerprint, type WechatPaySettings, type AlipaySettings,
  type WechatPayKeyRecord, type ProviderSettingsStore, type ProviderSettingsDeps, type WechatPaySettingsInput, type AlipaySettingsInput,
  type WechatPaySettingsView, type AlipaySettingsView,
} from './provider-settings.js';
export { ProviderKeyrings, type WechatPayCredentials, type AlipayCredentials } from './provider-keyrings.js';
export {
  recordProviderEvent, type ProviderRecordDeps, type ProviderNotificationStore, type StoredProviderNotification, type ProviderOutcome,
  type NotificationEffect,
} from './record-provider.js';
export { readPayment, listPayments } from './queries.js';
