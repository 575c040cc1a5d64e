import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import {
  isTaxpayerId, assertTaxpayerId, usccCheckCharacter, organisationCheckCharacter, provinceCodeOf, USCC_ALPHABET, isDomainError,
} from '../../src/domain/index.js';

test('the worked example of GB 32100-2015 is valid and its mutated check is not', () => {
  assert.equal(isTaxpayerId('91350100M000100Y43'), true);
  assert.equal(isTaxpayerId('91350100M000100Y4Z'), false);
});

test('real public codes validate', () => {
  assert.equal(isTaxpayerId('91440300708461136T'), true);
  assert.equal(isTaxpayerId('914403001922038216'), true);
  assert.equal(provinceCodeOf('91440300708461136T'), '44');
});

const failures: Array<[string, string]> = [
  ['91350100M000100Y4', 'LENGTH'],
  ['91350100M000100Y4I', 'ALPHABET'],
  ['9135010OM000100Y43', 'ALPHABET'],
  ['91A50100M000100Y43', 'DIVISION_CODE'],
  ['91350100M000100Y53', 'ORGANISATION_CODE'],
  ['91350100M000100Y44', 'CHECK_CHARACTER'],
];
for (const [value, rule] of failures) {
  test(`assertTaxpayerId names the failed rule ${rule} for ${value}`, () => {
    assert.throws(
      () => assertTaxpayerId(value),
      (e: unknown) => isDomainError(e) && e.code === 'TAXPAYER_ID.INVALID' && e.details['rule'] === rule,
    );
  });
}

const usccChar = fc.constantFrom(...USCC_ALPHABET.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
const validUscc = fc
  .tuple(fc.array(usccChar, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(usccChar, { minLength: 8, maxLength: 8 }))
  .map(([head, division, orgBody]) => {
    const org = orgBody.join('');
    const first17 = head.join('') + division.join('') + org + organisationCheckCharacter(org);
    return first17 + usccCheckCharacter(first17);
  });

test('every generated valid USCC passes and every single-character mutation of it fails', () => {
  const alphabet = [...USCC_ALPHABET, 'I', 'O', 'S', 'V', 'Z', 'a', '-'];
  fc.assert(
    fc.property(validUscc, fc.nat(17), (id, position) => {
      assert.equal(isTaxpayerId(id), true, id);
      for (const replacement of alphabet) {
        if (replacement === id[position]) continue;
        const mutated = id.slice(0, position) + replacement + id.slice(position + 1);
        assert.equal(isTaxpayerId(mutated), false, `${mutated} (from ${id})`);
      }
    }),
    { numRuns: 500 },
  );
});
