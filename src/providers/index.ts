// Real payment providers in: WeChat Pay APIv3 and Alipay asynchronous notifications, verified
// and mapped to our payment events without storage, and Alipay's daily bill parsed into the
// reconciliation's bill rows. The route, settings and recording are wired by the webhook.
// The demo signer (PUBLIC DEMO keys from fixtures/) is ./demo.js, kept out of this surface.
export * from './types.js';
export * from './wechatpay/index.js';
export * from './alipay/index.js';
export { refundEventFromTotal } from './refund-total.js';
