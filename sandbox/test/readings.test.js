'use strict';
// Readings: where the doc is open, the sandbox plays each plausible answer (sandbox/README.md).
const { start, post } = require('./helpers');

describe('reading customIdReuse: the same custom_id with a different body (doc §1.4 says only "the same request")', () => {
  const first = { currency: 'BTC', amount: '0.01', address: 'bc1qfirst', custom_id: 'reuse-1' };
  const other = { currency: 'BTC', amount: '0.25', address: 'bc1qother', custom_id: 'reuse-1' };

  test('conflict (default): 409 custom_id.conflict, nothing new is created', async () => {
    const sb = await start();
    try {
      const a = await post(sb, '/api/v1/withdraw', first);
      const b = await post(sb, '/api/v1/withdraw', other);
      expect(a.status).toBe(200);
      expect([b.status, b.json.error.code]).toEqual([409, 'custom_id.conflict']);
      expect(sb.admin.state().operations.withdrawal).toHaveLength(1);
    } finally {
      await sb.stop();
    }
  });

  test('existing: answers the first operation as if the request were the same, nothing new is created', async () => {
    const sb = await start({ readings: { customIdReuse: 'existing' } });
    try {
      const a = await post(sb, '/api/v1/withdraw', first);
      const b = await post(sb, '/api/v1/withdraw', other);
      expect(b.status).toBe(200);
      expect(b.json).toMatchObject({ code: a.json.code, amount: '0.01000000', address: 'bc1qfirst' });
      expect(sb.admin.state().operations.withdrawal).toHaveLength(1);
    } finally {
      await sb.stop();
    }
  });
});
