import { runNode } from '../harness/n8n.cjs';
import { decimalOf, useSandbox, type RunExtras } from '../helpers/sandbox.cjs';

// Lifecycles move only when a test ticks, so a swap stays open until the test lets it go on.
const api = useSandbox({ autoAdvance: false });

/** Doc §3.5's worked swap: 0.01 BTC -> receive_amount 294.8525 and fee 0.73713125; under swapReceiveAmount=net the fee comes off receive_amount. */
const grossReceive = () => api.readings.swapReceiveAmount === 'gross';
const worked = () =>
	grossReceive()
		? { receive: '294.8525', fee: '0.73713125' }
		: { receive: '294.115368', fee: '0.737132' };

const run = (operation: string, parameters: Record<string, unknown> = {}, extras: RunExtras = {}) =>
	api.run('swap', operation, parameters as never, extras);

const waitFast = { waitForCompletion: true, pollInterval: 0.05, waitTimeout: 10 };

const whileTicking = <T,>(work: Promise<T>) => api.whileTicking(work);

const requests = () => api.requests();
const posts = () => api.posts();
const balance = async (currency: string) =>
	(await api.admin('GET', '/__admin/state?ops=0')).balances.demo[currency] as {
		available: string;
		frozen: string;
	};

async function openSwap(parameters: Record<string, unknown> = {}) {
	const { items, error } = await run('create', {
		direction: 'BTC-USDT',
		amountType: 'spend',
		amount: '0.01',
		...parameters,
	});
	expect(error).toBeUndefined();
	return items[0].json;
}

describe('swap: Get Directions (GET /swap-directions)', () => {
	it('outputs one item per direction with its precision and limits as decimal strings', async () => {
		const { items, error } = await run('getDirections');
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.code)).toEqual(
			expect.arrayContaining(['BTC-USDT', 'USDT-BTC', 'EUR-USDT']),
		);
		expect(items.find((item) => item.json.code === 'BTC-USDT')?.json).toMatchObject({
			spend_currency: 'BTC',
			receive_currency: 'USDT',
			spend_precision: 8,
			receive_precision: 6,
			min_spend_amount: '0.00100000',
			max_spend_amount: '10.00000000',
		});
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('fails with a permission hint when the key lacks allow_swap', async () => {
		await api.admin('POST', '/__admin/keys', {
			access_key: 'no-swap',
			secret_key: 'no-swap-secret',
			permissions: ['allow_balance'],
		});
		const { error } = await run(
			'getDirections',
			{},
			{ credentials: api.credentials({ accessKey: 'no-swap', secretKey: 'no-swap-secret' }) },
		);
		expect(error?.message).toMatch(/may not call GET \/api\/v1\/swap-directions/);
		expect(error?.description).toMatch(/allow_swap/);
	});
});

