import { decodeEntry, formatVerifierKey, toBase64 } from '../../ledger/index.js';
import type { GraphQLContext } from '../context.js';
import { requireRole } from '../guards.js';

const ANY_ROLE = ['ADMIN', 'MERCHANT', 'EMPLOYEE', 'FINANCE', 'TAX_AUTHORITY'] as const;

export const ledgerResolvers = {
  Query: {
    ledgerHead(_: unknown, __: unknown, ctx: GraphQLContext) {
      requireRole(ctx.principal, ...ANY_ROLE);
      const ledger = ctx.platform.ledger;
      const head = ledger.latestCheckpoint();
      if (!head) return null;
      return {
        origin: ledger.origin,
        size: head.size,
        root: toBase64(head.root),
        checkpoint: head.cosignedNote,
        cosignatures: head.cosignatures.map((c) => ({ keyName: c.keyName, timestamp: c.timestamp, line: c.line })),
        verifierKey: formatVerifierKey(ctx.platform.options.signer.verifierKey),
      };
    },
    ledgerEntry(_: unknown, args: { index: number }, ctx: GraphQLContext) {
      const principal = requireRole(ctx.principal, 'MERCHANT', 'TAX_AUTHORITY');
      const ledger = ctx.platform.ledger;
      if (!Number.isSafeInteger(args.index) || args.index < 0 || args.index >= ledger.size()) return null;
      const entry = ledger.entry(args.index);
      if (principal.role === 'MERCHANT' && decodeEntry(entry.data).data['merchantId'] !== principal.merchantId) return null;
      return {
        index: entry.index,
        data: new TextDecoder().decode(entry.data),
        leafHash: toBase64(entry.leafHash),
        final: ledger.isFinal(entry.index),
      };
    },
    inclusionProof(_: unknown, args: { index: number; treeSize: number }, ctx: GraphQLContext) {
      requireRole(ctx.principal, ...ANY_ROLE);
      const proof = ctx.platform.ledger.inclusionProof(args.index, args.treeSize);
      return { index: proof.index, treeSize: proof.size, leafHash: toBase64(proof.leafHash), proof: proof.proof.map(toBase64), root: toBase64(proof.root) };
    },
    consistencyProof(_: unknown, args: { size1: number; size2: number }, ctx: GraphQLContext) {
      requireRole(ctx.principal, ...ANY_ROLE);
      const proof = ctx.platform.ledger.consistencyProof(args.size1, args.size2);
      return { size1: proof.size1, size2: proof.size2, proof: proof.proof.map(toBase64), root1: toBase64(proof.root1), root2: toBase64(proof.root2) };
    },
  },
};
