import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { problemBody, ProblemError } from './problem.js';

describe('problem+json bodies', () => {
  test('a problem has type, title, status, detail and code', () => {
    assert.deepEqual(problemBody(404, 'TENANT_NOT_FOUND', 'no tenant acme'), {
      type: 'https://github.com/vtiger-sage-bridge/vtiger-sage-bridge/blob/main/docs/errors.md#tenant_not_found',
      title: 'Not Found',
      status: 404,
      detail: 'no tenant acme',
      code: 'TENANT_NOT_FOUND',
    });
  });

  test('a problem about one field names it', () => {
    assert.equal(
      problemBody(422, 'MODULE_DEPENDENCY', 'x', 'modules.invoices.enabled').field,
      'modules.invoices.enabled',
    );
  });

  test('without a field there is no field property at all', () => {
    assert.equal('field' in problemBody(400, 'VALIDATION_FAILED', 'x'), false);
  });

  test('a status without a known title is titled "Error"', () => {
    assert.equal(problemBody(418, 'TEAPOT', 'x').title, 'Error');
  });

  for (const [status, title] of [
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [422, 'Unprocessable Content'],
    [503, 'Service Unavailable'],
  ] as const) {
    test(`status ${status} is titled "${title}"`, () => {
      assert.equal(problemBody(status, 'X', 'x').title, title);
    });
  }
});

describe('ProblemError', () => {
  test("takes its status from the code's contract", () => {
    assert.equal(new ProblemError('FORBIDDEN', 'no').status, 403);
    assert.equal(new ProblemError('MODULE_DEPENDENCY', 'no').status, 422);
  });

  test('carries a field, headers and an explicit status when given', () => {
    const err = new ProblemError('UNAUTHORIZED', 'no', {
      status: 400,
      field: 'token',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
    assert.deepEqual(
      [err.status, err.field, err.headers, err.message],
      [400, 'token', { 'WWW-Authenticate': 'Bearer' }, 'no'],
    );
  });
});
