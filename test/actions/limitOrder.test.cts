import { runNode } from '../harness/n8n.cjs';
import { decimalOf, useSandbox, type RunExtras } from '../helpers/sandbox.cjs';

// Lifecycles move only when a test ticks, so an order keeps its first status until the test lets it go on.
const api = useSandbox({ autoAdvance: false });

/** The status 001k answers a new order with: open (doc §3.7), or queued under limitOrderCreateStatus=queued. */
const placedStatus = () => api.readings.limitOrderCreateStatus;
/** A buy's spend_amount: the quote value (doc example 290.00), or with the fee under limitOrderFee=inSpend. */
const feeInSpend = () => api.readings.limitOrderFee === 'inSpend';

const run = (operation: string, parameters: Record<string, unknown> = {}, extras: RunExtras = {}) =>
	api.run('limitOrder', operation, parameters as never, extras);

const waitFast = { waitForCompletion: true, pollInterval: 0.05, waitTimeout: 10 };

const whileTicking = <T,>(work: Promise<T>) => api.whileTicking(work);

const requests = () => api.requests();
const posts = () => api.posts();
const balance = async (currency: string) =>
	(await api.admin('GET', '/__admin/state?ops=0')).balances.demo[currency] as {
		available: string;
		frozen: string;
	};

/** A buy of 0.01 BTC at 29000.00: below the latest price (29485.25), so it stays open. */
const buyBelowMarket = {
	pair: 'BTCUSDT',
	side: 'buy',
	orderDefinedBy: 'priceAndReceive',
	limitPrice: '29000.00',
	receiveAmount: '0.01',
};
/** A sell of 0.01 BTC at 31000.00: above the latest price, so it stays open too. */
const sellAboveMarket = {
	side: 'sell',
	orderDefinedBy: 'priceAndSpend',
	limitPrice: '31000',
	spendAmount: '0.01',
};

async function placeOrder(parameters: Record<string, unknown> = {}) {
	const { items, error } = await run('create', { ...buyBelowMarket, ...parameters });
	expect(error).toBeUndefined();
	return items[0].json;
}

describe('limitOrder: Get Pairs (GET /limit-pairs)', () => {
	it('outputs one item per trading pair with its precisions and limits', async () => {
		const { items, error } = await run('getPairs');
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
		expect(items[1].json).toMatchObject({
			base_currency: 'ETH',
			quote_currency: 'USDT',
			price_precision: 2,
			amount_precision: 5,
			total_precision: 6,
		});
	});

	it('fails with a permission hint when the key lacks allow_limit_order', async () => {
		await api.admin('POST', '/__admin/keys', {
			access_key: 'no-lo',
			secret_key: 'no-lo-secret',
			permissions: ['allow_swap'],
		});
		const { error } = await run(
			'getPairs',
			{},
			{ credentials: api.credentials({ accessKey: 'no-lo', secretKey: 'no-lo-secret' }) },
		);
		expect(error?.message).toMatch(/may not call GET \/api\/v1\/limit-pairs/);
		expect(error?.description).toMatch(/allow_limit_order/);
	});
});

