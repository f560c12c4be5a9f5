'use strict';
const { start, get, post, api } = require('./helpers');

let sb;
beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.stop());
beforeEach(() => sb.admin.reset());

const e = (r) => [r.status, r.json.error.code, r.json.error.field];

describe('validation', () => {
	test('required fields carry the field name', async () => {
		expect(e(await post(sb, '/api/v1/withdraw', {}))).toEqual([
			400,
			'validation.required',
			'currency',
		]);
		expect(e(await post(sb, '/api/v1/withdraw', { currency: 'BTC' }))).toEqual([
			400,
			'validation.required',
			'amount',
		]);
		expect(e(await post(sb, '/api/v1/withdraw', { currency: 'BTC', amount: '0.01' }))).toEqual([
			400,
			'validation.required',
			'address',
		]);
		expect(
			e(await post(sb, '/api/v1/internal-transfer', { currency_code: 'BTC', amount: '1' })),
		).toEqual([400, 'validation.required', 'recipient']);
		expect(e(await post(sb, '/api/v1/deposit/generate_address', {}))).toEqual([
			400,
			'validation.required',
			'currency',
		]);
		expect(e(await post(sb, '/api/v1/aml/check', { direction: 'withdrawal', token: 1 }))).toEqual([
			400,
			'validation.required',
			'address',
		]);
		expect(
			e(await post(sb, '/api/v1/aml/check', { direction: 'deposit', token: 1, address: 'x' })),
		).toEqual([400, 'validation.required', 'transaction']);
		expect(e(await post(sb, '/api/v1/limit-order', { pair: 'BTCUSDT' }))).toEqual([
			400,
			'validation.required',
			'side',
		]);
	});

	test('amounts must be decimal strings (JSON numbers rejected)', async () => {
		const base = { currency: 'BTC', address: 'bc1q' };
		expect(e(await post(sb, '/api/v1/withdraw', { ...base, amount: 0.01 }))).toEqual([
			400,
			'validation.invalid',
			'amount',
		]);
		expect(e(await post(sb, '/api/v1/withdraw', { ...base, amount: '1e-2' }))).toEqual([
			400,
			'validation.invalid',
			'amount',
		]);
		expect(e(await post(sb, '/api/v1/withdraw', { ...base, amount: '-1' }))).toEqual([
			400,
			'validation.invalid',
			'amount',
		]);
		expect(e(await post(sb, '/api/v1/withdraw', { ...base, amount: '0.000000001' }))).toEqual([
			400,
			'validation.precision',
			'amount',
		]);
		expect(e(await post(sb, '/api/v1/withdraw', { ...base, amount: '0.0001' }))).toEqual([
			400,
			'validation.min_amount',
			'amount',
		]);
		expect(e(await post(sb, '/api/v1/withdraw', { ...base, amount: '10.00000001' }))).toEqual([
			400,
			'validation.max_amount',
			'amount',
		]);
		sb.admin.setBalance({ currency: 'BTC', available: '20' });
		expect((await post(sb, '/api/v1/withdraw', { ...base, amount: '10.00000000' })).status).toBe(
			200,
		);
		// trailing zeros beyond the precision are not a precision error (the doc sends them)
		expect(
			(await post(sb, '/api/v1/withdraw', { ...base, amount: '0.0010000000000' })).json.amount,
		).toBe('0.00100000');
		expect(
			e(
				await post(sb, '/api/v1/internal-transfer', {
					currency_code: 'BTC',
					amount: '0',
					recipient: 'user123',
				}),
			),
		).toEqual([400, 'validation.min_amount', 'amount']);
	});

	test('unknown currency / method; aliases accepted; canonical code returned', async () => {
		expect(
			e(await post(sb, '/api/v1/withdraw', { currency: 'DOGE', amount: '1', address: 'x' })),
		).toEqual([400, 'validation.invalid', 'currency']);
		expect(
			e(
				await post(sb, '/api/v1/withdraw', {
					currency: 'BTC',
					method: 'USDTERC20',
					amount: '1',
					address: 'x',
				}),
			),
		).toEqual([400, 'validation.invalid', 'method']);
		const a = await post(sb, '/api/v1/withdraw', {
			currency: 'BTC',
			method: 'btc_native',
			amount: '0.001',
			address: 'x',
		});
		const b = await post(sb, '/api/v1/withdraw', {
			currency: 'USDT',
			method: 'usdt_trc20',
			amount: '25',
			address: 'T1',
		});
		expect([a.json.method, b.json.method, b.json.network]).toEqual(['BTC', 'USDTTRC20', 'tron']);
		const dflt = await post(sb, '/api/v1/withdraw', {
			currency: 'USDT',
			amount: '25',
			address: '0x1',
		});
		expect(dflt.json.method).toBe('USDTERC20');
	});

	test('tag required for XLM/XRP; beneficiary required for SEPA', async () => {
		expect(
			e(await post(sb, '/api/v1/withdraw', { currency: 'XRP', amount: '25', address: 'r1' })),
		).toEqual([400, 'validation.required', 'tag']);
		expect(
			(
				await post(sb, '/api/v1/withdraw', {
					currency: 'XRP',
					amount: '25',
					address: 'r1',
					tag: '42',
				})
			).json.attributes,
		).toEqual({ address: 'r1', tag: '42' });
		const sepa = {
			currency: 'EUR',
			method: 'sepa',
			amount: '1000.00',
			address: 'DE89370400440532013000',
		};
		expect(e(await post(sb, '/api/v1/withdraw', sepa))).toEqual([
			400,
			'validation.required',
			'beneficiary',
		]);
		expect(
			e(
				await post(sb, '/api/v1/withdraw', {
					...sepa,
					beneficiary: { first_name: 'John', last_name: 'Doe' },
				}),
			),
		).toEqual([400, 'validation.required', 'beneficiary.iban']);
		expect(e(await post(sb, '/api/v1/withdraw', { ...sepa, beneficiary: 'John' }))).toEqual([
			400,
			'validation.invalid',
			'beneficiary',
		]);
		const ok = await post(sb, '/api/v1/withdraw', {
			...sepa,
			receive_mode: true,
			beneficiary: {
				first_name: 'John',
				last_name: 'Doe',
				email: 'j@d.e',
				iban: 'DE89370400440532013000',
			},
		});
		expect(ok.status).toBe(200);
		// fee = 1.00 + 0.10% of 1000.00 = 2.00; exact mode freezes amount + fee
		expect([ok.json.method, ok.json.fee_amount]).toEqual(['SEPA', '2.00']);
		expect(ok.json.attributes.beneficiary.iban).toBe('DE89370400440532013000');
	});

	test('receive_mode accepts "exact" and true, rejects anything else', async () => {
		const base = { currency: 'BTC', amount: '0.001', address: 'x' };
		expect((await post(sb, '/api/v1/withdraw', { ...base, receive_mode: 'exact' })).status).toBe(
			200,
		);
		expect(e(await post(sb, '/api/v1/withdraw', { ...base, receive_mode: 'gross' }))).toEqual([
			400,
			'validation.invalid',
			'receive_mode',
		]);
	});

	test('swap: exactly one of spend_amount / receive_amount; direction; ttl', async () => {
		expect(e(await post(sb, '/api/v1/swap/open', { direction: 'BTC-USDT' }))).toEqual([
			400,
			'validation.one_of',
			'spend_amount,receive_amount',
		]);
		expect(
			e(
				await post(sb, '/api/v1/swap/open', {
					direction: 'BTC-USDT',
					spend_amount: '0.01',
					receive_amount: '100',
				}),
			),
		).toEqual([400, 'validation.one_of', 'spend_amount,receive_amount']);
		expect(
			e(await post(sb, '/api/v1/swap/open', { direction: 'BTC-DOGE', spend_amount: '0.01' })),
		).toEqual([400, 'validation.invalid', 'direction']);
		expect(
			e(await post(sb, '/api/v1/swap/open', { direction: 'BTC-USDT', spend_amount: '0.0001' })),
		).toEqual([400, 'validation.min_amount', 'spend_amount']);
		expect(
			e(await post(sb, '/api/v1/swap/open', { direction: 'BTC-USDT', spend_amount: '11' })),
		).toEqual([400, 'validation.max_amount', 'spend_amount']);
		expect(
			e(
				await post(sb, '/api/v1/swap/open', { direction: 'BTC-USDT', receive_amount: '1.0000001' }),
			),
		).toEqual([400, 'validation.precision', 'receive_amount']);
		expect(
			e(
				await post(sb, '/api/v1/swap/open', {
					direction: 'BTC-USDT',
					spend_amount: '0.01',
					time_to_live: '30000',
				}),
			),
		).toEqual([400, 'validation.invalid', 'time_to_live']);
		expect(e(await post(sb, '/api/v1/swap/cancel', {}))).toEqual([
			400,
			'validation.one_of',
			'code,custom_id',
		]);
	});

	test('swap amounts: spend mode and receive mode', async () => {
		const s = (
			await post(sb, '/api/v1/swap/open', { direction: 'BTC-USDT', spend_amount: '0.01000000' })
		).json;
		// doc §3.5: receive_amount = 0.01 x 29485.25, fee_amount = 0.25 % of it, both at 8 decimals
		expect([
			s.spend_amount,
			s.receive_amount,
			s.fee_amount,
			s.fee_currency,
			s.amount_parameter,
		]).toEqual(['0.01000000', '294.85250000', '0.73713125', 'USDT', 'spend']);
		const r = (
			await post(sb, '/api/v1/swap/open', { direction: 'BTC-USDT', receive_amount: '294.852500' })
		).json;
		expect([r.receive_amount, r.fee_amount, r.amount_parameter]).toEqual([
			'294.85250000',
			'0.73713125',
			'receive',
		]);
		expect(r.spend_amount).toBe('0.01000000');
	});

	test('limit order: exactly two of limit_price/spend_amount/receive_amount, side enum, pair', async () => {
		const g = 'limit_price,spend_amount,receive_amount';
		expect(
			e(
				await post(sb, '/api/v1/limit-order', {
					pair: 'BTCUSDT',
					side: 'buy',
					limit_price: '29000',
				}),
			),
		).toEqual([400, 'validation.one_of', g]);
		expect(
			e(
				await post(sb, '/api/v1/limit-order', {
					pair: 'BTCUSDT',
					side: 'buy',
					limit_price: '29000',
					spend_amount: '100',
					receive_amount: '0.01',
				}),
			),
		).toEqual([400, 'validation.one_of', g]);
		expect(
			e(
				await post(sb, '/api/v1/limit-order', {
					pair: 'BTCUSDT',
					side: 'hold',
					limit_price: '29000',
					receive_amount: '0.01',
				}),
			),
		).toEqual([400, 'validation.invalid', 'side']);
		expect(
			e(
				await post(sb, '/api/v1/limit-order', {
					pair: 'DOGEUSDT',
					side: 'buy',
					limit_price: '1',
					receive_amount: '1',
				}),
			),
		).toEqual([400, 'validation.invalid', 'pair']);
		expect(
			e(
				await post(sb, '/api/v1/limit-order', {
					pair: 'BTCUSDT',
					side: 'buy',
					limit_price: '29000.001',
					receive_amount: '0.01',
				}),
			),
		).toEqual([400, 'validation.precision', 'limit_price']);
		expect(
			e(
				await post(sb, '/api/v1/limit-order', {
					pair: 'BTCUSDT',
					side: 'buy',
					limit_price: '29000',
					receive_amount: '0.00001',
				}),
			),
		).toEqual([400, 'validation.min_amount', 'receive_amount']);
		expect(
			e(
				await post(sb, '/api/v1/limit-order', {
					pair: 'BTCUSDT',
					side: 'sell',
					limit_price: '29000',
					spend_amount: '11',
				}),
			),
		).toEqual([400, 'validation.max_amount', 'spend_amount']);
		const buy = (
			await post(sb, '/api/v1/limit-order', {
				pair: 'BTCUSDT',
				side: 'buy',
				receive_amount: '0.01000000',
				limit_price: '29000.00',
			})
		).json;
		expect([
			buy.base_amount,
			buy.quote_amount,
			buy.spend_amount,
			buy.receive_amount,
			buy.status,
		]).toEqual(['0.01000000', '290.00', '290.00', '0.01000000', 'open']);
		const both = (
			await post(sb, '/api/v1/limit-order', {
				pair: 'BTCUSDT',
				side: 'buy',
				receive_amount: '0.01',
				spend_amount: '290.00',
			})
		).json;
		expect(both.limit_price).toBe('29000.00');
		const sell = (
			await post(sb, '/api/v1/limit-order', {
				pair: 'BTCUSDT',
				side: 'sell',
				spend_amount: '0.01',
				limit_price: '30000',
			})
		).json;
		expect([sell.quote_amount, sell.receive_amount, sell.spend_amount]).toEqual([
			'300.00',
			'299.25',
			'0.01000000',
		]);
	});

	test('AML: direction enum, token must be a known integer', async () => {
		expect(
			e(await post(sb, '/api/v1/aml/check', { direction: 'sideways', token: 1, address: 'a' })),
		).toEqual([400, 'validation.invalid', 'direction']);
		expect(
			e(await post(sb, '/api/v1/aml/check', { direction: 'withdrawal', token: '1', address: 'a' })),
		).toEqual([400, 'validation.invalid', 'token']);
		expect(
			e(await post(sb, '/api/v1/aml/check', { direction: 'withdrawal', token: 99, address: 'a' })),
		).toEqual([400, 'validation.invalid', 'token']);
	});

	test('transfer recipient: id or email; unknown/self rejected', async () => {
		expect(
			e(
				await post(sb, '/api/v1/internal-transfer', {
					currency_code: 'BTC',
					amount: '0.1',
					recipient: 'ghost',
				}),
			),
		).toEqual([400, 'validation.invalid', 'recipient']);
		expect(
			e(
				await post(sb, '/api/v1/internal-transfer', {
					currency_code: 'BTC',
					amount: '0.1',
					recipient: 'demo@001k.test',
				}),
			),
		).toEqual([400, 'validation.invalid', 'recipient']);
		expect(
			(
				await post(sb, '/api/v1/internal-transfer', {
					currency_code: 'BTC',
					amount: '0.1',
					recipient: 'BOB@001k.test',
				})
			).json.recipient,
		).toBe('user123');
	});

	test('malformed JSON body / non-object body', async () => {
		expect(e(await post(sb, '/api/v1/withdraw', '{"currency":'))).toEqual([
			400,
			'validation.invalid',
			undefined,
		]);
		expect(e(await post(sb, '/api/v1/withdraw', '[1,2]'))).toEqual([
			400,
			'validation.invalid',
			undefined,
		]);
	});

	test('limit / offset bounds', async () => {
		expect(e(await get(sb, '/api/v1/deposit?limit=0'))).toEqual([400, 'validation.limit', 'limit']);
		expect(e(await get(sb, '/api/v1/deposit?limit=201'))).toEqual([
			400,
			'validation.limit',
			'limit',
		]);
		expect(e(await get(sb, '/api/v1/deposit?limit=abc'))).toEqual([
			400,
			'validation.limit',
			'limit',
		]);
		expect((await get(sb, '/api/v1/deposit?limit=200')).status).toBe(200);
		expect(e(await get(sb, '/api/v1/withdraw?offset=10001'))).toEqual([
			400,
			'validation.offset',
			'offset',
		]);
		expect(e(await get(sb, '/api/v1/withdraw?offset=-1'))).toEqual([
			400,
			'validation.offset',
			'offset',
		]);
		expect((await get(sb, '/api/v1/withdraw?offset=10000')).status).toBe(200);
		expect(e(await get(sb, '/api/v1/swap?start_at=yesterday'))).toEqual([
			400,
			'validation.invalid',
			'start_at',
		]);
		expect(e(await get(sb, '/api/v1/aml/check?token=abc'))).toEqual([
			400,
			'validation.invalid',
			'token',
		]);
	});

	test('routing: unknown path 404, encoded slash is a code, unknown query params ignored', async () => {
		expect(e(await get(sb, '/api/v1/nope'))).toEqual([404, 'not_found', undefined]);
		expect(e(await get(sb, '/api/v2/balance'))).toEqual([404, 'not_found', undefined]);
		expect(e(await get(sb, '/api/v1/balance/'))).toEqual([404, 'not_found', undefined]);
		expect(e(await api(sb, 'DELETE', '/api/v1/balance'))).toEqual([404, 'not_found', undefined]);
		const r = await get(sb, '/api/v1/withdraw/WDR%2F..%2Fbalance');
		expect(e(r)).toEqual([404, 'not_found', undefined]);
		expect(sb.admin.requests().pop().route).toBe('/api/v1/withdraw/{code}');
		// Strict mode refuses them (strict.test.js); lax mode ignores them.
		const lax = await start({ strict: false });
		try {
			expect((await get(lax, '/api/v1/balance?foo=bar')).status).toBe(200);
		} finally {
			await lax.stop();
		}
	});
});
