import { inputItems, useSandbox, type RunExtras } from '../helpers/sandbox.cjs';

// Run under both readings of GET /withdrawal-methods (does each method name its currency? sandbox/README.md, Readings).
describe.each([true, false])('reading withdrawalMethodCurrency=%s', (withdrawalMethodCurrency) => {
	// Nothing moves unless a test ticks (api.whileTicking): what a test reads back is what the create left,
	// however slowly a loaded machine runs it (a pending withdrawal settles after two steps).
	const api = useSandbox({ autoAdvance: false, readings: { withdrawalMethodCurrency } });

	/** Whether 001k takes receive_mode only as true (reading receiveMode=boolean), so the test picks "Sent as True". */
	const asTrue = () => api.readings.receiveMode === 'boolean';

	const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';

	const run = (operation: string, parameters: Record<string, unknown>, extras: RunExtras = {}) =>
		api.run('withdrawal', operation, parameters as never, extras);

	const btc = (overrides: Record<string, unknown> = {}) => ({
		currency: 'BTC',
		method: 'BTC',
		amount: '0.01000000',
		address: BTC_ADDRESS,
		...overrides,
	});

	const posts = () => api.posts();
	const withdrawals = async () => (await api.operations()).withdrawal;

	describe('withdrawal: Create (POST /withdraw)', () => {
		it('creates a withdrawal with an automatic custom_id and amounts as strings', async () => {
			const { items, error } = await run('create', btc());
			expect(error).toBeUndefined();
			// attributes.address is there under every reading; a top-level address only under withdrawalAddressFields=both.
			expect(items[0].json).toMatchObject({
				status: 'pending',
				currency: 'BTC',
				amount: '0.01000000',
				attributes: { address: BTC_ADDRESS },
			});
			expect(items[0].json.custom_id).toMatch(/^n8n-/);
			const [sent] = await posts();
			expect(JSON.parse(sent.body)).toEqual({
				currency: 'BTC',
				method: 'BTC',
				amount: '0.01000000',
				address: BTC_ADDRESS,
				custom_id: items[0].json.custom_id,
			});
		});

		it('gives every item its own custom_id and pairs each output with its item', async () => {
			const { items } = await run('create', btc(), { input: inputItems(3) });
			expect(new Set(items.map((item) => item.json.code)).size).toBe(3);
			expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		});

		it.each([
			['0.000000001', /at most 8 are allowed/],
			['1e-8', /not a plain decimal/],
			['-0.01', /not a plain decimal/],
			['0', /outside the BTC limits|greater than zero/],
			['0.00001', /outside the BTC limits: 0.00050000 to 10.00000000/],
			['1,5', /not a plain decimal/],
			[' ', /Amount is required/],
		])('refuses the amount %j before sending anything', async (amount, message) => {
			const { error } = await run('create', btc({ amount }));
			expect(error?.message).toMatch(message);
			expect(await posts()).toHaveLength(0);
		});

		it("accepts trailing zeros beyond the precision, as the doc's own examples send them", async () => {
			const { items, error } = await run('create', btc({ amount: '0.0100000000' }));
			expect(error).toBeUndefined();
			expect(items[0].json.amount).toBe('0.01000000');
		});

		it('refuses a tagless XRP withdrawal before sending', async () => {
			const xrp = await run('create', {
				currency: 'XRP',
				method: 'XRP',
				amount: '25',
				address: 'rLW9gnQo7BQhU6igk5keqYnH3TVrCxGRzm',
			});
			expect(xrp.error?.message).toMatch(/needs a destination Tag/);
			expect(await posts()).toHaveLength(0);
		});

		it('sends a method the list does not name for 001k to judge, and explains its refusal from the re-read list', async () => {
			const unknown = await run('create', btc({ method: 'lightning' }));
			expect(unknown.error?.message).toBe(
				'"lightning" is not a withdrawal method for BTC; available: BTC',
			);
			expect(unknown.error?.description).toMatch(
				/^001k rejected the request \(.*\[validation\.invalid\]\), so nothing was created; its lists, re-read, do not list it either\.$/,
			);
			expect((await posts()).map((r) => r.status)).toEqual([Number(api.readings.validationStatus)]);
		});

		it("sends the doc's btc_native spelling, which /withdrawal-methods does not list: 001k decides, and the output says it was not checked", async () => {
			const { items, error } = await run('create', btc({ method: 'btc_native' }));
			const [sent] = await posts();
			expect(JSON.parse(sent.body)).toMatchObject({ currency: 'BTC', method: 'btc_native' });
			if (api.readings.methodCodes === 'both') {
				expect(error).toBeUndefined();
				expect(items[0].json).toMatchObject({ status: 'pending', amount: '0.01000000' });
				expect(items[0].json.validation).toBe(
					'not checked against GET /withdrawal-methods ("btc_native" is not listed for BTC): 001k validated the request',
				);
			} else {
				// methodCodes=listed: /withdraw takes only the codes /withdrawal-methods lists.
				expect(error?.message).toBe(
					'"btc_native" is not a withdrawal method for BTC; available: BTC',
				);
				expect(sent.status).toBe(Number(api.readings.validationStatus));
			}
		});

		it('sends a SEPA withdrawal with its beneficiary and exact receive mode', async () => {
			const beneficiary = { first_name: 'John', last_name: 'Doe', iban: 'DE89370400440532013000' };
			const missing = await run('create', {
				currency: 'EUR',
				method: 'SEPA',
				amount: '1000.00',
				address: 'DE89370400440532013000',
			});
			expect(missing.error?.message).toMatch(/needs Beneficiary details/);
			const { items, error } = await run('create', {
				currency: 'EUR',
				method: 'SEPA',
				amount: '1000.00',
				address: 'DE89370400440532013000',
				// The doc's table says "exact", its examples send true; a 001k that takes only true needs the "Sent as True" choice.
				additionalFields: { beneficiary, receive_mode: asTrue() ? 'exactTrue' : 'exact', tag: '' },
			});
			expect(error).toBeUndefined();
			expect(items[0].json.status).toBe('pending');
			const [sent] = await posts();
			expect(JSON.parse(sent.body)).toMatchObject({
				beneficiary,
				receive_mode: asTrue() ? true : 'exact',
			});
		});

		it('sends receive_mode true, as the doc\'s examples do, with "Exact (Fee on Top), Sent as True", and freezes the fee on top', async () => {
			const { items, error } = await run(
				'create',
				btc({ additionalFields: { receive_mode: 'exactTrue' } }),
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ amount: '0.01000000', fee_amount: '0.00020000' });
			expect(JSON.parse((await posts())[0].body)).toMatchObject({ receive_mode: true });
			const state = await api.admin('GET', '/__admin/state?ops=0');
			expect(state.balances.demo.BTC.frozen).toBe('0.01020000');
		});

		it('retries a lost answer and ends with exactly one withdrawal', async () => {
			await api.admin('POST', '/__admin/faults', {
				method: 'POST',
				path: '/api/v1/withdraw',
				mode: 'drop_after_commit',
				count: 1,
			});
			const { items, error } = await run('create', btc());
			expect(error).toBeUndefined();
			expect(await withdrawals()).toHaveLength(1);
			expect((await withdrawals())[0].code).toBe(items[0].json.code);
			expect(await posts()).toHaveLength(2);
		});

		it('finds the withdrawal by custom_id when every answer was lost', async () => {
			await api.admin('POST', '/__admin/faults', {
				method: 'POST',
				path: '/api/v1/withdraw',
				mode: 'drop_after_commit',
				count: 10,
			});
			const { items, error } = await run(
				'create',
				btc({ customIdMode: 'manual', customId: 'payout-2025-0042' }),
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ custom_id: 'payout-2025-0042' });
			expect(await withdrawals()).toHaveLength(1);
		});

		it('still returns the withdrawal when the answer was lost and the retries then hit a 429 storm', async () => {
			await api.admin('POST', '/__admin/faults', {
				method: 'POST',
				path: '/api/v1/withdraw',
				mode: 'drop_after_commit',
				count: 1,
			});
			await api.admin('POST', '/__admin/faults', {
				method: 'POST',
				path: '/api/v1/withdraw',
				mode: '429',
				count: 6,
				retryAfter: 0,
			});
			const { items, error } = await run(
				'create',
				btc({ customIdMode: 'manual', customId: 'storm-1' }),
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ custom_id: 'storm-1' });
			expect(await withdrawals()).toHaveLength(1);
		});

		it('without a custom_id, never resends and says the outcome is unknown', async () => {
			await api.admin('POST', '/__admin/faults', {
				method: 'POST',
				path: '/api/v1/withdraw',
				mode: 'drop_after_commit',
				count: 1,
			});
			const { error } = await run('create', btc({ customIdMode: 'none' }));
			expect(error?.message).toMatch(/^Outcome unknown/);
			expect(error?.description).toMatch(/Withdrawal → Get Many/);
			expect(await posts()).toHaveLength(1);
			expect(await withdrawals()).toHaveLength(1);
		});

		it('the same manual custom_id in a later execution returns the first withdrawal', async () => {
			const first = await run('create', btc({ customIdMode: 'manual', customId: 'invoice-7' }));
			const second = await run('create', btc({ customIdMode: 'manual', customId: 'invoice-7' }));
			expect(second.items[0].json.code).toBe(first.items[0].json.code);
			expect(await withdrawals()).toHaveLength(1);
		});

		it('waits for completion and outputs the final state', async () => {
			const { items, error } = await api.whileTicking(
				run('create', btc({ waitForCompletion: true, pollInterval: 0.05, waitTimeout: 20 })),
			);
			expect(error).toBeUndefined();
			expect(items[0].json.status).toBe('success');
			expect(items[0].json.txid).toEqual(expect.any(String));
		});

		it('reports a failure per item with Continue On Fail', async () => {
			const { items } = await run('create', btc({ amount: '999' }), { continueOnFail: true });
			expect(items[0].json.error).toMatch(/outside the BTC limits/);
			expect(items[0].pairedItem).toEqual({ item: 0 });
		});
	});

	describe('withdrawal: Get (GET /withdraw/{code})', () => {
		it('gets a withdrawal by code, and explains an unknown one', async () => {
			const created = await run('create', btc());
			const { items } = await run('get', { code: created.items[0].json.code });
			expect(items[0].json.code).toBe(created.items[0].json.code);
			const missing = await run('get', { code: 'WDR-NOPE' });
			expect(missing.error?.message).toMatch(/not_found/);
		});
	});

	describe('withdrawal: Get Many (GET /withdraw)', () => {
		it('passes the filters and returns one item per withdrawal', async () => {
			await run('create', btc({ customIdMode: 'manual', customId: 'gm-1' }));
			await run('create', btc({ customIdMode: 'manual', customId: 'gm-2' }));
			const { items } = await run('getAll', {
				returnAll: false,
				limit: 5,
				filters: {
					currency: 'BTC',
					status: 'pending',
					custom_id: 'gm-2',
					start_at: '2020-01-01T00:00:00Z',
				},
			});
			expect(items.map((item) => item.json.custom_id)).toEqual(['gm-2']);
			expect((await api.requests()).at(-1)?.raw_query).toBe(
				'currency=BTC&custom_id=gm-2&start_at=2020-01-01T00%3A00%3A00Z&status=pending&limit=5&offset=0',
			);
		});

		it('refuses an invalid date before sending', async () => {
			const { error } = await run('getAll', { returnAll: true, filters: { end_at: '31/12/2025' } });
			expect(error?.message).toMatch(/end_at "31\/12\/2025" is not a valid date/);
		});
	});

	describe('withdrawal: Get Methods (GET /withdrawal-methods)', () => {
		it('lists the methods, optionally for one currency', async () => {
			const all = await run('getMethods', {});
			const usdt = await run('getMethods', { filters: { currency: 'usdt' } });
			expect(all.items.length).toBeGreaterThan(usdt.items.length);
			expect(usdt.items.map((item) => item.json.code).sort()).toEqual(['USDTERC20', 'USDTTRC20']);
		});

		it('explains a missing allow_withdraw permission', async () => {
			const { error } = await run(
				'getMethods',
				{},
				{
					credentials: api.credentials({
						accessKey: 'readonly-access-key',
						secretKey: 'readonly-secret-key',
					}),
				},
			);
			expect(error?.description).toMatch(/allow_withdraw/);
		});
	});
});
