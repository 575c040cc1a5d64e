// The offline explorer's script: posts the query, its variables and the pasted API key to this
// node's /graphql and shows the JSON answer.
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

async function run(): Promise<void> {
  const out = $('response');
  let variables: unknown;
  try {
    variables = JSON.parse(($('variables') as HTMLTextAreaElement).value || '{}');
  } catch {
    out.textContent = '变量不是合法的 JSON (variables are not valid JSON)';
    return;
  }
  const key = ($('apikey') as HTMLInputElement).value.trim();
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (key) headers['Authorization'] = `Bearer ${key}`;
  try {
    const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: ($('query') as HTMLTextAreaElement).value, variables }) });
    const text = await res.text();
    try {
      out.textContent = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      out.textContent = text;
    }
  } catch {
    out.textContent = '无法连接 (cannot reach the node)';
  }
}

$('explorer').addEventListener('submit', (event) => {
  event.preventDefault();
  void run();
});
$('query').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void run();
  }
});
document.body.dataset['ready'] = 'true';
performance.mark('interactive');
