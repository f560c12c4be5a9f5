/**
 * The credential's spending policy, through real n8n-core: the 001k node, and a node that only uses
 * the credential with a raw JSON body (as n8n's HTTP Request node does). Refused requests never
 * reach the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { RawHttp } from '../fixtures/RawHttp.cjs';
import { authenticate, runNode } from '../harness/n8n.cjs';
import { useSandbox } from '../helpers/sandbox.cjs';

const api = useSandbox({ stepMs: 30 });

const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const XRP_ADDRESS = 'rLW9gnQo7BQhU6igk5keqYnH3TVrCxGRzm';

function policy(fields: IDataObject) {
	return { ...api.credentials(), spendingPolicy: true, ...fields };
}

const node = (
	resource: string,
	operation: string,
	parameters: IDataObject,
	credentials: IDataObject,
) => api.run(resource, operation, parameters, { credentials: credentials as never });

/** One raw request per call through the credential only; returns the item (statusCode or error). */
async function raw(method: 'GET' | 'POST', path: string, body: unknown, credentials: IDataObject) {
	const { items } = await runNode({
		node: { name: 'rawHttp', type: new RawHttp() },
		parameters: {},
		credentials: credentials as never,
		input: [
			{
				json: {
					method,
					url: `${api.url}${path}`,
					body: typeof body === 'string' ? body : JSON.stringify(body),
				} as never,
			},
		],
	});
	return items[0].json as { statusCode?: number; error?: string; cause?: string };
}

const posts = () => api.posts();

const withdrawal = (amount: string, extra: IDataObject = {}) => ({
	currency: 'BTC',
	method: 'BTC',
	amount,
	address: BTC_ADDRESS,
	...extra,
});

describe('spending policy: maximum amount per request', () => {
	const limits = () => policy({ maxAmounts: 'BTC=0.5, USDT = 10000\nEUR=100' });

	it('allows a withdrawal equal to the limit and refuses one smallest unit above, sending nothing', async () => {
		const ok = await node('withdrawal', 'create', withdrawal('0.50000000'), limits());
		expect(ok.error).toBeUndefined();
		await api.admin('DELETE', '/__admin/requests');
		const over = await node('withdrawal', 'create', withdrawal('0.50000001'), limits());
		expect(over.error?.message).toMatch(
			/Spending Policy refused POST \/api\/v1\/withdraw: 0\.50000001 BTC is above the maximum of 0\.5 BTC/,
		);
		expect(over.error?.message).toContain(
			'001k credential → Spending Policy → Maximum Amount per Request',
		);
		expect(over.error?.message).not.toContain('demo-secret-key');
		expect(await posts()).toHaveLength(0);
	});

	it('limits internal transfers by currency_code', async () => {
		const base = { currencyCode: 'USDT', recipient: 'user123' };
		expect(
			(await node('internalTransfer', 'create', { ...base, amount: '10000.000000' }, limits()))
				.error,
		).toBeUndefined();
		await api.admin('DELETE', '/__admin/requests');
		const over = await node(
			'internalTransfer',
			'create',
			{ ...base, amount: '10000.000001' },
			limits(),
		);
		expect(over.error?.message).toMatch(/10000\.000001 USDT is above the maximum of 10000 USDT/);
		expect(await posts()).toHaveLength(0);
	});

	it("limits swaps by the direction's spend currency, and refuses receive-only swaps when that currency has a limit", async () => {
		expect(
			(
				await node(
					'swap',
					'create',
					{ direction: 'BTC-USDT', amountType: 'spend', amount: '0.5' },
					limits(),
				)
			).error,
		).toBeUndefined();
		await api.admin('DELETE', '/__admin/requests');
		const over = await node(
			'swap',
			'create',
			{ direction: 'BTC-USDT', amountType: 'spend', amount: '0.50000001' },
			limits(),
		);
		expect(over.error?.message).toMatch(/0\.50000001 BTC is above/);
		const receiveOnly = await node(
			'swap',
			'create',
			{ direction: 'BTC-USDT', amountType: 'receive', amount: '100' },
			limits(),
		);
		expect(receiveOnly.error?.message).toMatch(
			/BTC spend of a swap given only its receive_amount is not known/,
		);
		expect(await posts()).toHaveLength(0);
		// ETH has no limit: a receive-only ETH swap is allowed.
		expect(
			(
				await node(
					'swap',
					'create',
					{ direction: 'ETH-USDT', amountType: 'receive', amount: '100' },
					limits(),
				)
			).error,
		).toBeUndefined();
	});

	it('limits limit orders by spend currency: a buy spends the quote, a sell the base', async () => {
		const buy = {
			pair: 'BTCUSDT',
			side: 'buy',
			orderDefinedBy: 'priceAndSpend',
			limitPrice: '29000.00',
		};
		expect(
			(await node('limitOrder', 'create', { ...buy, spendAmount: '10000' }, limits())).error,
		).toBeUndefined();
		await api.admin('DELETE', '/__admin/requests');
		expect(
			(await node('limitOrder', 'create', { ...buy, spendAmount: '10000.000001' }, limits())).error
				?.message,
		).toMatch(/USDT is above/);
		const sell = {
			pair: 'BTCUSDT',
			side: 'sell',
			orderDefinedBy: 'priceAndSpend',
			limitPrice: '29000.00',
		};
		expect(
			(await node('limitOrder', 'create', { ...sell, spendAmount: '0.500001' }, limits())).error
				?.message,
		).toMatch(/0\.500001 BTC is above/);
		const byReceive = {
			pair: 'BTCUSDT',
			side: 'buy',
			orderDefinedBy: 'priceAndReceive',
			limitPrice: '29000.00',
			receiveAmount: '0.01',
		};
		expect((await node('limitOrder', 'create', byReceive, limits())).error?.message).toMatch(
			/limit order without spend_amount/,
		);
		expect(await posts()).toHaveLength(0);
	});

	it('refuses a limit order whose pair has no known quote currency when a limit is set', async () => {
		const signed = authenticate(limits(), {
			method: 'POST',
			url: `${api.url}/api/v1/limit-order`,
			body: { pair: 'BTCXYZ', side: 'buy', spend_amount: '1', limit_price: '1' },
		});
		await expect(signed).rejects.toThrow(/pair "BTCXYZ".*no known spend currency/);
	});

	it('refuses everything that moves money when the limits text is malformed', async () => {
		const bad = policy({ maxAmounts: 'BTC:0.5' });
		const { error } = await node('withdrawal', 'create', withdrawal('0.01'), bad);
		expect(error?.message).toMatch(/"BTC:0.5" is not CURRENCY=AMOUNT/);
		expect(await posts()).toHaveLength(0);
	});
});

