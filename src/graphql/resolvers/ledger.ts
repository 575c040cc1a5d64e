import { formatVerifierKey, toBase64 } from '../../ledger/index.js';
import { proveConsistency, proveInclusion, readLedgerEntry, readLedgerHead } from '../../platform/ledger-queries.js';
import type { GraphQLContext } from '../context.js';

export const ledgerResolvers = {
  Query: {
    ledgerHead(_: unknown, __: unknown, ctx: GraphQLContext) {
      const ledger = ctx.platform.ledger;
      const head = readLedgerHead(ledger, ctx.principal);
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
      const ledger = ctx.platform.ledger;
      const entry = readLedgerEntry(ledger, ctx.principal, args.index);
      return entry && { index: entry.index, data: new TextDecoder().decode(entry.data), leafHash: toBase64(entry.leafHash), final: ledger.isFinal(entry.index) };
    },
    inclusionProof(_: unknown, args: { index: number; treeSize: number }, ctx: GraphQLContext) {
      const proof = proveInclusion(ctx.platform.ledger, ctx.principal, args.index, args.treeSize);
      return { index: proof.index, treeSize: proof.size, leafHash: toBase64(proof.leafHash), proof: proof.proof.map(toBase64), root: toBase64(proof.root) };
    },
    consistencyProof(_: unknown, args: { size1: number; size2: number }, ctx: GraphQLContext) {
      const proof = proveConsistency(ctx.platform.ledger, ctx.principal, args.size1, args.size2);
      return { size1: proof.size1, size2: proof.size2, proof: proof.proof.map(toBase64), root1: toBase64(proof.root1), root2: toBase64(proof.root2) };
    },
  },
};
