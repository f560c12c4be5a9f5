'use strict';
const { start, get, post, raw, api, hmac } = require('./helpers');

let sb;
beforeAll(async () => {
	sb = await start({ trustForwardedFor: true });
});
afterAll(() => sb.stop());

describe('signature vectors (computed with python hmac, stored as literals)', () => {
	test('our HMAC matches the python vectors', () => {
		expect(hmac('demo-secret-key', 'demo-access-key/api/v1/balance1676541877000')).toBe(
			'08d2356840fa03836ddbdf94553c8d687da955f6a32d31c118ab8d783f11a6e5',
		);
		expect(
			hmac(
				'demo-secret-key',
				'demo-access-key/api/v1/withdraw1676541877000{"currency":"BTC","amount":"0.01000000","address":"bc1qxy"}',
			),
		).toBe('4848259a7d997be7b736d31d9d4697d645ce80044c1c9f14f52d9caf55b7c772');
		expect(
			sb.sign('readonly-secret-key', 'readonly-access-key', '/api/v1/balance', '1700000000123'),
		).toBe('42d8c1bdfb9e9821a079626279d77a297843316742ff72246809c4abaa23688a');
	});

	test('server accepts the python vector when its clock matches the vector timestamp', async () => {
		sb.admin.setClock({ offsetMs: 1676541877000 - Date.now() });
		try {
			const r = await raw(sb.url, {
				path: '/api/v1/balance',
				headers: {
					'X-Access-Key': 'demo-access-key',
					'X-Timestamp': '1676541877000',
					'X-Signature': '08d2356840fa03836ddbdf94553c8d687da955f6a32d31c118ab8d783f11a6e5',
				},
			});
			expect(r.status).toBe(200);
			const w = await raw(sb.url, {
				method: 'POST',
				path: '/api/v1/withdraw',
				body: '{"currency":"BTC","amount":"0.01000000","address":"bc1qxy"}',
				headers: {
					'Content-Type': 'application/json',
					'X-Access-Key': 'demo-access-key',
					'X-Timestamp': '1676541877000',
					'X-Signature': '4848259a7d997be7b736d31d9d4697d645ce80044c1c9f14f52d9caf55b7c772',
				},
			});
			expect(w.status).toBe(200);
			expect(w.json.status).toBe('pending');
		} finally {
			sb.admin.setClock({ offsetMs: 0 });
		}
	});

	test('signature covers the exact raw body bytes (whitespace, unicode, key order)', async () => {
		const body =
			'{ "amount":"0.001", "currency_code" : "BTC",  "recipient":"user123", "note":"caf\u00e9 \u2615" }';
		const ok = await post(sb, '/api/v1/internal-transfer', body);
		expect(ok.status).toBe(200);
		expect(ok.json.note).toBe('caf\u00e9 \u2615');
		// same object, re-serialized differently -> signature of the other text fails
		const ts = String(Date.now());
		const sigOfCompact = hmac(
			'demo-secret-key',
			'demo-access-key/api/v1/internal-transfer' + ts + JSON.stringify(JSON.parse(body)),
		);
		const bad = await raw(sb.url, {
			method: 'POST',
			path: '/api/v1/internal-transfer',
			body,
			headers: {
				'X-Access-Key': 'demo-access-key',
				'X-Timestamp': ts,
				'X-Signature': sigOfCompact,
			},
		});
		expect(bad.status).toBe(401);
		expect(bad.json.error.code).toBe('signature.invalid');
	});

	test('path is signed without the query string', async () => {
		const r = await get(sb, '/api/v1/deposit?limit=5&status=success');
		expect(r.status).toBe(200);
		const ts = String(Date.now());
		const withQuery = hmac('demo-secret-key', 'demo-access-key/api/v1/deposit?limit=5' + ts);
		const bad = await get(sb, '/api/v1/deposit?limit=5', { signature: withQuery, timestamp: ts });
		expect(bad.json.error.code).toBe('signature.invalid');
	});
});