describe('spending policy: allow-lists', () => {
	const lists = () =>
		policy({
			allowedAddresses: `${BTC_ADDRESS}\n${XRP_ADDRESS}:12345\n0xAbC0000000000000000000000000000000000001`,
			allowedRecipients: 'user123\nBob@001k.test',
		});

	it('allows a listed address and refuses an unlisted one', async () => {
		expect((await node('withdrawal', 'create', withdrawal('0.01'), lists())).error).toBeUndefined();
		await api.admin('DELETE', '/__admin/requests');
		const other = await node(
			'withdrawal',
			'create',
			withdrawal('0.01', { address: 'bc1qother' }),
			lists(),
		);
		expect(other.error?.message).toMatch(
			/destination "bc1qother" is not listed in 001k credential → Spending Policy → Allowed Withdrawal Addresses/,
		);
		expect(await posts()).toHaveLength(0);
	});

	it('matches a tag exactly: the listed tag passes, another tag or none is refused', async () => {
		const xrp = (tag?: string) => ({
			currency: 'XRP',
			method: 'XRP',
			amount: '25',
			address: XRP_ADDRESS,
			additionalFields: tag ? { tag } : {},
		});
		expect((await node('withdrawal', 'create', xrp('12345'), lists())).error).toBeUndefined();
		await api.admin('DELETE', '/__admin/requests');
		expect((await node('withdrawal', 'create', xrp('999'), lists())).error?.message).toMatch(
			/"rLW9.*:999" is not listed/,
		);
		const untagged = authenticate(lists(), {
			method: 'POST',
			url: `${api.url}/api/v1/withdraw`,
			body: { currency: 'XRP', amount: '25', address: XRP_ADDRESS },
		});
		await expect(untagged).rejects.toThrow(/is not listed/);
		// A BTC line without a tag does not allow the same address with a tag.
		expect(
			(
				await node(
					'withdrawal',
					'create',
					withdrawal('0.01', { additionalFields: { tag: '1' } }),
					lists(),
				)
			).error?.message,
		).toMatch(/not listed/);
		expect(await posts()).toHaveLength(0);
	});

	it('compares 0x addresses in any letter case, and refuses address book withdrawals while a list is set', async () => {
		const hex = {
			method: 'POST',
			url: `${api.url}/api/v1/withdraw`,
			body: { currency: 'ETH', amount: '1', address: '0xabc0000000000000000000000000000000000001' },
		};
		await expect(authenticate(lists(), hex as never)).resolves.toBeDefined();
		const book = { ...hex, body: { ...hex.body, address_book_code: 'AB1' } };
		await expect(authenticate(lists(), book as never)).rejects.toThrow(/address book entry/);
	});

	it('allows listed transfer recipients (case-insensitive) and refuses others', async () => {
		const transfer = (recipient: string) => ({ currencyCode: 'BTC', amount: '0.01', recipient });
		expect(
			(await node('internalTransfer', 'create', transfer('bob@001K.test'), lists())).error,
		).toBeUndefined();
		await api.admin('DELETE', '/__admin/requests');
		const other = await node('internalTransfer', 'create', transfer('mallory@001k.test'), lists());
		expect(other.error?.message).toMatch(
			/recipient "mallory@001k.test" is not listed in 001k credential → Spending Policy → Allowed Transfer Recipients/,
		);
		expect(await posts()).toHaveLength(0);
	});

	it('is off unless the Spending Policy toggle is on', async () => {
		const off = { ...lists(), spendingPolicy: false };
		expect(
			(await node('withdrawal', 'create', withdrawal('0.01', { address: 'bc1qother' }), off)).error,
		).toBeUndefined();
	});
});

