// Issue 10, finding 15 (parser messages, introspection): what an answer must not reveal.
// - Body-parser failures answer a fixed message per status on both nodes, never the JSON
//   parser's text (it quotes the body) or a server path.
// - Introspection (__schema, __type) needs an API key, unless the node runs with its
//   development flag (GRAPHQL_INTROSPECTION=1 or NODE_ENV=development); __typename stays open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, graphqlIntrospection, loadPlatformConfig } from '../../src/config.js';
import { ADMIN_KEY } from '../support/platform-harness.js';
import { gqlAt, postRaw, startPlatformEdge, startTaxNodeEdge, type Answer, type EdgeNode } from '../support/graphql-edge.js';

const NOT_JSON = { error: { code: 'BAD_REQUEST', message: 'the request body is not valid JSON' } };
const TOO_LARGE = { error: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' } };

const MALFORMED = ['{"query": "{ health }"', 'S/', '{"query": "{ health }",}', '{"query": "\\x"}', '[1, 2', '\u0000'];

async function bodyParserAnswers(node: EdgeNode): Promise<void> {
  for (const body of MALFORMED) {
    const answer = await postRaw(`${node.url}/graphql`, body);
    assert.equal(answer.status, 400, body);
    assert.deepEqual(answer.body, NOT_JSON, `${JSON.stringify(body)} answered ${answer.text}`);
  }
  const charset = await postRaw(`${node.url}/graphql`, '{"query":"{ health }"}', { 'content-type': 'application/json; charset=klingon' });
  assert.equal(charset.status, 415);
  assert.deepEqual(charset.body, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'the request body\'s charset is not supported' } });
  assert.doesNotMatch(charset.text, /klingon/u, 'the caller\'s own header is not echoed either');
  const encoding = await postRaw(`${node.url}/graphql`, '{"query":"{ health }"}', { 'content-encoding': 'x-unknown' });
  assert.equal(encoding.status, 415);
  assert.deepEqual(encoding.body, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'the request body\'s content encoding is not supported' } });
  const large = await postRaw(`${node.url}/graphql`, JSON.stringify({ query: `{ health } #${'x'.repeat(1_100_000)}` }), { authorization: `Bearer ${node.key}` });
  assert.equal(large.status, 413);
  assert.deepEqual(large.body, TOO_LARGE);
}

test('platform: malformed JSON, unknown charsets and encodings, oversized bodies: fixed messages, not the parser\'s', async (t) => {
  const p = await startPlatformEdge();
  t.after(() => p.close());
  await bodyParserAnswers(p);
  // without a key the GraphQL body limit is 64 KB: a 70 KB variables object is refused unread
  const anonymous = await postRaw(`${p.url}/graphql`, JSON.stringify({ query: '{ health }', variables: { x: 'y'.repeat(70_000) } }));
  assert.equal(anonymous.status, 413);
  assert.deepEqual(anonymous.body, TOO_LARGE);
  const keyed = await postRaw(`${p.url}/graphql`, JSON.stringify({ query: '{ health }', variables: { x: 'y'.repeat(70_000) } }), { authorization: `Bearer ${p.key}` });
  assert.equal(keyed.status, 200, keyed.text.slice(0, 200));
});

test('tax node: malformed JSON, unknown charsets and encodings, oversized bodies: fixed messages, not the parser\'s', async (t) => {
  const node = await startTaxNodeEdge();
  t.after(() => node.close());
  await bodyParserAnswers(node);
});

const INTROSPECTIONS = [
  '{ __schema { queryType { name } } }',
  '{ __type(name: "Query") { name } }',
  'query { ...I } fragment I on Query { __schema { types { name } } }',
  '{ health ... on Query { t: __type(name: "Query") { kind } } }',
];

function assertNeedsKey(answer: Answer, query: string): void {
  assert.equal(answer.status, 401, `${query}: ${answer.text}`);
  const error = answer.body?.errors?.[0];
  assert.equal(error?.extensions?.code, 'UNAUTHENTICATED', query);
  assert.equal(error?.extensions?.detail, 'GRAPHQL.INTROSPECTION_NEEDS_KEY', query);
  assert.equal(answer.body?.data, undefined, `${query}: nothing of the schema`);
}

for (const [name, start, startWithFlag] of [
  ['platform', () => startPlatformEdge(), () => startPlatformEdge({ introspection: true })],
  ['tax node', () => startTaxNodeEdge(), () => startTaxNodeEdge({ GRAPHQL_INTROSPECTION: '1' })],
] as const) {
  test(`${name}: introspection needs an API key; __typename does not; the development flag opens it`, async (t) => {
    const node: EdgeNode = await start();
    t.after(() => node.close());
    for (const query of INTROSPECTIONS) assertNeedsKey(await gqlAt(node, query), query);
    const typename = await gqlAt(node, '{ __typename }');
    assert.equal(typename.status, 200);
    assert.deepEqual(typename.body?.data, { __typename: 'Query' });
    for (const query of INTROSPECTIONS) {
      const keyed = await gqlAt(node, query, { key: node.key });
      assert.equal(keyed.status, 200, `${query}: ${keyed.text.slice(0, 200)}`);
    }
    // schema hints ("Did you mean …?") are not given out either
    const typo = await gqlAt(node, '{ healt }');
    assert.equal(typo.status, 400);
    assert.doesNotMatch(typo.text, /Did you mean/u);

    const dev: EdgeNode = await startWithFlag();
    t.after(() => dev.close());
    const open = await gqlAt(dev, INTROSPECTIONS[0] as string);
    assert.equal(open.status, 200, open.text.slice(0, 200));
    assert.deepEqual(open.body?.data, { __schema: { queryType: { name: 'Query' } } });
  });
}

test('platform: an ADMIN key may introspect too (any valid key does)', async (t) => {
  const p = await startPlatformEdge();
  t.after(() => p.close());
  const admin = await gqlAt(p, INTROSPECTIONS[1] as string, { key: ADMIN_KEY });
  assert.deepEqual(admin.body?.data, { __type: { name: 'Query' } });
  const badKey = await gqlAt(p, INTROSPECTIONS[1] as string, { key: 'cik_not_a_key' });
  assert.equal(badKey.status, 401);
  assert.equal(badKey.body?.data, undefined);
});

test('GRAPHQL_INTROSPECTION is 1/true/0/false; unset, NODE_ENV=development decides; anything else stops the start', () => {
  assert.equal(graphqlIntrospection({}), false);
  assert.equal(graphqlIntrospection({ NODE_ENV: 'production' }), false);
  assert.equal(graphqlIntrospection({ NODE_ENV: 'development' }), true);
  assert.equal(graphqlIntrospection({ GRAPHQL_INTROSPECTION: '1' }), true);
  assert.equal(graphqlIntrospection({ GRAPHQL_INTROSPECTION: 'true' }), true);
  assert.equal(graphqlIntrospection({ GRAPHQL_INTROSPECTION: '0', NODE_ENV: 'development' }), false);
  assert.throws(() => graphqlIntrospection({ GRAPHQL_INTROSPECTION: 'yes' }), (e: unknown) => e instanceof ConfigError && e.variable === 'GRAPHQL_INTROSPECTION');
  assert.equal(loadPlatformConfig({ GRAPHQL_INTROSPECTION: '1' }).graphqlIntrospection, true);
  assert.equal(loadPlatformConfig({}).graphqlIntrospection, false);
});
