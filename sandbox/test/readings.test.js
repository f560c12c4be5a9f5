'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const { start, get, post } = require('./helpers');
const { parseReadingFlag } = require('../lib/readings');

describe('readings: startSandbox({ readings }) and --reading', () => {
  test('refuses an unknown reading name and a value outside its list', async () => {
    await expect(start({ readings: { noSuchReading: 'x' } })).rejects.toThrow(/unknown reading "noSuchReading"; known: customIdReuse, withdrawalMethodCurrency/);
    await expect(start({ readings: { withdrawalMethodCurrency: 'no' } })).rejects.toThrow(/must be one of true, false, not "no"/);
    await expect(start({ readings: ['withdrawalMethodCurrency'] })).rejects.toThrow(/readings must be an object/);
  });

  test('parses name=value flags and refuses malformed ones', () => {
    expect(parseReadingFlag('withdrawalMethodCurrency=false')).toEqual({ withdrawalMethodCurrency: false });
    expect(() => parseReadingFlag('withdrawalMethodCurrency')).toThrow(/needs name=value/);
    expect(() => parseReadingFlag('nope=true')).toThrow(/unknown reading "nope"/);
  });

  test('the CLI refuses an unknown reading before listening', () => {
    const cli = path.join(__dirname, '..', 'cli.js');
    let failure;
    try {
      execFileSync(process.execPath, [cli, '--port', '0', '--reading', 'nope=1'], { stdio: 'pipe', timeout: 10000 });
    } catch (e) {
      failure = e;
    }
    expect(failure.status).toBe(2);
    expect(String(failure.stderr)).toMatch(/unknown reading "nope"/);
  });
});

describe('reading withdrawalMethodCurrency', () => {
  test.each([
    [true, (m) => expect(m.currency).toBe('USDT')],
    [false, (m) => expect(m).not.toHaveProperty('currency')],
  ])('=%s: GET /withdrawal-methods objects %s', async (value, check) => {
    const sb = await start({ readings: { withdrawalMethodCurrency: value } });
    try {
      const methods = (await get(sb, '/api/v1/withdrawal-methods')).json;
      const trc20 = methods.find((m) => m.code === 'USDTTRC20');
      check(trc20);
      // Either way the rest is the /currency withdraw entry, field for field.
      const usdt = (await get(sb, '/api/v1/currency')).json.find((c) => c.code === 'USDT');
      const { currency, ...rest } = trc20;
      expect(rest).toEqual(usdt.withdraw.find((m) => m.code === 'USDTTRC20'));
      expect(sb.admin.state({ ops: false }).readings).toEqual({ customIdReuse: 'conflict', withdrawalMethodCurrency: value });
    } finally {
      await sb.stop();
    }
  });
});

describe('admin: POST /__admin/withdrawal-methods', () => {
  let sb;
  beforeAll(async () => { sb = await start(); });
  afterAll(() => sb.stop());
  beforeEach(() => sb.admin.reset());

  const codes = async () => (await get(sb, '/api/v1/withdrawal-methods')).json.map((m) => m.code);
  const withdraw = (body) => post(sb, '/api/v1/withdraw', { currency: 'USDT', amount: '100', address: 'TXyz', ...body });

  test('a disabled method leaves both lists and POST /withdraw refuses it; reset restores it', async () => {
    expect(await codes()).toContain('USDTTRC20');
    sb.admin.setWithdrawalMethod({ code: 'usdt_trc20', enabled: false });
    expect(await codes()).not.toContain('USDTTRC20');
    const usdt = (await get(sb, '/api/v1/currency')).json.find((c) => c.code === 'USDT');
    expect(usdt.withdraw.map((m) => m.code)).toEqual(['USDTERC20']);
    const refused = await withdraw({ method: 'USDTTRC20' });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toEqual({ code: 'validation.invalid', message: 'Unknown withdraw method USDTTRC20 for USDT', field: 'method' });
    expect((await withdraw({ method: 'USDTERC20' })).status).toBe(200);
    sb.admin.reset();
    expect(await codes()).toContain('USDTTRC20');
  });

  test('new limits show in the list and are enforced (over HTTP too)', async () => {
    const res = await fetch(`${sb.url}/__admin/withdrawal-methods`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'USDTTRC20', max_amount: '50', precision: 2 }),
    });
    expect(res.status).toBe(200);
    const listed = (await get(sb, '/api/v1/withdrawal-methods')).json.find((m) => m.code === 'USDTTRC20');
    expect(listed).toMatchObject({ max_amount: '50.00', precision: 2 });
    expect((await withdraw({ method: 'USDTTRC20' })).json.error.code).toBe('validation.max_amount');
    expect((await withdraw({ method: 'USDTTRC20', amount: '30.001' })).json.error.code).toBe('validation.precision');
    expect((await withdraw({ method: 'USDTTRC20', amount: '30.01' })).status).toBe(200);
  });

  test('refuses unknown methods, fields and malformed values', () => {
    expect(() => sb.admin.setWithdrawalMethod({ code: 'DOGE' })).toThrow(/unknown withdrawal method DOGE/);
    expect(() => sb.admin.setWithdrawalMethod({ code: 'BTC', maximum: '1' })).toThrow(/unknown field maximum/);
    expect(() => sb.admin.setWithdrawalMethod({ code: 'BTC', max_amount: 1 })).toThrow(/max_amount must be a decimal string/);
    expect(() => sb.admin.setWithdrawalMethod({ code: 'BTC', enabled: 'no' })).toThrow(/enabled must be true or false/);
  });
});

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
