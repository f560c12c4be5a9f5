'use strict';
// Where the doc is unambiguous, the sandbox answers with the doc's own examples and worked numbers.
const { start, get, post } = require('./helpers');

let sb;
beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.stop());
beforeEach(() => sb.admin.reset());

describe("the doc's examples, reproduced", () => {
	test('§3.5 swap: 0.01 BTC on BTC-USDT answers receive_amount 294.85250000 and fee_amount 0.73713125 in USDT, status open', async () => {
		const s = (
			await post(sb, '/api/v1/swap/open', {
				direction: 'BTC-USDT',
				spend_amount: '0.01000000',
				callback_url: 'https://example.com/callbacks/swaps',
				custom_id: 'my-swap-123',
				time_to_live: 30000,
			})
		).json;
		expect(s).toMatchObject({
			direction: 'BTC-USDT',
			spend_currency: 'BTC',
			receive_currency: 'USDT',
			spend_amount: '0.01000000',
			receive_amount: '294.85250000',
			fee_amount: '0.73713125',
			fee_currency: 'USDT',
			status: 'open',
			done_at: null,
		});
		sb.admin.tick();
		const done = (await get(sb, `/api/v1/swap/${s.code}`)).json;
		expect(done).toMatchObject({
			receive_rate: '29485.25000000',
			spend_filled: '0.01000000',
			receive_filled: '294.85250000',
			spend_fee_filled: '0.00000000',
			receive_fee_filled: '0.73713125',
			status: 'success',
			amount_parameter: 'spend',
		});
	});

	test("§3.5 /swap-directions: the example's limits, precisions and USDT-BTC rate", async () => {
		const [btcUsdt, usdtBtc] = (await get(sb, '/api/v1/swap-directions')).json;
		expect(btcUsdt).toMatchObject({
			code: 'BTC-USDT',
			spend_precision: 8,
			receive_precision: 6,
			fee_percent: '0.25',
			min_spend_amount: '0.00100000',
			max_spend_amount: '10.00000000',
			min_receive_amount: '29.485250',
			max_receive_amount: '294852.500000',
		});
		expect(usdtBtc).toMatchObject({
			code: 'USDT-BTC',
			rate: '0.00003390',
			min_spend_amount: '30.000000',
			max_spend_amount: '300000.000000',
			min_receive_amount: '0.00101700',
			max_receive_amount: '10.17000000',
		});
	});

	test('§3.7 limit order: a buy of 0.01 at 29000.00 is open with spend_amount and quote_amount 290.00; the cancel answers cancelled', async () => {
		const o = (
			await post(sb, '/api/v1/limit-order', {
				pair: 'BTCUSDT',
				side: 'buy',
				receive_amount: '0.01000000',
				limit_price: '29000.00',
				callback_url: 'https://example.com/callbacks/orders',
				custom_id: 'my-order-123',
			})
		).json;
		expect(o).toMatchObject({
			pair: 'BTCUSDT',
			side: 'buy',
			receive_amount: '0.01000000',
			limit_price: '29000.00',
			spend_amount: '290.00',
			base_amount: '0.01000000',
			quote_amount: '290.00',
			filled_base_amount: '0.00000000',
			filled_quote_amount: '0.00',
			filled_fee_amount: '0.00000000',
			fee_currency: 'USDT',
			status: 'open',
			done_at: null,
		});
		expect((await post(sb, '/api/v1/limit-order/cancel', { code: o.code })).json.status).toBe(
			'cancelled',
		);
	});

	test('§3.8 AML check: the create example answers pending with plan amlcheck, price 1.00 and no report', async () => {
		const c = (
			await post(sb, '/api/v1/aml/check', {
				direction: 'withdrawal',
				token: 1,
				address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
				callback_url: 'https://example.com/callbacks/aml',
				custom_id: 'my-aml-check-123',
			})
		).json;
		expect(c).toMatchObject({
			status: 'pending',
			plan: 'amlcheck',
			token: 1,
			currency: 'AMLCHECK',
			price: '1.00',
			report: null,
			refund_on_fail: true,
			transaction: null,
		});
	});

	test('§3.3 /deposit-methods: codes btc_native, eth_erc20, xlm_native with upper-case network codes; generate_address answers network "bitcoin"', async () => {
		const methods = (await get(sb, '/api/v1/deposit-methods')).json;
		const byCurrency = Object.fromEntries(methods.map((m) => [m.currency.code, m]));
		expect([byCurrency.BTC.code, byCurrency.ETH.code, byCurrency.XLM.code]).toEqual([
			'btc_native',
			'eth_erc20',
			'xlm_native',
		]);
		expect(byCurrency.BTC).toMatchObject({
			method_type: 'crypto',
			network: { code: 'BITCOIN', name: 'Bitcoin Network', is_mainnet: true },
			min_amount: '0.00010000',
			required_confirmations: 2,
		});
		const a = (
			await post(sb, '/api/v1/deposit/generate_address', {
				currency: 'BTC',
				method: 'BTC',
				callback_url: 'https://example.com/callbacks/deposits',
				custom_id: 'my-deposit-address-123',
			})
		).json;
		expect(a).toMatchObject({ tag: null, network: 'bitcoin', currency: 'BTC' });
	});

	test("§3.2 /currency: method codes BTC, USDTERC20, USDTTRC20 with lower-case networks and the example's limits", async () => {
		const [btc, , usdt] = (await get(sb, '/api/v1/currency')).json;
		expect(btc.withdraw[0]).toMatchObject({
			code: 'BTC',
			network: 'bitcoin',
			min_amount: '0.00050000',
			max_amount: '10.00000000',
			fee_absolute: '0.00020000',
		});
		expect(usdt.withdraw.map((m) => [m.code, m.network, m.fee_absolute])).toEqual([
			['USDTERC20', 'ethereum', '15.000000'],
			['USDTTRC20', 'tron', '1.000000'],
		]);
	});
});