describe('limitOrder: Create (POST /limit-order)', () => {
	it('places a buy from a limit price and a receive amount, sending only those two', async () => {
		const order = await placeOrder();
		expect(order).toMatchObject({
			pair: 'BTCUSDT',
			side: 'buy',
			limit_price: '29000.00',
			receive_amount: '0.01000000',
			spend_amount: decimalOf(feeInSpend() ? '290.725' : '290'),
			quote_amount: decimalOf('290'),
			status: placedStatus(),
			custom_id: expect.stringMatching(/^n8n-/),
		});
		expect(JSON.parse((await posts())[0].body)).toEqual({
			pair: 'BTCUSDT',
			side: 'buy',
			limit_price: '29000.00',
			receive_amount: '0.01',
			custom_id: order.custom_id,
		});
		expect(await balance('USDT')).toEqual({ available: '999709.275000', frozen: '290.725000' });
	});

	it('places a sell from a limit price and a spend amount in the base currency', async () => {
		const order = await placeOrder({
			side: 'sell',
			orderDefinedBy: 'priceAndSpend',
			limitPrice: '30000',
			spendAmount: '0.01',
		});
		expect(order).toMatchObject({
			side: 'sell',
			spend_amount: '0.01000000',
			receive_amount: decimalOf('299.25'),
			limit_price: '30000.00',
		});
		expect(JSON.parse((await posts())[0].body)).toMatchObject({
			side: 'sell',
			limit_price: '30000',
			spend_amount: '0.01',
		});
		expect(JSON.parse((await posts())[0].body)).not.toHaveProperty('receive_amount');
	});

	it('lets 001k derive the limit price from a spend and a receive amount', async () => {
		const spend = feeInSpend() ? '300.75' : '300.00';
		const order = await placeOrder({
			orderDefinedBy: 'spendAndReceive',
			spendAmount: spend,
			receiveAmount: '0.01',
			customIdMode: 'manual',
			customId: 'lo-derived',
		});
		expect(order).toMatchObject({
			limit_price: '30000.00',
			spend_amount: decimalOf(spend),
			custom_id: 'lo-derived',
		});
		expect(JSON.parse((await posts())[0].body)).toEqual({
			pair: 'BTCUSDT',
			side: 'buy',
			spend_amount: spend,
			receive_amount: '0.01',
			custom_id: 'lo-derived',
		});
	});

	it('waits until a marketable buy fills and the balances change by exactly the order amounts', async () => {
		const { items, error } = await whileTicking(
			run('create', { ...buyBelowMarket, limitPrice: '30000.00', ...waitFast }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'success',
			filled_base_amount: '0.01000000',
			filled_quote_amount: decimalOf('300'),
			filled_fee_amount: decimalOf('0.75'),
		});
		const balances = await runNode({
			node: 'zeroZeroOneK',
			parameters: { resource: 'account', operation: 'getBalances' },
			credentials: api.credentials(),
		});
		const of = (currency: string) =>
			balances.items.find((item) => item.json.currency === currency)?.json;
		expect(of('BTC')).toMatchObject({ available: '5.01000000', frozen: '0.00000000' });
		expect(of('USDT')).toMatchObject({ available: '999699.250000', frozen: '0.000000' });
	});

	it.each([
		[
			'a limit price',
			{ orderDefinedBy: 'priceAndReceive', limitPrice: '29000.123' },
			'Limit Price (USDT) "29000.123" has 3 decimal places; at most 2',
		],
		[
			'a buy receive amount (base)',
			{ receiveAmount: '0.0100001' },
			'Receive Amount (BTC) "0.0100001" has 7 decimal places; at most 6',
		],
		[
			'a sell spend amount (base)',
			{ pair: 'ETHUSDT', side: 'sell', orderDefinedBy: 'priceAndSpend', spendAmount: '0.123456' },
			'Spend Amount (ETH) "0.123456" has 6 decimal places; at most 5',
		],
		[
			'a buy spend amount (quote)',
			{ orderDefinedBy: 'priceAndSpend', spendAmount: '100.1234567' },
			'Spend Amount (USDT) "100.1234567" has 7 decimal places; at most 6',
		],
		[
			'a sell receive amount (quote)',
			{ side: 'sell', receiveAmount: '300.1234567' },
			'Receive Amount (USDT) "300.1234567" has 7 decimal places; at most 6',
		],
	])(
		'refuses too many decimals in %s before sending the order',
		async (_what, parameters, message) => {
			const { error } = await run('create', { ...buyBelowMarket, ...parameters });
			expect(error?.message).toContain(message);
			// Nothing was sent: at most the shared copy of the list was read (once per lifetime, issue 16).
			expect(
				(await requests())
					.map((r) => `${r.method} ${r.path}`)
					.filter((r) => r !== 'GET /api/v1/limit-pairs'),
			).toEqual([]);
		},
	);

	it('accepts a buy spend amount in ETHUSDT with the quote precision that a sell spend could not have', async () => {
		const order = await placeOrder({
			pair: 'ETHUSDT',
			orderDefinedBy: 'priceAndSpend',
			limitPrice: '1800',
			spendAmount: '100.123456',
		});
		expect(order).toMatchObject({ pair: 'ETHUSDT', side: 'buy', spend_amount: expect.any(String) });
	});

	it('refuses a malformed value without any request', async () => {
		const { error } = await run('create', { ...buyBelowMarket, limitPrice: '29 000' });
		expect(error?.message).toMatch(/Limit Price "29 000" is not a plain decimal amount/);
		expect(await requests()).toEqual([]);
	});

	it("reports 001k's minimum when the order is too small", async () => {
		const { error } = await run('create', { ...buyBelowMarket, receiveAmount: '0.00001' });
		expect(error?.message).toMatch(/validation\.min_amount/);
		expect(error?.httpCode).toBe(api.readings.validationStatus);
	});

	it('sends a pair the list does not name for 001k to judge, and names it when 001k refuses', async () => {
		const { error } = await run('create', { ...buyBelowMarket, pair: 'DOGEUSDT' });
		expect(error?.message).toMatch(/"DOGEUSDT" is not a trading pair/);
		expect(error?.description).toMatch(
			/^001k rejected the request .*, so nothing was created; its lists, re-read, do not list it either\.$/,
		);
		expect((await posts()).map((r) => r.status)).toEqual([Number(api.readings.validationStatus)]);
	});

	it('retries a lost answer and ends with exactly one order', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/limit-order',
			mode: 'drop_after_commit',
			count: 1,
		});
		const order = await placeOrder();
		expect(order).toMatchObject({ pair: 'BTCUSDT', status: placedStatus() });
		const state = await api.admin('GET', '/__admin/state');
		expect(state.counts.limit_order).toBe(1);
		expect(state.operations.limit_order[0].code).toBe(order.code);
		expect((await posts()).length).toBe(2);
	});

	it('continues on fail with an error item paired to the failing input item', async () => {
		const { items, error } = await run(
			'create',
			{ ...buyBelowMarket, receiveAmount: '={{ $json.amount }}' },
			{
				continueOnFail: true,
				input: [{ json: { amount: '0.0000001' } }, { json: { amount: '0.01' } }],
			},
		);
		expect(error).toBeUndefined();
		expect(items[0]).toMatchObject({
			json: { error: expect.stringMatching(/at most 6/) },
			pairedItem: { item: 0 },
		});
		expect(items[1]).toMatchObject({ json: { status: placedStatus() }, pairedItem: { item: 1 } });
	});
});

