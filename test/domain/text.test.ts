// The one text policy (src/domain/text.ts): what it refuses, what it returns, and that its
// output is always NFC, free of forbidden code points, and a fixed point of the policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import {
  FORBIDDEN_CODE_POINTS, TEXT_FIELDS, isDomainError, normaliseItemName, normaliseName, normaliseRemark, normaliseText, type TextFieldKind,
} from '../../src/domain/index.js';

function refusal(fn: () => unknown): { field: unknown; reason: unknown; message: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(isDomainError(error), String(error));
    assert.equal(error.code, 'TEXT.INVALID');
    return { field: error.details['field'], reason: error.details['reason'], message: error.message };
  }
  assert.fail('expected TEXT.INVALID');
}

test('ordinary names pass, trimmed and in NFC', () => {
  assert.equal(normaliseName('  深圳链票演示商户有限公司 (demo) ', 'name'), '深圳链票演示商户有限公司 (demo)');
  // "e" + COMBINING ACUTE ACCENT composes to U+00E9
  assert.equal(normaliseName('Cafe\u0301 Zoë', 'buyer.name'), 'Caf\u00e9 Zoë');
  // ZWJ inside an emoji sequence is kept: it is invisible but the text is not empty
  assert.equal(normaliseItemName('家庭 👨\u200d👩\u200d👧', 'data.description'), '家庭 👨\u200d👩\u200d👧');
  assert.equal(normaliseRemark('退货：尺码不合', 'reason'), '退货：尺码不合');
});

test('lone surrogates are malformed, named by field', () => {
  for (const bad of ['\ud800', 'a\udc00b', 'x\ud83d']) {
    assert.deepEqual(
      { ...refusal(() => normaliseItemName(bad, 'data.items[0].name')), message: '' },
      { field: 'data.items[0].name', reason: 'MALFORMED', message: '' },
    );
  }
  // a proper surrogate pair is fine
  assert.equal(normaliseName('𠮷野家', 'buyer.name'), '𠮷野家');
});

test('controls, line breaks, bidi overrides and isolates are refused, and the message names the code point, not the text', () => {
  for (const [bad, cp] of [
    ['a\u0000b', 'U+0000'], ['a\rb', 'U+000D'], ['a\nb', 'U+000A'], ['a\tb', 'U+0009'], ['a\u0085b', 'U+0085'], ['a\u007fb', 'U+007F'],
    ['a\u2028b', 'U+2028'], ['a\u2029b', 'U+2029'], ['evil\u202egnp.exe', 'U+202E'], ['a\u202ab', 'U+202A'],
    ['a\u2066b', 'U+2066'], ['a\u2069b', 'U+2069'], ['a\u200fb', 'U+200F'], ['a\ufffeb', 'U+FFFE'],
  ] as const) {
    const r = refusal(() => normaliseName(bad, 'buyer.name'));
    assert.equal(r.reason, 'FORBIDDEN', bad);
    assert.match(r.message, new RegExp(cp.replace('+', '\\+'), 'u'));
    assert.ok(!r.message.includes(bad), 'the text is not echoed');
  }
});

test('text made only of invisible characters or white space is empty', () => {
  for (const bad of ['', '   ', '\u200b', '\u200b\u200b\u200b', '\u3164', '\u3164 \u3164', '\u115f\u1160', '\ufeff', '\u00ad', '\u180e', '\u2060', '\u3000', '\ufe0f']) {
    assert.equal(refusal(() => normaliseName(bad, 'name')).reason, 'EMPTY', JSON.stringify(bad));
  }
  assert.equal(refusal(() => normaliseName(42, 'name')).reason, 'NOT_TEXT');
});

test('the 数电票 field lengths are maximums in UTF-8 bytes', () => {
  assert.equal(TEXT_FIELDS.NAME.maxBytes, 300);
  assert.equal(TEXT_FIELDS.ITEM_NAME.maxBytes, 600);
  assert.equal(TEXT_FIELDS.REMARK.maxBytes, 450);
  // 100 汉字 are 300 bytes: the most a name may hold; 101 are too many
  assert.equal(normaliseName('汉'.repeat(100), 'name'), '汉'.repeat(100));
  assert.equal(refusal(() => normaliseName('汉'.repeat(101), 'name')).reason, 'TOO_LONG');
  assert.equal(normaliseName('a'.repeat(300), 'name').length, 300);
  assert.equal(refusal(() => normaliseName('a'.repeat(301), 'name')).reason, 'TOO_LONG');
  assert.equal(normaliseItemName('品'.repeat(200), 'data.description').length, 200);
  assert.equal(refusal(() => normaliseItemName('品'.repeat(201), 'data.description')).reason, 'TOO_LONG');
  // a megabyte is refused before it is normalised
  assert.equal(refusal(() => normaliseName('\u200b'.repeat(1 << 20), 'name')).reason, 'TOO_LONG');
});

const KINDS = Object.keys(TEXT_FIELDS) as TextFieldKind[];
// strings mixing ordinary text with every class of troublesome code unit
const hostile = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 4 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.constantFrom('\ud800', '\udfff', '\u0000', '\n', '\u202e', '\u2066', '\u2028', '\u200b', '\u3164', 'e\u0301', '\u1100\u1161\u11a8', ' ', '\u3000', '\ufeff', '汉', 'A'),
  ),
  { maxLength: 40 },
).map((parts) => parts.join(''));

test('property: the policy output is NFC, has no forbidden or lone-surrogate code point, and is idempotent', () => {
  fc.assert(
    fc.property(hostile, fc.constantFrom(...KINDS), (input, kind) => {
      let out: string;
      try {
        out = normaliseText(input, kind, 'f');
      } catch (error) {
        assert.ok(isDomainError(error) && error.code === 'TEXT.INVALID', String(error));
        return;
      }
      assert.equal(out, out.normalize('NFC'));
      assert.doesNotMatch(out, /\p{Cs}/u);
      for (const char of out) {
        const cp = char.codePointAt(0) as number;
        assert.ok(!FORBIDDEN_CODE_POINTS.some(([a, b]) => cp >= a && cp <= b), `U+${cp.toString(16)}`);
      }
      assert.equal(normaliseText(out, kind, 'f'), out);
    }),
    { seed: 20261122, numRuns: 3000 },
  );
});
