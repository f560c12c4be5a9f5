/**
 * 001k Poll Trigger in n8n-core's PollContext against the sandbox, with lifecycles driven by hand.
 */
import type { IDataObject } from 'n8n-workflow';

import { createPoller } from './harness/poll.cjs';
import { useSandbox } from './helpers/sandbox.cjs';

const api = useSandbox({ autoAdvance: false });
let workflows = 0;

const poller = (parameters: IDataObject = {}, staticData?: IDataObject) =>
	createPoller({
		parameters: { operationTypes: ['withdrawal'], statuses: [], ...parameters },
		credentials: api.credentials(),
		staticData,
		workflowId: `wf-poll-${++workflows}`,
	});

const withdraw = (address = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh') =>
	api.call('POST', '/withdraw', { currency: 'BTC', amount: '0.01000000', address });

const events = (items: any[]) =>
	items.map((e) => `${e.code}:${e.previousStatus ?? '-'}>${e.status}`);

describe('001k Poll Trigger', () => {
	it('records what exists at activation, then emits each new operation and each status change once', async () => {
		const existing = await withdraw();
		const p = await poller();
		expect(await p.poll()).toEqual([]);

		const created = await withdraw();
		expect(events(await p.poll())).toEqual([`${created.code}:->pending`]);
		expect(await p.poll()).toEqual([]);

		api.sandbox.admin.transition({ type: 'withdrawal', code: created.code, status: 'success' });
		api.sandbox.admin.transition({ type: 'withdrawal', code: existing.code, status: 'failed' });
		const changes = await p.poll();
		expect(events(changes).sort()).toEqual(
			[`${created.code}:pending>success`, `${existing.code}:pending>failed`].sort(),
		);
		expect(changes[0].operationType).toBe('withdrawal');
		expect(await p.poll()).toEqual([]);
	});

	it('re-reads operations created before the polling window until they are final', async () => {
		const p = await poller();
		await p.poll();
		const early = await withdraw();
		expect(events(await p.poll())).toEqual([`${early.code}:->pending`]);
		// Later operations move the window past the early one's created_at.
		await api.admin('POST', '/__admin/clock', { offsetMs: 5_000 });
		const late = await withdraw();
		expect(events(await p.poll())).toEqual([`${late.code}:->pending`]);
		api.sandbox.admin.transition({ type: 'withdrawal', code: early.code, status: 'success' });
		expect(events(await p.poll())).toEqual([`${early.code}:pending>success`]);
		const log: any[] = await api.admin('GET', '/__admin/requests');
		expect(log.some((r) => r.path === `/api/v1/withdraw/${early.code}`)).toBe(true);
		await api.admin('POST', '/__admin/clock', { offsetMs: 0 });
	});

	it('survives a restart: nothing emitted twice, later changes still emitted', async () => {
		const p = await poller();
		await p.poll();
		const created = await withdraw();
		expect(await p.poll()).toHaveLength(1);

		const restarted = await poller({}, p.staticData());
		expect(await restarted.poll()).toEqual([]);
		api.sandbox.admin.transition({ type: 'withdrawal', code: created.code, status: 'success' });
		expect(events(await restarted.poll())).toEqual([`${created.code}:pending>success`]);
	});

	it('emits only the chosen statuses', async () => {
		const p = await poller({ statuses: ['success'] });
		await p.poll();
		const created = await withdraw();
		expect(await p.poll()).toEqual([]);
		api.sandbox.admin.transition({ type: 'withdrawal', code: created.code, status: 'success' });
		expect(events(await p.poll())).toEqual([`${created.code}:pending>success`]);
	});

	it('pages through many new operations of several types in one poll, each once', async () => {
		await api.admin('POST', '/__admin/rate-limits', { enabled: false });
		const p = await poller({ operationTypes: ['withdrawal', 'internalTransfer'] });
		await p.poll();
		for (let i = 0; i < 230; i++) await withdraw();
		for (let i = 0; i < 5; i++)
			await api.call('POST', '/internal-transfer', {
				currency_code: 'BTC',
				amount: '0.00100000',
				recipient: 'user123',
			});
		const items = await p.poll();
		expect(items.filter((e) => e.operationType === 'withdrawal')).toHaveLength(230);
		expect(items.filter((e) => e.operationType === 'internalTransfer')).toHaveLength(5);
		expect(new Set(items.map((e) => e.code)).size).toBe(235);
		expect(await p.poll()).toEqual([]);
		const state = p.staticData()['node:001k Poll Trigger'] as any;
		expect(Object.keys(state.types.withdrawal.open).length).toBeLessThanOrEqual(500);
	});

	it('returns the latest operation as sample data when fetched by hand, changing no state', async () => {
		await withdraw();
		const latest = await withdraw();
		const p = await poller();
		const sample = await p.poll('manual');
		expect(sample.map((e) => e.code)).toEqual([latest.code]);
		expect(p.staticData()).toEqual({});
	});
});