describe('swap: Create (POST /swap/open)', () => {
	it('opens a swap for an exact spend amount, sent as a string with only spend_amount', async () => {
		const swap = await openSwap();
		expect(swap).toMatchObject({
			direction: 'BTC-USDT',
			spend_amount: '0.01000000',
			receive_amount: decimalOf(worked().receive),
			fee_amount: decimalOf(worked().fee),
			// The doc's create example has no amount_parameter (swapObject=createExample).
			...(api.readings.swapObject === 'fields'
				? { amount_parameter: 'spend' }
				: { expires_at: expect.any(String) }),
			status: 'open',
			custom_id: expect.stringMatching(/^n8n-/),
		});
		const [post] = await posts();
		const body = JSON.parse(post.body);
		expect(body).toEqual({
			direction: 'BTC-USDT',
			spend_amount: '0.01',
			custom_id: swap.custom_id,
		});
	});

	it('sends only receive_amount when the amount is what to receive, with time to live and callback URL', async () => {
		const swap = await openSwap({
			amountType: 'receive',
			amount: '100',
			customIdMode: 'manual',
			customId: 'swap-receive-1',
			additionalFields: { time_to_live: 60000, callbackUrl: 'http://127.0.0.1:9/cb' },
		});
		expect(swap).toMatchObject({ receive_amount: decimalOf('100'), custom_id: 'swap-receive-1' });
		const body = JSON.parse((await posts())[0].body);
		expect(body).toEqual({
			direction: 'BTC-USDT',
			receive_amount: '100',
			time_to_live: 60000,
			callback_url: 'http://127.0.0.1:9/cb',
			custom_id: 'swap-receive-1',
		});
	});

	it('waits for the final status and the balances change by exactly the spent and received amounts', async () => {
		const { items, error } = await whileTicking(
			run('create', { direction: 'BTC-USDT', amountType: 'spend', amount: '0.01', ...waitFast }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'success',
			spend_filled: decimalOf('0.01'),
			receive_filled: decimalOf(worked().receive),
		});

		const balances = await runNode({
			node: 'zeroZeroOneK',
			parameters: { resource: 'account', operation: 'getBalances' },
			credentials: api.credentials(),
		});
		const of = (currency: string) =>
			balances.items.find((item) => item.json.currency === currency)?.json;
		expect(of('BTC')).toMatchObject({ available: '4.99000000', frozen: '0.00000000' });
		expect(of('USDT')).toMatchObject({ available: '1000294.115368', frozen: '0.000000' });
	});

	it('refuses more decimals than the spend precision before sending the swap', async () => {
		const { error } = await run('create', {
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0.012345678',
		});
		expect(error?.message).toBe(
			'Amount (BTC to spend) "0.012345678" has 9 decimal places; at most 8 are allowed here',
		);
		// Nothing was sent: at most the shared copy of the list was read (once per lifetime, issue 16).
		expect(
			(await requests())
				.map((r) => `${r.method} ${r.path}`)
				.filter((r) => r !== 'GET /api/v1/swap-directions'),
		).toEqual([]);
	});

	it('checks a receive amount against the receive precision', async () => {
		const { error } = await run('create', {
			direction: 'BTC-USDT',
			amountType: 'receive',
			amount: '100.1234567',
		});
		expect(error?.message).toMatch(/^Amount \(USDT to receive\) .* at most 6 are allowed/);
		expect(await posts()).toEqual([]);
	});

	it('refuses a malformed amount without any request', async () => {
		const { error } = await run('create', {
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0,5',
		});
		expect(error?.message).toMatch(/not a plain decimal amount/);
		expect(await requests()).toEqual([]);
	});

	it('refuses an amount below the direction minimum before sending', async () => {
		const { error } = await run('create', {
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0.0001',
		});
		expect(error?.message).toBe(
			'Amount 0.0001 BTC to spend is outside the BTC-USDT limits: 0.00100000 to 10.00000000',
		);
		expect(await posts()).toEqual([]);
	});

	it('sends a direction the list does not name for 001k to judge, and names it when 001k refuses', async () => {
		const { error } = await run('create', {
			direction: 'BTC-DOGE',
			amountType: 'spend',
			amount: '0.01',
		});
		expect(error?.message).toMatch(/"BTC-DOGE" is not a swap direction/);
		expect(error?.description).toMatch(
			/^001k rejected the request .*, so nothing was created; its lists, re-read, do not list it either\.$/,
		);
		expect((await posts()).map((r) => r.status)).toEqual([Number(api.readings.validationStatus)]);
	});

	it("reports 001k's refusal when the balance is too low", async () => {
		api.sandbox.admin.setBalance({ currency: 'BTC', available: '0.005' });
		const { error } = await run('create', {
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0.01',
		});
		expect(error?.message).toMatch(/^Not enough BTC on 001k for this request \(available /);
		expect(error?.message).toMatch(/frozen [0-9.]+ BTC\) \[[\w.]+\]$/);
		expect(error?.message.endsWith(`[${String(api.readings.insufficientBalance)}]`)).toBe(true);
	});

	it('retries a lost answer and ends with exactly one swap', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/swap/open',
			mode: 'drop_after_commit',
			count: 1,
		});
		const swap = await openSwap();
		expect(swap).toMatchObject({
			direction: 'BTC-USDT',
			spend_amount: '0.01000000',
			status: 'open',
		});
		const state = await api.admin('GET', '/__admin/state');
		expect(state.counts.swap).toBe(1);
		expect(state.operations.swap[0].code).toBe(swap.code);
		expect((await posts()).length).toBe(2);
	});

	it('continues on fail with an error item paired to the failing input item', async () => {
		const { items, error } = await run(
			'create',
			{ direction: 'BTC-USDT', amountType: 'spend', amount: '={{ $json.amount }}' },
			{
				continueOnFail: true,
				input: [{ json: { amount: '0.01' } }, { json: { amount: '0.000000001' } }],
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({ json: { status: 'open' }, pairedItem: { item: 0 } });
		expect(items[1]).toMatchObject({
			json: { error: expect.stringMatching(/at most 8/) },
			pairedItem: { item: 1 },
		});
		expect((await api.admin('GET', '/__admin/state')).counts.swap).toBe(1);
	});
});

