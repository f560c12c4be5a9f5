'use strict';
// Strict mode: what a strict 001k could refuse is refused, each with a 400 naming the fault; lax mode lets it through.
const { start, api, get, post, raw, hmac } = require('./helpers');

let strict, lax;
beforeAll(async () => {
	[strict, lax] = await Promise.all([start({ strict: true }), start({ strict: false })]);
});
afterAll(() => Promise.all([strict.stop(), lax.stop()]));
beforeEach(() => {
	strict.admin.reset();
	lax.admin.reset();
});

const e = (r) => [
	r.status,
	r.json && r.json.error && r.json.error.code,
	r.json && r.json.error && r.json.error.field,
];
const withdrawal = { currency: 'BTC', amount: '0.01', address: 'bc1qstrict' };

describe("strict: request bodies follow the doc's parameter tables", () => {
	test.each([
		['an unknown field', { ...withdrawal, memo: 'x' }, 'memo', 200],
		['a misspelt field', { ...withdrawal, callbackUrl: 'http://127.0.0.1:9/' }, 'callbackUrl', 200],
		['null for an optional field', { ...withdrawal, tag: null }, 'tag', 200],
		['"" for an optional field', { ...withdrawal, custom_id: '' }, 'custom_id', 200],
		['a number for a string amount', { ...withdrawal, amount: 0.01 }, 'amount', 400],
		['an array for the beneficiary object', { ...withdrawal, beneficiary: [] }, 'beneficiary', 400],
		['a number for receive_mode', { ...withdrawal, receive_mode: 1 }, 'receive_mode', 400],
	])('refuses %s with 400 validation.invalid naming it', async (_what, body, field, laxStatus) => {
		expect(e(await post(strict, '/api/v1/withdraw', body))).toEqual([
			400,
			'validation.invalid',
			field,
		]);
		expect(strict.admin.state().operations.withdrawal).toHaveLength(0);
		expect((await post(lax, '/api/v1/withdraw', body)).status).toBe(laxStatus);
	});

	test('refuses a string token and a string time_to_live (JSON integers in the doc)', async () => {
		expect(
			e(
				await post(strict, '/api/v1/aml/check', {
					direction: 'withdrawal',
					token: '1',
					address: 'a',
				}),
			),
		).toEqual([400, 'validation.invalid', 'token']);
		expect(
			e(
				await post(strict, '/api/v1/swap/open', {
					direction: 'BTC-USDT',
					spend_amount: '0.01',
					time_to_live: '30000',
				}),
			),
		).toEqual([400, 'validation.invalid', 'time_to_live']);
	});

	test('refuses the sandbox-only AML plan parameter, which the doc does not list', async () => {
		expect(
			e(
				await post(strict, '/api/v1/aml/check', {
					direction: 'withdrawal',
					token: 1,
					address: 'a',
					plan: 'usdt',
				}),
			),
		).toEqual([400, 'validation.invalid', 'plan']);
		expect(
			(
				await post(lax, '/api/v1/aml/check', {
					direction: 'withdrawal',
					token: 1,
					address: 'a',
					plan: 'usdt',
				})
			).status,
		).toBe(200);
	});

	test('accepts every doc example request body as it is written', async () => {
		const examples = [
			[
				'/api/v1/deposit/generate_address',
				{
					currency: 'BTC',
					method: 'BTC',
					callback_url: 'https://example.com/callbacks/deposits',
					custom_id: 'my-deposit-address-123',
				},
			],
			[
				'/api/v1/withdraw',
				{
					currency: 'BTC',
					method: 'BTC',
					amount: '0.05000000',
					address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
					callback_url: 'https://example.com/callbacks/withdrawals',
					custom_id: 'my-withdrawal-123',
					receive_mode: true,
				},
			],
			[
				'/api/v1/withdraw',
				{
					currency: 'EUR',
					method: 'sepa',
					amount: '1000.00',
					address: 'DE89370400440532013000',
					beneficiary: {
						first_name: 'John',
						last_name: 'Doe',
						email: 'john.doe@example.com',
						iban: 'DE89370400440532013000',
					},
					callback_url: 'https://example.com/callbacks/withdrawals',
					custom_id: 'my-withdrawal-456',
					receive_mode: true,
				},
			],
			[
				'/api/v1/swap/open',
				{
					direction: 'BTC-USDT',
					spend_amount: '0.01000000',
					callback_url: 'https://example.com/callbacks/swaps',
					custom_id: 'my-swap-123',
					time_to_live: 30000,
				},
			],
			[
				'/api/v1/internal-transfer',
				{
					currency_code: 'BTC',
					amount: '0.01000000',
					recipient: 'user123',
					callback_url: 'https://example.com/callbacks/transfers',
					custom_id: 'my-transfer-123',
					note: 'Payment for services',
				},
			],
			[
				'/api/v1/limit-order',
				{
					pair: 'BTCUSDT',
					side: 'buy',
					receive_amount: '0.01000000',
					limit_price: '29000.00',
					callback_url: 'https://example.com/callbacks/orders',
					custom_id: 'my-order-123',
				},
			],
			[
				'/api/v1/aml/check',
				{
					direction: 'withdrawal',
					token: 1,
					address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
					callback_url: 'https://example.com/callbacks/aml',
					custom_id: 'my-aml-check-123',
				},
			],
			[
				'/api/v1/aml/check',
				{
					direction: 'deposit',
					token: 1,
					transaction: '7b5968e39e0d4c980a234931b8a2fd21e804eb7e9f7eb5af75b3d89e2972ad3d',
					callback_url: 'https://example.com/callbacks/aml',
					custom_id: 'my-aml-check-456',
				},
			],
			['/api/v1/limit-order/cancel', { code: 'LMT000001' }],
		];
		for (const [path, body] of examples) {
			const r = await post(strict, path, body);
			expect([path, r.status]).toEqual([path, 200]);
		}
	});
});

