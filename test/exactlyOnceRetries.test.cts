import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n.cjs';
import { useSandbox } from './helpers/sandbox.cjs';

const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const withdrawal = { resource: 'withdrawal', operation: 'create', currency: 'BTC', method: 'BTC' };

/** What n8n's database holds for a crashed execution it recovered: node starts (whole seconds), no outputs. */
const recovered = (startMs: number) => ({
	resultData: {
		runData: { Start: [{ startTime: Math.floor(startMs / 1000), executionTime: -1 }] },
	},
});

/**
 * A Retry of an execution that stopped before n8n saved anything of this node (a crash with save on
 * progress off, a lost queue worker) cannot recompute the earlier attempt's custom_ids: 001k is
 * searched from the earlier attempt's start, or the item is refused. It never pays blind.
 */
describe('exactly once when n8n cannot prove what an earlier attempt paid', () => {
	const api = useSandbox({
		stepMs: 30,
		autoAdvance: false,
		readings: { customIdReuse: 'existing' },
	});

	const withdraw = (amount: string, options: { mode?: 'retry'; saved?: unknown } = {}) =>
		runNode({
			node: 'zeroZeroOneK',
			parameters: { ...withdrawal, amount, address: BTC_ADDRESS } as never,
			credentials: api.credentials(),
			...options,
		});
	const withdrawals = async (): Promise<IDataObject[]> => (await api.operations()).withdrawal;
	const posts = async () =>
		(await api.requests()).filter((r) => r.method === 'POST' && r.path === '/api/v1/withdraw');

	it('a retry of a crashed run finds the withdrawal the crashed run made (from its saved start) and does not pay it again', async () => {
		const crashedRunStart = Date.now() - 1_000;
		const crashed = await withdraw('0.01000000');
		const retried = await withdraw('0.01000000', {
			mode: 'retry',
			saved: recovered(crashedRunStart),
		});
		expect(retried.error).toBeUndefined();
		expect(retried.items[0].json).toMatchObject({
			code: crashed.items[0].json.code,
			replayed: true,
			reconciled: true,
		});
		expect(await posts()).toHaveLength(1);
		expect(await withdrawals()).toHaveLength(1);
	});

	it('every item of the retry searches, not only the first: both withdrawals of a crashed batch are found', async () => {
		const start = Date.now() - 1_000;
		const batch = (mode?: 'retry', saved?: unknown) =>
			runNode({
				node: 'zeroZeroOneK',
				parameters: { ...withdrawal, amount: '0.06000000', address: BTC_ADDRESS } as never,
				credentials: api.credentials(),
				// Data-less trigger items (a Manual Trigger's): the run, not an event, names the payouts.
				input: [{ json: {} }, { json: {} }],
				mode,
				saved,
			});
		const crashed = await batch();
		const retried = await batch('retry', recovered(start));
		expect(retried.items.map((i) => [i.json.code, i.json.reconciled])).toEqual(
			crashed.items.map((i) => [i.json.code, true]),
		);
		expect(await withdrawals()).toHaveLength(2);
	});

	it('a retry pays what the crashed run never reached', async () => {
		const retried = await withdraw('0.02000000', { mode: 'retry', saved: recovered(Date.now()) });
		expect(retried.error).toBeUndefined();
		expect(retried.items[0].json.replayed).toBeUndefined();
		expect(await withdrawals()).toHaveLength(1);
	});

	it('a separate earlier run with the same payout, made before the crashed run began, is not taken for it', async () => {
		await withdraw('0.03000000');
		// The crashed attempt began a minute after that withdrawal: it is not that attempt's.
		const retried = await withdraw('0.03000000', {
			mode: 'retry',
			saved: recovered(Date.now() + 60_000),
		});
		expect(retried.items[0].json.replayed).toBeUndefined();
		expect(await withdrawals()).toHaveLength(2);
	});

	it('when n8n kept no record of the earlier attempt, the item is refused with what to check, and nothing is sent', async () => {
		const retried = await withdraw('0.04000000', { mode: 'retry', saved: undefined });
		expect(retried.items).toHaveLength(0);
		expect(retried.error?.message).toMatch(
			/^Not sent: n8n kept no record of when the earlier attempt ran/,
		);
		expect(retried.error?.description).toMatch(/Withdrawal → Get Many/);
		expect(retried.error?.description).toMatch(/set Custom ID to a value of your own/);
		expect(await posts()).toHaveLength(0);
	});

	it('two withdrawals matching the payout since the earlier attempt began: refused as ambiguous, nothing sent', async () => {
		const start = Date.now() - 1_000;
		const first = await withdraw('0.05000000');
		const second = await withdraw('0.05000000');
		expect(second.items[0].json.code).not.toBe(first.items[0].json.code);
		const retried = await withdraw('0.05000000', { mode: 'retry', saved: recovered(start) });
		expect(retried.error?.message).toMatch(
			/^Not sent: 2 withdrawals since the earlier attempt began match this one/,
		);
		expect(await withdrawals()).toHaveLength(2);
	});
});

describe('Retry On Fail: one withdrawal per item, and replayed only for what an earlier execution made', () => {
	const api = useSandbox({
		stepMs: 30,
		autoAdvance: false,
		readings: { customIdReuse: 'existing' },
	});

	it('B fails on the first try (001k down for it): the second try pays B and C once, and A, paid by this execution, is not replayed', async () => {
		// A's create passes; every attempt at B's (the transport's own resends included) answers 500.
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/withdraw',
			mode: 'latency',
			latencyMs: 1,
		});
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/withdraw',
			mode: '5xx',
			status: 500,
			count: 4,
		});
		const amounts = ['0.01100000', '0.01200000', '0.01300000'];
		const { items, error } = await runNode({
			node: 'zeroZeroOneK',
			parameters: {
				...withdrawal,
				amount: '={{ $json.amount }}',
				address: BTC_ADDRESS,
			} as never,
			credentials: api.credentials(),
			input: amounts.map((amount) => ({ json: { amount } })),
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.amount, i.json.replayed])).toEqual(
			amounts.map((a) => [a, undefined]),
		);
		const made = (await api.operations()).withdrawal as IDataObject[];
		expect(made.map((w) => w.amount).sort()).toEqual(amounts);
	});
});