describe('swap: Cancel (POST /swap/cancel)', () => {
	it('requests the cancel by code and outputs the swap with cancel_requested_at set', async () => {
		const swap = await openSwap();
		const { items, error } = await run('cancel', { cancelBy: 'code', code: swap.code });
		expect(error).toBeUndefined();
		// Doc: the cancel may not be instant (swapCancel=requested) -- or it may (immediate).
		expect(items[0].json).toMatchObject({
			code: swap.code,
			status: api.readings.swapCancel === 'immediate' ? 'cancelled' : 'open',
			cancel_requested_at: expect.any(String),
		});
		expect(JSON.parse((await posts())[1].body)).toEqual({ code: swap.code });
	});

	it('cancels by custom_id and waits until the swap is cancelled, releasing the frozen funds', async () => {
		await openSwap({ customIdMode: 'manual', customId: 'swap-to-cancel' });
		expect(await balance('BTC')).toEqual({ available: '4.99000000', frozen: '0.01000000' });
		const { items, error } = await api.whileTicking(
			run('cancel', { cancelBy: 'customId', customId: 'swap-to-cancel', ...waitFast }),
			'POST /api/v1/swap/cancel',
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ custom_id: 'swap-to-cancel', status: 'cancelled' });
		expect(JSON.parse((await posts())[1].body)).toEqual({ custom_id: 'swap-to-cancel' });
		expect(await balance('BTC')).toEqual({ available: '5.00000000', frozen: '0.00000000' });
	});

	it('reports an unknown code as not found', async () => {
		const { error } = await run('cancel', { cancelBy: 'code', code: 'SWP-NOPE' });
		expect(error?.message).toMatch(/\[not_found\]$/);
		expect(error?.httpCode).toBe(api.readings.notFoundStatus);
	});

	it('reports that a completed swap can no longer be cancelled', async () => {
		const swap = await openSwap();
		api.sandbox.admin.tick(1);
		const { error } = await run('cancel', { cancelBy: 'code', code: swap.code });
		expect(error?.message).toMatch(/already success and cannot be cancelled/);
	});
});

describe('swap: Get (GET /swap/{code})', () => {
	it('outputs the swap with that code', async () => {
		const swap = await openSwap();
		const { items, error } = await run('get', { code: swap.code });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			code: swap.code,
			direction: 'BTC-USDT',
			spend_amount: '0.01000000',
		});
	});

	it('reports an unknown code as not found, or as an error item with Continue On Fail', async () => {
		const failed = await run('get', { code: 'SWP-NOPE' });
		expect(failed.error?.httpCode).toBe(api.readings.notFoundStatus);
		expect(failed.error?.description).toMatch(/Check the code/);
		const { items } = await run('get', { code: 'SWP-NOPE' }, { continueOnFail: true });
		expect(items).toEqual([
			{
				json: { error: expect.stringMatching(/not_found/), description: expect.any(String) },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('swap: Get Many (GET /swap)', () => {
	it('sends every filter to the API and outputs the matching swaps', async () => {
		const first = await openSwap({ customIdMode: 'manual', customId: 'swap-a' });
		await openSwap({
			customIdMode: 'manual',
			customId: 'swap-b',
			direction: 'ETH-USDT',
			amount: '1',
		});
		await api.admin('DELETE', '/__admin/requests');
		const { items, error } = await run('getAll', {
			returnAll: true,
			filters: {
				status: 'open',
				direction: 'BTC-USDT',
				custom_id: 'swap-a',
				start_at: '2000-01-01T00:00:00Z',
				end_at: '2100-01-01T00:00:00Z',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.code)).toEqual([first.code]);
		const [request] = await requests();
		expect(Object.fromEntries(new URLSearchParams(request.raw_query))).toEqual({
			status: 'open',
			direction: 'BTC-USDT',
			custom_id: 'swap-a',
			start_at: '2000-01-01T00:00:00Z',
			end_at: '2100-01-01T00:00:00Z',
			limit: '200',
			offset: '0',
		});
	});

	it('stops at the limit', async () => {
		await api.admin('POST', '/__admin/seed', { type: 'swap', count: 30 });
		const { items, error } = await run('getAll', { returnAll: false, limit: 7 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(7);
		expect((await requests())[0].raw_query).toBe('limit=7&offset=0');
	});

	it('reports a bad date filter before sending', async () => {
		const { error } = await run('getAll', { returnAll: true, filters: { start_at: 'yesterday' } });
		expect(error?.message).toMatch(/start_at "yesterday" is not a valid date/);
		expect(await requests()).toEqual([]);
	});

	it('fails with a permission hint when the key lacks allow_swap', async () => {
		await api.admin('POST', '/__admin/keys', {
			access_key: 'no-swap',
			secret_key: 'no-swap-secret',
			permissions: ['allow_limit_order'],
		});
		const { error } = await run(
			'getAll',
			{ returnAll: true },
			{ credentials: api.credentials({ accessKey: 'no-swap', secretKey: 'no-swap-secret' }) },
		);
		expect(error?.description).toMatch(/allow_swap/);
	});
});