describe('strict: headers, methods and query strings', () => {
	test('refuses a POST without Content-Type: application/json (a charset parameter is fine)', async () => {
		const body = JSON.stringify(withdrawal);
		expect(
			e(
				await post(strict, '/api/v1/withdraw', body, { headers: { 'Content-Type': 'text/plain' } }),
			),
		).toEqual([400, 'validation.invalid', undefined]);
		expect(
			(
				await post(strict, '/api/v1/withdraw', body, {
					headers: { 'Content-Type': 'application/json; charset=utf-8' },
				})
			).status,
		).toBe(200);
		const ts = String(Date.now());
		const noType = await raw(strict.url, {
			method: 'POST',
			path: '/api/v1/withdraw',
			body,
			headers: {
				'X-Access-Key': 'demo-access-key',
				'X-Timestamp': ts,
				'X-Signature': hmac('demo-secret-key', `demo-access-key/api/v1/withdraw${ts}${body}`),
				'Content-Length': String(body.length),
			},
		});
		expect(e(noType)).toEqual([400, 'validation.invalid', undefined]);
		expect(noType.json.error.message).toMatch(/Content-Type/);
		expect(
			(await post(lax, '/api/v1/withdraw', body, { headers: { 'Content-Type': 'text/plain' } }))
				.status,
		).toBe(200);
	});

	test('refuses a body on a GET, even one signed as the body', async () => {
		const r = await api(strict, 'GET', '/api/v1/balance', '{}');
		expect(e(r)).toEqual([400, 'validation.invalid', undefined]);
		expect(r.json.error.message).toMatch(/GET has no body/);
		expect((await api(lax, 'GET', '/api/v1/balance', '{}')).status).toBe(200);
	});

	test('refuses a query string on a POST', async () => {
		const r = await post(strict, '/api/v1/withdraw?custom_id=q', withdrawal);
		expect(e(r)).toEqual([400, 'validation.invalid', undefined]);
		expect((await post(lax, '/api/v1/withdraw?custom_id=q', withdrawal)).status).toBe(200);
	});

	test.each([
		['limit=01', 'validation.limit', 'limit'],
		['offset=007', 'validation.offset', 'offset'],
		['limit=+5', 'validation.limit', 'limit'],
		['status=success&status=failed', 'validation.invalid', 'status'],
		['status=', 'validation.invalid', 'status'],
		['currency', 'validation.invalid', 'currency'],
		['colour=red', 'validation.invalid', 'colour'],
	])('refuses the loose query %s', async (query, code, field) => {
		expect(e(await get(strict, `/api/v1/withdraw?${query}`))).toEqual([400, code, field]);
	});

	test('lax mode takes the first of repeated keys and a leading-zero limit', async () => {
		expect((await get(lax, '/api/v1/withdraw?status=success&status=failed')).status).toBe(200);
		expect((await get(lax, '/api/v1/withdraw?limit=01')).status).toBe(200);
	});

	test('accepts a clean query, and is_enabled only as true/false', async () => {
		expect(
			(
				await get(
					strict,
					'/api/v1/withdraw?status=success&limit=200&offset=0&start_at=2023-01-15T14%3A30%3A15Z',
				)
			).status,
		).toBe(200);
		expect((await get(strict, '/api/v1/deposit-methods?currency=BTC&is_enabled=true')).status).toBe(
			200,
		);
		expect(e(await get(strict, '/api/v1/deposit-methods?is_enabled=1'))).toEqual([
			400,
			'validation.invalid',
			'is_enabled',
		]);
		expect(e(await get(strict, '/api/v1/balance?currency=BTC'))).toEqual([
			400,
			'validation.invalid',
			'currency',
		]);
	});

	test("refuses an upper-case hex signature (the doc's clients all send lower case); lax mode accepts it", async () => {
		const ts = String(Date.now());
		const sig = hmac('demo-secret-key', `demo-access-key/api/v1/balance${ts}`).toUpperCase();
		const r = await get(strict, '/api/v1/balance', { timestamp: ts, signature: sig });
		expect([r.status, r.json.error.code]).toEqual([401, 'signature.invalid']);
		expect((await get(lax, '/api/v1/balance', { timestamp: ts, signature: sig })).status).toBe(200);
	});
});
