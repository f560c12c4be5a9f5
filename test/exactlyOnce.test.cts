import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n.cjs';
import { useSandbox, type LoggedRequest } from './helpers/sandbox.cjs';

const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const payout = (amount: string, extra: IDataObject = {}) => ({
	currency: 'BTC',
	method: 'BTC',
	amount,
	address: BTC_ADDRESS,
	...extra,
});

/** Both readings of "the same custom_id again" (doc §1.4): a 409, or the first operation as if identical. */
describe.each(['conflict', 'existing'])(
	'exactly once by intent (custom_id reuse reading: %s)',
	(customIdReuse) => {
		const api = useSandbox({ stepMs: 30, autoAdvance: false, readings: { customIdReuse } });

		function withdraw(
			parameters: IDataObject,
			options: {
				input?: IDataObject[];
				mode?: 'manual' | 'webhook' | 'retry';
				credentials?: Record<string, string>;
			} = {},
		) {
			return runNode({
				node: 'zeroZeroOneK',
				parameters: { resource: 'withdrawal', operation: 'create', ...parameters } as never,
				credentials: options.credentials ?? api.credentials(),
				input: options.input?.map((json) => ({ json })),
				mode: options.mode,
			});
		}

		const withdrawals = async (): Promise<IDataObject[]> =>
			(await api.admin('GET', '/__admin/state')).operations.withdrawal;
		const log = async (): Promise<LoggedRequest[]> =>
			(await api.requests()).filter((r) => r.path === '/api/v1/withdraw');

		it('a second execution of the same trigger event returns the first withdrawal, marked replayed, and 001k holds one', async () => {
			const event = { code: 'DEP000042', status: 'success', amount: '0.50000000', currency: 'BTC' };
			const first = await withdraw(payout('0.01000000'), { input: [event], mode: 'webhook' });
			const second = await withdraw(payout('0.01000000'), { input: [event], mode: 'webhook' });
			expect(first.error).toBeUndefined();
			expect(second.error).toBeUndefined();
			expect(second.items[0].json).toMatchObject({
				code: first.items[0].json.code,
				custom_id: first.items[0].json.custom_id,
				replayed: true,
			});
			expect(first.items[0].json.replayed).toBeUndefined();
			expect(await withdrawals()).toHaveLength(1);
		});

		it('a 001k Trigger event delivered twice with a different callback body and moved-on details is one payout; its next status is another', async () => {
			// What the 001k Trigger emits: the operation as the API returned it, plus the raw (unsigned) callback.
			const event = (status: string, confirmations: number, callback: IDataObject) => ({
				operationType: 'deposit',
				code: 'DEP000045',
				status,
				actual_confirmations: confirmations,
				verified: true,
				callback,
			});
			const first = await withdraw(payout('0.01000000'), {
				input: [event('success', 2, { code: 'DEP000045', status: 'success' })],
				mode: 'webhook',
			});
			const again = await withdraw(payout('0.01000000'), {
				input: [event('success', 9, { code: 'DEP000045', status: 'success', padding: 'x' })],
				mode: 'webhook',
			});
			expect(again.items[0].json).toMatchObject({
				code: first.items[0].json.code,
				custom_id: first.items[0].json.custom_id,
				replayed: true,
			});
			const other = await withdraw(payout('0.01000000'), {
				input: [event('pending', 0, { code: 'DEP000045', status: 'pending' })],
				mode: 'webhook',
			});
			expect(other.items[0].json.custom_id).not.toBe(first.items[0].json.custom_id);
			expect(await withdrawals()).toHaveLength(2);
		});

		it('two new manual runs with the same amounts are two intended payouts: two withdrawals', async () => {
			const first = await withdraw(payout('0.01000000'));
			const second = await withdraw(payout('0.01000000'));
			expect(second.items[0].json.custom_id).not.toBe(first.items[0].json.custom_id);
			expect(second.items[0].json.replayed).toBeUndefined();
			expect(await withdrawals()).toHaveLength(2);
		});

		it('manual runs that start at the same moment are separate payouts (the run is named by its first execution, not only its start time)', async () => {
			const runs = await Promise.all(
				Array.from({ length: 6 }, () => withdraw(payout('0.01000000'))),
			);
			expect(runs.map((r) => r.error)).toEqual(Array(6).fill(undefined));
			expect(new Set(runs.map((r) => r.items[0].json.custom_id)).size).toBe(6);
			expect(await withdrawals()).toHaveLength(6);
		});

		it('two identical payouts in one run (two items) are two withdrawals, each paired with its item', async () => {
			const { items } = await withdraw(payout('0.01000000'), {
				input: [{ invoice: 'A' }, { invoice: 'A' }],
			});
			expect(new Set(items.map((item) => item.json.code)).size).toBe(2);
			expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1]);
			expect(await withdrawals()).toHaveLength(2);
		});

		it('a different payout under the same trigger event gets its own key: both are paid', async () => {
			const event = { code: 'DEP000043', status: 'success' };
			await withdraw(payout('0.01000000'), { input: [event], mode: 'webhook' });
			const other = await withdraw(payout('0.02000000'), { input: [event], mode: 'webhook' });
			expect(other.items[0].json).toMatchObject({ amount: '0.02000000' });
			expect(other.items[0].json.replayed).toBeUndefined();
			expect((await withdrawals()).map((w) => w.amount).sort()).toEqual([
				'0.01000000',
				'0.02000000',
			]);
		});

		it('in n8n Retry mode an intent that already has a withdrawal returns it (looked up first) instead of creating one', async () => {
			const event = { code: 'DEP000044', status: 'success' };
			const original = await withdraw(payout('0.01000000'), { input: [event], mode: 'webhook' });
			const retried = await withdraw(payout('0.01000000'), { input: [event], mode: 'retry' });
			expect(retried.items[0].json).toMatchObject({
				code: original.items[0].json.code,
				replayed: true,
			});
			expect((await log()).filter((r) => r.method === 'POST')).toHaveLength(1);
			expect(await withdrawals()).toHaveLength(1);
		});

		it('never outputs another payout as this one: a reused Custom ID with a different amount fails the item and creates nothing', async () => {
			await withdraw(payout('0.01000000', { customIdMode: 'manual', customId: 'invoice-7' }));
			const reused = await withdraw(
				payout('0.25000000', { customIdMode: 'manual', customId: 'invoice-7' }),
			);
			expect(reused.items).toHaveLength(0);
			expect(reused.error?.message).toMatch(
				/custom_id "invoice-7" with existing withdrawal WDR\d+, which is not this request: it has amount "0.01000000" instead of "0.25000000"/,
			);
			expect((await withdrawals()).map((w) => w.amount)).toEqual(['0.01000000']);
		});

		it('the same invoice paid again returns the existing withdrawal marked replayed, not a second one', async () => {
			const first = await withdraw(
				payout('0.01000000', { customIdMode: 'manual', customId: 'invoice-8' }),
			);
			const again = await withdraw(
				payout('0.01000000', { customIdMode: 'manual', customId: 'invoice-8' }),
			);
			expect(again.items[0].json).toMatchObject({
				code: first.items[0].json.code,
				replayed: true,
				custom_id: 'invoice-8',
			});
			// In words, for an AI agent that reads the answer as text.
			expect(again.items[0].json.replayedNote).toMatch(
				/^Not made again: this request matches withdrawal WDR\d+, made at .+; nothing new was created\. To make the same withdrawal again on purpose, give it its own Custom ID\.$/,
			);
			expect(first.items[0].json.replayedNote).toBeUndefined();
			expect(await withdrawals()).toHaveLength(1);
		});

		it('a payout the spending policy refuses is neither sent nor looked up, and is never reported as another operation', async () => {
			await withdraw(payout('0.01000000', { customIdMode: 'manual', customId: 'agent-call' }));
			const before = (await log()).length;
			const policy = api.credentials({ spendingPolicy: true as never, maxAmounts: 'BTC=0.5' });
			const refused = await withdraw(
				payout('2.00000000', { customIdMode: 'manual', customId: 'agent-call' }),
				{ credentials: policy },
			);
			expect(refused.items).toHaveLength(0);
			expect(refused.error?.message).toMatch(
				/Spending Policy refused POST \/api\/v1\/withdraw: 2.00000000 BTC is above the maximum of 0.5 BTC/,
			);
			expect((await log()).length).toBe(before);
		});
	},
);

