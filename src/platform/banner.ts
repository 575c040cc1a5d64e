// The start-up banner `npm start` prints on a terminal: where to point a browser, where the data
// is, which tax node cosigns and where the demo keys are. Logs carry the same facts as fields.
import path from 'node:path';

export interface BannerFacts {
  readonly url: string;
  readonly dataDir: string;
  readonly origin: string;
  /** The tax node in use, and whether `npm start` runs it as its child. */
  readonly taxNode: { readonly url: string; readonly local: boolean; readonly dataDir?: string } | null;
  readonly fixturesDir: string;
  readonly metricsProtected: boolean;
}

export function renderBanner(facts: BannerFacts): string {
  const rows: Array<[string, string]> = [
    ['GraphQL', `${facts.url}/graphql`],
    ['explorer', `${facts.url}/graphql  (open it in a browser)`],
    ["payer's page", `${facts.url}/apply`],
    ['metrics', `${facts.url}/metrics${facts.metricsProtected ? '  (Bearer METRICS_TOKEN)' : ''}`],
    ['data folder', facts.dataDir],
    ['ledger origin', facts.origin],
  ];
  if (facts.taxNode === null) {
    rows.push(['tax node', 'none: invoices stay final: false (set TAX_NODE_URL or drop --no-tax-node)']);
  } else {
    rows.push(['tax node', `${facts.taxNode.url}${facts.taxNode.local ? `  (local child, data ${facts.taxNode.dataDir ?? ''})` : '  (TAX_NODE_URL)'}`]);
    rows.push(['查验 page', `${facts.taxNode.url}/verify`]);
  }
  rows.push(['demo keys', `${path.join(facts.fixturesDir, 'demo', 'platform.json')} (merchant API key, webhook secret), ${path.join(facts.fixturesDir, 'keys')}`]);
  // a CJK character takes two columns on a terminal
  const columns = (text: string): number => [...text].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/u.test(c) ? 2 : 1), 0);
  const width = Math.max(...rows.map(([k]) => columns(k)));
  return ['', 'chain-invoice is running', ...rows.map(([k, v]) => `  ${k}${' '.repeat(width - columns(k))}  ${v}`), '  Ctrl-C stops it', ''].join('\n');
}