describe('spending policy: read-only mode', () => {
	const readOnly = () => policy({ readOnly: true });
	const REFUSED: Array<[string, IDataObject]> = [
		['/api/v1/withdraw', withdrawal('0.01')],
		['/api/v1/deposit/generate_address', { currency: 'BTC' }],
		['/api/v1/swap/open', { direction: 'BTC-USDT', spend_amount: '0.01' }],
		['/api/v1/internal-transfer', { currency_code: 'BTC', amount: '0.01', recipient: 'user123' }],
		[
			'/api/v1/limit-order',
			{ pair: 'BTCUSDT', side: 'buy', limit_price: '29000.00', receive_amount: '0.01' },
		],
		['/api/v1/aml/check', { direction: 'withdrawal', token: 1, address: BTC_ADDRESS }],
	];

	it.each(REFUSED)('refuses POST %s before it is sent', async (path, body) => {
		const result = await raw('POST', path, body, readOnly());
		expect(result.error ?? '').toMatch(
			/Spending Policy refused POST .*read-only mode allows only cancels.*001k credential → Spending Policy → Read-Only Mode/s,
		);
		expect(await posts()).toHaveLength(0);
	});

	it('refuses path spellings that reach the same endpoint', async () => {
		for (const path of ['/api/v1/withdraw/', '/API/V1/Withdraw', '/api/v1//withdraw']) {
			await expect(
				authenticate(readOnly(), { method: 'POST', url: `${api.url}${path}`, body: {} }),
			).rejects.toThrow(/read-only/);
		}
	});

	it.each([['/api/v1/swap/cancel'], ['/api/v1/limit-order/cancel']])(
		'still signs and sends POST %s',
		async (path) => {
			const result = await raw('POST', path, { code: 'NOPE-1' }, readOnly());
			expect(result.statusCode).toBe(Number(api.readings.notFoundStatus));
			expect(await posts()).toHaveLength(1);
		},
	);

	it('still reads: GET /balance works, and the node surfaces the refusal of a create', async () => {
		expect((await raw('GET', '/api/v1/balance', undefined, readOnly())).statusCode).toBe(200);
		const { error } = await node('deposit', 'generateAddress', { currency: 'BTC' }, readOnly());
		expect(error?.message).toMatch(/read-only mode/);
		expect(await posts()).toHaveLength(0);
	});
});

describe('spending policy: raw JSON bodies through the credential only', () => {
	const limits = () => policy({ maxAmounts: 'BTC=0.5' });
	const url = '/api/v1/withdraw';

	it('checks the exact text it signs: boundary allowed, one unit above refused, nothing sent', async () => {
		const at = await raw(
			'POST',
			url,
			`  {"currency":"btc","amount":"0.5","address":"${BTC_ADDRESS}"}  `,
			limits(),
		);
		// Sent as written: a 001k that knows only upper-case codes (reading codeCase=upper) refuses "btc" itself.
		expect(at.statusCode).toBe(
			api.readings.codeCase === 'upper'
				? Number(api.readings.validationStatus)
				: Number(api.readings.createStatus),
		);
		expect((await posts()).map((r) => r.signature_present)).toEqual([true]);
		await api.admin('DELETE', '/__admin/requests');
		const above = await raw(
			'POST',
			url,
			`{"currency":"btc","amount":"0.50000001","address":"${BTC_ADDRESS}"}`,
			limits(),
		);
		expect(above.error).toMatch(/0\.50000001 BTC is above the maximum/);
		expect(await posts()).toHaveLength(0);
	});

	it('refuses repeated keys, numeric amounts and non-objects instead of guessing', async () => {
		const dup = await raw(
			'POST',
			url,
			`{"currency":"BTC","amount":"9","amount":"0.1","address":"${BTC_ADDRESS}"}`,
			limits(),
		);
		expect(dup.error).toMatch(/repeats a key/);
		const numeric = await raw(
			'POST',
			url,
			`{"currency":"BTC","amount":9,"address":"${BTC_ADDRESS}"}`,
			limits(),
		);
		expect(numeric.error).toMatch(/not a plain decimal string/);
		const list = await raw('POST', url, '[1]', limits());
		expect(list.error).toMatch(/not a JSON object/);
		expect(await posts()).toHaveLength(0);
	});
});
