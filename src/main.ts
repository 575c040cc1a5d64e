// Composition root. The service itself (GraphQL, webhooks, the ledger behind them) lands with
// the platform issue; until then start-up says so plainly instead of pretending to serve.
console.log('chain-invoice: the domain rules and the ledger are built; the HTTP service is not built yet.');
console.log('Run `npm test` to exercise them, or `npm run verify-ledger -- --data ./data` on a ledger file.');
