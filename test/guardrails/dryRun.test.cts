import { useSandbox } from '../helpers/sandbox.cjs';

const api = useSandbox({ stepMs: 30 });

const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';

/** Create on `resource`, with `credentials` laid over the demo key's (a spending policy, say). */
const run = (
	resource: string,
	parameters: Record<string, unknown>,
	credentials: Record<string, string | boolean> = {},
) =>
	api.run(resource, 'create', parameters as never, {
		credentials: { ...api.credentials(), ...credentials },
	});

const posts = () => api.posts();

const CASES: Array<[string, string, Record<string, unknown>]> = [
	[
		'withdrawal',
		'/api/v1/withdraw',
		{ currency: 'BTC', method: 'BTC', amount: '0.01000000', address: BTC_ADDRESS },
	],
	[
		'internalTransfer',
		'/api/v1/internal-transfer',
		{
			currencyCode: 'BTC',
			amount: '0.01',
			recipient: 'user123',
			additionalFields: { note: 'Zahlung für Dienste 💸' },
		},
	],
	['swap', '/api/v1/swap/open', { direction: 'BTC-USDT', amountType: 'spend', amount: '0.01' }],
	[
		'limitOrder',
		'/api/v1/limit-order',
		{
			pair: 'BTCUSDT',
			side: 'buy',
			orderDefinedBy: 'priceAndReceive',
			limitPrice: '29000.00',
			receiveAmount: '0.010000',
		},
	],
	['amlCheck', '/api/v1/aml/check', { direction: 'withdrawal', token: 1, address: BTC_ADDRESS }],
];

describe('Dry Run on every money-moving create', () => {
	it.each(CASES)(
		'%s: sends nothing, then the real call sends the very same body bytes',
		async (resource, path, parameters) => {
			const inputs = { ...parameters, customIdMode: 'manual', customId: `dry-${resource}` };
			const dry = await run(resource, { ...inputs, dryRun: true });
			expect(dry.error).toBeUndefined();
			const preview = dry.items[0].json as any;
			expect(preview).toMatchObject({ dryRun: true, method: 'POST', path });
			expect(JSON.stringify(preview.body)).toBe(preview.rawBody);
			expect(JSON.stringify(preview)).not.toMatch(/demo-secret-key|signature/i);
			expect(await posts()).toHaveLength(0);

			const real = await run(resource, inputs);
			expect(real.error).toBeUndefined();
			const [sent] = await posts();
			expect(sent.path).toBe(path);
			expect(sent.body).toBe(preview.rawBody);
		},
	);

	it('withdrawal: computes the fee and totals from the method, rounded up at its precision', async () => {
		const sepa = {
			currency: 'EUR',
			method: 'SEPA',
			address: 'DE89370400440532013000',
			dryRun: true,
		};
		const beneficiary = { first_name: 'John', last_name: 'Doe', iban: 'DE89370400440532013000' };
		const standard = await run('withdrawal', {
			...sepa,
			amount: '1000.05',
			additionalFields: { beneficiary },
		});
		// 1.00 + 0.10 % of 1000.05 = 1.00 + 1.00005 → 2.00005, rounded up to 2 decimals: 2.01.
		expect(standard.items[0].json.quote).toMatchObject({
			currency: 'EUR',
			fee: '2.01',
			total: '1000.05',
			receiveAmount: '998.04',
		});
		const exact = await run('withdrawal', {
			...sepa,
			amount: '1000.00',
			additionalFields: { beneficiary, receive_mode: 'exact' },
		});
		expect(exact.items[0].json.quote).toMatchObject({
			fee: '2.00',
			total: '1002.00',
			receiveAmount: '1000.00',
		});
		expect(await posts()).toHaveLength(0);
	});

	it('the fee matches what 001k then reserves', async () => {
		const beneficiary = { first_name: 'John', last_name: 'Doe', iban: 'DE89370400440532013000' };
		const inputs = {
			currency: 'EUR',
			method: 'SEPA',
			amount: '1234.56',
			address: 'DE89370400440532013000',
			additionalFields: { beneficiary },
			customIdMode: 'manual',
			customId: 'fee-1',
		};
		const dry = await run('withdrawal', { ...inputs, dryRun: true });
		const real = await run('withdrawal', inputs);
		expect((dry.items[0].json.quote as any).fee).toBe('2.24');
		expect(real.items[0].json.fee_amount).toBe('2.24');
	});

	it('swap, limit order and AML check list the rate, fee percent and plan prices', async () => {
		const swap = await run('swap', { ...CASES[2][2], dryRun: true });
		// /swap-directions lists a rate for BTC-USDT only under swapDirectionRate=all; otherwise the quote says null, not a guess.
		const rate =
			api.readings.swapDirectionRate === 'all' ? expect.stringMatching(/^\d+(\.\d+)?$/) : null;
		expect(swap.items[0].json.quote).toMatchObject({
			spendCurrency: 'BTC',
			receiveCurrency: 'USDT',
			feePercent: '0.25',
			rate,
		});
		const order = await run('limitOrder', { ...CASES[3][2], dryRun: true });
		expect(order.items[0].json.quote).toMatchObject({
			baseCurrency: 'BTC',
			quoteCurrency: 'USDT',
			feePercent: '0.25',
		});
		const aml = await run('amlCheck', { ...CASES[4][2], dryRun: true });
		expect(aml.items[0].json.quote).toEqual({
			plans: [
				{ code: 'amlcheck', currency: 'AMLCHECK', price: '1.00' },
				{ code: 'usdt', currency: 'USDT', price: '1.00' },
			],
		});
		expect(await posts()).toHaveLength(0);
	});

	it('runs every pre-send check: a bad amount fails the dry run as it would fail the real call', async () => {
		const { error } = await run('withdrawal', {
			...CASES[0][2],
			amount: '0.000000001',
			dryRun: true,
		});
		expect(error?.message).toMatch(/at most 8 are allowed/);
		const fee = await run('withdrawal', {
			currency: 'USDT',
			method: 'USDTERC20',
			amount: '15',
			address: '0xabc',
			dryRun: true,
		});
		expect(fee.error?.message).toMatch(/outside|does not exceed/);
	});

	it("applies the credential's spending policy, as signing would", async () => {
		const { error } = await run(
			'withdrawal',
			{ ...CASES[0][2], dryRun: true },
			{ spendingPolicy: true, maxAmounts: 'BTC=0.005' },
		);
		expect(error?.message).toMatch(/Spending Policy refused POST \/api\/v1\/withdraw/);
		expect(await posts()).toHaveLength(0);
	});
});