/**
 * The doc names no status for a taken custom_id (reading conflictStatus): when the look-up before the
 * create could not be made, 001k's refusal is recognised by its code whatever the status, the custom_id
 * is looked up, and the operation found is checked against the request.
 */
describe.each(['409', '400', '422'])(
	'a custom_id 001k says is taken, answered with %s',
	(conflictStatus) => {
		const api = useSandbox({
			stepMs: 30,
			autoAdvance: false,
			readings: { conflictStatus, customIdReuse: 'conflict' },
		});
		const withdraw = (parameters: IDataObject) =>
			runNode({
				node: 'zeroZeroOneK',
				parameters: { resource: 'withdrawal', operation: 'create', ...parameters } as never,
				credentials: api.credentials(),
			});
		/** The look-up before the create fails (a server error on every attempt), so only 001k's answer can tell. */
		const lookupFailsOnce = () =>
			api.admin('POST', '/__admin/faults', {
				method: 'GET',
				path: '/api/v1/withdraw',
				mode: '5xx',
				status: 500,
				count: 4,
			});

		it('a reused Custom ID with a different amount: the existing withdrawal is found and refused as not this request, nothing new is created', async () => {
			const first = await withdraw(
				payout('0.01000000', { customIdMode: 'manual', customId: 'taken-1' }),
			);
			expect(first.error).toBeUndefined();
			await lookupFailsOnce();
			const reused = await withdraw(
				payout('0.25000000', { customIdMode: 'manual', customId: 'taken-1' }),
			);
			expect(reused.items).toHaveLength(0);
			expect(reused.error?.message).toMatch(
				new RegExp(
					`custom_id "taken-1" with existing withdrawal ${String(first.items[0].json.code)}, which is not this request: it has amount "0.01000000" instead of "0.25000000"`,
				),
			);
			const log = (await api.requests()).filter((r) => r.path === '/api/v1/withdraw');
			// The failed look-up (4 attempts), the refused create, then the look-up that settles it.
			expect(log.slice(-6).map((r) => `${r.method} ${String(r.status)}`)).toEqual([
				...Array(4).fill('GET 500'),
				`POST ${conflictStatus}`,
				'GET 200',
			]);
			expect((await api.admin('GET', '/__admin/state')).operations.withdrawal).toHaveLength(1);
		});

		it("a refusal whose body names no code is looked up (always safe): through a proxy that strips 001k's error body", async () => {
			const proxy = await codeStrippingProxy(api.url);
			try {
				const first = await withdraw(
					payout('0.01000000', { customIdMode: 'manual', customId: 'taken-3' }),
				);
				await lookupFailsOnce();
				const reused = await runNode({
					node: 'zeroZeroOneK',
					parameters: {
						resource: 'withdrawal',
						operation: 'create',
						...payout('0.25000000', { customIdMode: 'manual', customId: 'taken-3' }),
					} as never,
					credentials: api.credentials({ baseUrl: proxy.url }),
				});
				expect(proxy.stripped).toEqual([`POST /api/v1/withdraw ${conflictStatus}`]);
				expect(reused.error?.message).toMatch(
					new RegExp(
						`custom_id "taken-3" with existing withdrawal ${String(first.items[0].json.code)}, which is not this request`,
					),
				);
				expect((await api.admin('GET', '/__admin/state')).operations.withdrawal).toHaveLength(1);
			} finally {
				await proxy.close();
			}
		});

		it('a refusal that is not about the custom_id is not looked up', async () => {
			await lookupFailsOnce();
			const { error } = await withdraw(
				payout('6.00000000', { customIdMode: 'manual', customId: 'taken-2' }),
			);
			expect(error?.message).toMatch(/^Not enough BTC on 001k for this request \(available /);
			expect(error?.message.endsWith(`[${String(api.readings.insufficientBalance)}]`)).toBe(true);
			const log = (await api.requests()).filter((r) => r.path === '/api/v1/withdraw');
			expect(log.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'POST']);
		});
	},
);

/** Forwards to the sandbox, but answers a custom_id conflict with a bare `{"message": …}` (no code, no field), as a terse server might. */
async function codeStrippingProxy(target: string) {
	const stripped: string[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const headers = Object.fromEntries(
				Object.entries(req.headers).filter(
					([k]) => !['host', 'connection', 'content-length'].includes(k),
				),
			) as Record<string, string>;
			const body = Buffer.concat(chunks);
			const answer = await fetch(target + req.url, {
				method: req.method,
				headers,
				body: body.length ? body : undefined,
			});
			let text = await answer.text();
			if (text.includes('custom_id.conflict')) {
				stripped.push(`${String(req.method)} ${String(req.url)} ${answer.status}`);
				text = '{"message":"Request could not be processed"}';
			}
			res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(text);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		stripped,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
