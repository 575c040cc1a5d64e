// What `send-payment --refund ID` needs besides sending: our payment id (pay_…, the one the
// README, GraphQL and the webhook answer name) or the provider's, both accepted; and an
// answer in yuan, the unit it was given in (the webhook API itself speaks fen).
import { formatYuan } from '../domain/index.js';
import { PAYMENT_ID_PATTERN } from '../invoices/index.js';

/**
 * The provider's payment id for `id`: as given unless it is our pay_… id, which the merchant's
 * own GraphQL (payment(id)) resolves with its API key. A message (not an exception) when it
 * cannot, for the CLI to print.
 */
export async function providerPaymentIdOf(base: string, apiKey: string | undefined, id: string): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  if (!PAYMENT_ID_PATTERN.test(id)) return { ok: true, id };
  if (!apiKey) return { ok: false, message: `${id} is our payment id; give the merchant's --key to look up the provider's id (or pass the provider's id)` };
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: 'query($id: ID!) { payment(id: $id) { providerPaymentId } }', variables: { id } }),
  });
  const answer = (await response.json()) as { data?: { payment: { providerPaymentId: string } | null } | null; errors?: Array<{ message: string }> };
  const found = answer.data?.payment?.providerPaymentId;
  if (found) return { ok: true, id: found };
  return { ok: false, message: answer.errors?.[0]?.message ?? `no payment ${id} for this merchant` };
}

/** One line for a recorded refund, amounts in yuan: "refund rf_… of ¥28.00 on pay_…: refunded ¥28.00 of the payment, ¥100.00 remains". */
export function describeRefundAnswer(body: unknown): string | null {
  const b = body as { paymentId?: unknown; refundId?: unknown; refunded?: unknown; remaining?: unknown; amount?: unknown } | null;
  if (!b || typeof b.refunded !== 'number' || typeof b.remaining !== 'number' || typeof b.paymentId !== 'string') return null;
  return `refund ${String(b.refundId)} recorded on ${b.paymentId}: refunded ¥${formatYuan(b.refunded)} so far, ¥${formatYuan(b.remaining)} remains`;
}