describe('auth errors (doc §2.6)', () => {
	test.each([
		['X-Access-Key', 'access_key.missed'],
		['X-Timestamp', 'timestamp.missed'],
		['X-Signature', 'signature.missed'],
	])('missing %s -> 401 %s', async (h, code) => {
		const r = await get(sb, '/api/v1/balance', { omit: [h] });
		expect(r.status).toBe(401);
		expect(r.json).toEqual({ error: { code, message: expect.any(String) } });
	});

	test('missing headers are reported in order', async () => {
		const r = await raw(sb.url, { path: '/api/v1/balance' });
		expect(r.json.error.code).toBe('access_key.missed');
	});

	test('unknown key -> 401 access_key.invalid', async () => {
		const r = await get(sb, '/api/v1/balance', { access: 'nope-access-key', secret: 'x' });
		expect([r.status, r.json.error.code]).toEqual([401, 'access_key.invalid']);
	});

	test('bad signature -> 401 signature.invalid', async () => {
		const r = await get(sb, '/api/v1/balance', { secret: 'wrong' });
		expect([r.status, r.json.error.code]).toEqual([401, 'signature.invalid']);
	});

	test('timestamp must be within 5 s of the server clock (honours the admin clock offset)', async () => {
		const now = Date.now();
		expect((await get(sb, '/api/v1/balance', { timestamp: now - 4000 })).status).toBe(200);
		const old = await get(sb, '/api/v1/balance', { timestamp: now - 7000 });
		expect([old.status, old.json.error.code]).toEqual([401, 'timestamp.invalid']);
		const future = await get(sb, '/api/v1/balance', { timestamp: now + 7000 });
		expect(future.json.error.code).toBe('timestamp.invalid');
		expect((await get(sb, '/api/v1/balance', { timestamp: 'abc' })).json.error.code).toBe(
			'timestamp.invalid',
		);
		sb.admin.setClock({ offsetMs: -60000 });
		try {
			expect((await get(sb, '/api/v1/balance')).json.error.code).toBe('timestamp.invalid');
			expect((await get(sb, '/api/v1/balance', { timestamp: Date.now() - 60000 })).status).toBe(
				200,
			);
			// The server's clock, read between two of ours: 60 s behind both, however long the request took.
			const before = Date.now() - 60000;
			const st = await raw(sb.url, { path: '/api/v1/status' });
			const after = Date.now() - 60000;
			expect(st.json.timestamp).toBeGreaterThanOrEqual(before);
			expect(st.json.timestamp).toBeLessThanOrEqual(after);
		} finally {
			sb.admin.setClock({ offsetMs: 0 });
		}
	});

	test('timestamp is checked before the signature', async () => {
		const r = await get(sb, '/api/v1/balance', { timestamp: 1, secret: 'wrong' });
		expect(r.json.error.code).toBe('timestamp.invalid');
	});

	test('inactive key -> 403 access_key.inactive; inactive user -> 403 user.inactive', async () => {
		const a = await get(sb, '/api/v1/balance', { access: 'inactive-access-key' });
		expect([a.status, a.json.error.code]).toEqual([403, 'access_key.inactive']);
		const u = await get(sb, '/api/v1/balance', { access: 'inactive-user-access-key' });
		expect([u.status, u.json.error.code]).toEqual([403, 'user.inactive']);
	});

	test('inactive key with a bad signature is still signature.invalid (signature checked first)', async () => {
		const a = await get(sb, '/api/v1/balance', { access: 'inactive-access-key', secret: 'bad' });
		expect(a.json.error.code).toBe('signature.invalid');
	});

	test.each([
		['10.1.2.3', 200],
		['10.255.0.1', 200],
		['::ffff:10.9.9.9', 200],
		['2001:db8::1', 200],
		['2001:0db8:ffff::42', 200],
		['11.0.0.1', 403],
		['127.0.0.1', 403],
		['2001:db9::1', 403],
		['::1', 403],
	])('IP whitelist 10.0.0.0/8 + 2001:db8::/32: %s -> %i', async (ip, status) => {
		const r = await get(sb, '/api/v1/balance', {
			access: 'ip-restricted-access-key',
			headers: { 'X-Forwarded-For': `${ip}, 192.0.2.1` },
		});
		expect(r.status).toBe(status);
		if (status === 403) expect(r.json.error.code).toBe('access_key.ip_whitelist');
	});

	test('socket address is used without trustForwardedFor', async () => {
		const other = await start({ trustForwardedFor: false });
		try {
			const r = await get(other, '/api/v1/balance', {
				access: 'ip-restricted-access-key',
				headers: { 'X-Forwarded-For': '10.1.1.1' },
			});
			expect(r.json.error.code).toBe('access_key.ip_whitelist');
			other.admin.addKey({
				access_key: 'lo-access-key',
				secret_key: 'lo-secret-key',
				ip_whitelist: ['127.0.0.0/8', '::1'],
			});
			expect((await get(other, '/api/v1/balance', { access: 'lo-access-key' })).status).toBe(200);
		} finally {
			await other.stop();
		}
	});

	test('permissions: readonly key can read balances only; message names the permission', async () => {
		expect((await get(sb, '/api/v1/balance', { access: 'readonly-access-key' })).status).toBe(200);
		const cases = [
			['GET', '/api/v1/deposit', 'allow_deposit'],
			['GET', '/api/v1/deposit-methods', 'allow_deposit'],
			['POST', '/api/v1/withdraw', 'allow_withdraw'],
			['GET', '/api/v1/withdrawal-methods', 'allow_withdraw'],
			['GET', '/api/v1/swap-directions', 'allow_swap'],
			['POST', '/api/v1/swap/cancel', 'allow_swap'],
			['GET', '/api/v1/internal-transfer', 'allow_transfer'],
			['GET', '/api/v1/limit-pairs', 'allow_limit_order'],
			['GET', '/api/v1/aml/token', 'allow_aml_check'],
			['GET', '/api/v1/aml/check/X', 'allow_aml_check'],
		];
		for (const [m, p, perm] of cases) {
			const r = await api(sb, m, p, m === 'POST' ? {} : undefined, {
				access: 'readonly-access-key',
			});
			expect([p, r.status, r.json.error.code]).toEqual([p, 403, 'permission.denied']);
			expect(r.json.error.message).toContain(perm);
		}
		sb.admin.addKey({
			access_key: 'swap-only-access-key',
			secret_key: 'swap-only-secret-key',
			permissions: ['allow_swap'],
		});
		expect(
			(await get(sb, '/api/v1/swap-directions', { access: 'swap-only-access-key' })).status,
		).toBe(200);
		expect(
			(await get(sb, '/api/v1/balance', { access: 'swap-only-access-key' })).json.error.message,
		).toContain('allow_balance');
	});

	test('/status and /currency need no auth', async () => {
		const s = await raw(sb.url, { path: '/api/v1/status' });
		expect(s.status).toBe(200);
		expect(Number.isInteger(s.json.timestamp)).toBe(true);
		const c = await raw(sb.url, { path: '/api/v1/currency' });
		expect(c.status).toBe(200);
		expect(c.json.map((x) => x.code)).toEqual([
			'BTC',
			'ETH',
			'USDT',
			'XLM',
			'XRP',
			'EUR',
			'AMLCHECK',
		]);
	});
});