describe('limitOrder: Cancel (POST /limit-order/cancel)', () => {
	it('cancels by code and outputs the order as 001k answers: cancelled (doc §3.7), or cancelling under that reading', async () => {
		const order = await placeOrder();
		const { items, error } = await run('cancel', { cancelBy: 'code', code: order.code });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			code: order.code,
			status: api.readings.limitOrderCancelStatus,
		});
		expect(JSON.parse((await posts())[1].body)).toEqual({ code: order.code });
	});

	it('cancels by custom_id and waits until cancelled, releasing the reserved funds', async () => {
		await placeOrder({ customIdMode: 'manual', customId: 'lo-cancel' });
		const { items, error } = await whileTicking(
			run('cancel', { cancelBy: 'customId', customId: 'lo-cancel', ...waitFast }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ custom_id: 'lo-cancel', status: 'cancelled' });
		expect(JSON.parse((await posts())[1].body)).toEqual({ custom_id: 'lo-cancel' });
		expect(await balance('USDT')).toEqual({ available: '1000000.000000', frozen: '0.000000' });
	});

	it('reports an unknown code as not found', async () => {
		const { error } = await run('cancel', { cancelBy: 'code', code: 'LMT-NOPE' });
		expect(error?.httpCode).toBe(api.readings.notFoundStatus);
		expect(error?.message).toMatch(/\[not_found\]$/);
	});

	it('reports that a filled order can no longer be cancelled', async () => {
		const order = await placeOrder({ limitPrice: '30000.00' });
		api.sandbox.admin.tick(2);
		const { error } = await run('cancel', { cancelBy: 'code', code: order.code });
		expect(error?.message).toMatch(/already success and cannot be cancelled/);
	});
});

describe('limitOrder: Get (GET /limit-order/{code})', () => {
	it('outputs the order with that code', async () => {
		const order = await placeOrder();
		api.sandbox.admin.tick(1);
		const { items, error } = await run('get', { code: order.code });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			code: order.code,
			status: 'open',
			limit_price: '29000.00',
		});
	});

	it('reports an unknown code as not found, or as an error item with Continue On Fail', async () => {
		const failed = await run('get', { code: 'LMT-NOPE' });
		expect(failed.error?.httpCode).toBe(api.readings.notFoundStatus);
		const { items } = await run('get', { code: 'LMT-NOPE' }, { continueOnFail: true });
		expect(items).toEqual([
			{
				json: { error: expect.stringMatching(/not_found/), description: expect.any(String) },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('limitOrder: Get Many (GET /limit-order)', () => {
	it('sends every filter to the API and outputs the matching orders', async () => {
		const wanted = await placeOrder({ customIdMode: 'manual', customId: 'lo-a' });
		await placeOrder({ customIdMode: 'manual', customId: 'lo-b', ...sellAboveMarket });
		await api.admin('DELETE', '/__admin/requests');
		const { items, error } = await run('getAll', {
			returnAll: true,
			filters: {
				status: placedStatus(),
				pair: 'BTCUSDT',
				side: 'buy',
				custom_id: 'lo-a',
				start_at: '2000-01-01T00:00:00Z',
				end_at: '2100-01-01T00:00:00Z',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.code)).toEqual([wanted.code]);
		const [request] = await requests();
		expect(Object.fromEntries(new URLSearchParams(request.raw_query))).toEqual({
			status: placedStatus(),
			pair: 'BTCUSDT',
			side: 'buy',
			custom_id: 'lo-a',
			start_at: '2000-01-01T00:00:00Z',
			end_at: '2100-01-01T00:00:00Z',
			limit: '200',
			offset: '0',
		});
	});

	it('filters by side alone', async () => {
		await placeOrder();
		const sell = await placeOrder(sellAboveMarket);
		const { items } = await run('getAll', { returnAll: true, filters: { side: 'sell' } });
		expect(items.map((item) => item.json.code)).toEqual([sell.code]);
	});

	it('fails with a permission hint when the key lacks allow_limit_order', async () => {
		await api.admin('POST', '/__admin/keys', {
			access_key: 'no-lo',
			secret_key: 'no-lo-secret',
			permissions: ['allow_swap'],
		});
		const { error } = await run(
			'getAll',
			{ returnAll: true },
			{ credentials: api.credentials({ accessKey: 'no-lo', secretKey: 'no-lo-secret' }) },
		);
		expect(error?.description).toMatch(/allow_limit_order/);
	});
});
