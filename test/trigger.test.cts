/**
 * 001k Trigger through n8n-core's real WebhookContext over real HTTP, with callbacks sent by the
 * sandbox itself (or forged by the test).
 */
import type { IDataObject } from 'n8n-workflow';

import { startTrigger, type TriggerOptions, type TriggerServer } from './harness/webhook.cjs';
import { useSandbox } from './helpers/sandbox.cjs';
import { waitUntil } from './helpers/wait.cjs';

const api = useSandbox({ stepMs: 25, callbackBackoffMs: 20 });

const ALL_TYPES = ['deposit', 'withdrawal', 'swap', 'internalTransfer', 'limitOrder', 'amlCheck'];
let trigger: TriggerServer | undefined;
let workflows = 0;

async function start(parameters: IDataObject = {}, extra: Partial<TriggerOptions> = {}) {
	trigger = await startTrigger({
		parameters: { operationTypes: ALL_TYPES, verify: true, ...parameters },
		credentials: api.credentials(),
		workflowId: `wf-${++workflows}`,
		...extra,
	});
	return trigger;
}

afterEach(async () => {
	await trigger?.stop();
	trigger = undefined;
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, body: await response.text() };
}

/** Every operation of the sandbox final and every callback sent. */
async function settle() {
	await waitUntil(
		'every sandbox operation final',
		async () => (await api.admin('GET', '/__admin/state?ops=0')).active as number,
		(active) => !active,
		{ show: (active) => `${active} still active` },
	);
	await api.sandbox.admin.callbacksIdle();
}

describe('callbacks sent by 001k', () => {
	it('starts the workflow with the verified object for every operation type, final states included', async () => {
		const t = await start();
		const url = (path: string) => t.url(path);
		const address = await api.call('POST', '/deposit/generate_address', {
			currency: 'BTC',
			callback_url: url('deposit'),
		});
		await api.admin('POST', '/__admin/deposits', {
			currency: 'BTC',
			amount: '0.50000000',
			address: address.address,
		});
		await api.call('POST', '/withdraw', {
			currency: 'BTC',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
			callback_url: url('withdrawal'),
		});
		await api.call('POST', '/swap/open', {
			direction: 'BTC-USDT',
			spend_amount: '0.01000000',
			callback_url: url('swap'),
		});
		await api.call('POST', '/internal-transfer', {
			currency_code: 'BTC',
			amount: '0.01000000',
			recipient: 'user123',
			callback_url: url('internal-transfer'),
		});
		await api.call('POST', '/limit-order', {
			pair: 'BTCUSDT',
			side: 'buy',
			receive_amount: '0.010000',
			limit_price: '30000.00',
			callback_url: url('limit-order'),
		});
		await api.call('POST', '/aml/check', {
			direction: 'withdrawal',
			token: 1,
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
			callback_url: url('aml-check'),
		});
		await settle();

		// A transfer's success may come as completed (reading transferSuccessStatus); the node passes 001k's word on.
		const finals = t.emitted.filter(
			(e) => e.status === 'success' || e.status === api.readings.transferSuccessStatus,
		);
		expect(finals.map((e) => e.operationType).sort()).toEqual([...ALL_TYPES].sort());
		for (const event of t.emitted) {
			expect(event.verified).toBe(true);
			expect((event.callback as IDataObject).code).toBe(event.code);
		}
		const keys = t.emitted.map((e) => `${e.operationType}:${e.code}:${e.status}`);
		expect(new Set(keys).size).toBe(keys.length);
		const deliveries: any[] = await api.admin('GET', '/__admin/callbacks');
		expect(
			deliveries.flatMap((d) => d.responses.map((r: any) => r.status)).filter((s) => s !== 200),
		).toEqual([]);
	});

	it('lets only the chosen types and statuses through, acknowledging the rest', async () => {
		const t = await start({ operationTypes: ['withdrawal'], statuses: ['success'] });
		await api.call('POST', '/withdraw', {
			currency: 'BTC',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
			callback_url: t.url('withdrawal'),
		});
		await api.call('POST', '/internal-transfer', {
			currency_code: 'BTC',
			amount: '0.01000000',
			recipient: 'user123',
			callback_url: t.url('internal-transfer'),
		});
		await settle();
		expect(t.emitted.map((e) => `${e.operationType}:${e.status}`)).toEqual(['withdrawal:success']);
	});
});

describe('forged and bad callbacks', () => {
	it('rejects an unknown code and a code of another type, and ignores a status the API does not confirm', async () => {
		const t = await start();
		const withdrawal = await api.call('POST', '/withdraw', {
			currency: 'BTC',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		});
		expect(
			(await post(t.url('withdrawal'), { code: 'WDR-FORGED', status: 'success' })).status,
		).toBe(404);
		expect(
			(await post(t.url('deposit'), { code: withdrawal.code, status: withdrawal.status })).status,
		).toBe(404);
		const stale = await post(t.url('withdrawal'), {
			...withdrawal,
			status: 'suspended',
			amount: '999',
		});
		expect(stale).toEqual({ status: 200, body: expect.stringMatching(/status does not match/) });
		expect(t.emitted).toHaveLength(0);
	});

	it.each([
		['non-JSON', 'not json', 400],
		['an array', '[1,2]', 400],
		['a missing code', { status: 'success' }, 400],
		['a code with a slash', { code: '../balance', status: 'success' }, 400],
		['an oversized body', { code: 'WDR1', status: 'success', padding: 'x'.repeat(70_000) }, 413],
	])('answers %s with a 4xx and starts nothing', async (_name, body, status) => {
		const t = await start();
		expect((await post(t.url('withdrawal'), body)).status).toBe(status);
		expect(t.emitted).toHaveLength(0);
	});

	it('answers an unknown callback path with 404', async () => {
		const t = await start();
		expect((await post(t.url('payout'), { code: 'X', status: 'success' })).status).toBe(404);
	});

	it('without verification, passes the callback on marked unverified', async () => {
		const t = await start({ verify: false });
		expect((await post(t.url('swap'), { code: 'SWP-UNVERIFIED', status: 'success' })).status).toBe(
			200,
		);
		expect(t.emitted).toEqual([
			expect.objectContaining({ code: 'SWP-UNVERIFIED', verified: false, operationType: 'swap' }),
		]);
	});
});

describe('IP allow-list', () => {
	it('refuses a client outside the list and accepts one inside (IPv4)', async () => {
		const denied = await start({ options: { ipAllowList: '10.0.0.0/8' } });
		expect((await post(denied.url('withdrawal'), { code: 'X1', status: 'success' })).status).toBe(
			403,
		);
		await denied.stop();
		const allowed = await start({
			verify: false,
			options: { ipAllowList: '10.0.0.0/8, 127.0.0.0/8' },
		});
		expect((await post(allowed.url('withdrawal'), { code: 'X1', status: 'success' })).status).toBe(
			200,
		);
	});

	it('uses the forwarded client IP when n8n trusts its proxy (IPv6 CIDR)', async () => {
		const t = await start(
			{ verify: false, options: { ipAllowList: '2001:db8::/32' } },
			{ trustProxy: true },
		);
		const inside = await post(
			t.url('deposit'),
			{ code: 'D1', status: 'success' },
			{ 'X-Forwarded-For': '2001:db8:0:1::5, 10.0.0.1' },
		);
		const outside = await post(
			t.url('deposit'),
			{ code: 'D2', status: 'success' },
			{ 'X-Forwarded-For': '2001:db9::5' },
		);
		expect([inside.status, outside.status]).toEqual([200, 403]);
		expect(t.emitted.map((e) => e.code)).toEqual(['D1']);
	});
});

describe('IP allow-list fails closed', () => {
	it.each([
		['only invalid entries', '10.0.0.*, 10.0.0.0/33'],
		['an invalid entry beside a valid one that would allow the client', '127.0.0.0/8, 10.0.0.0/33'],
		['a garbled IPv6 range', '2001:db8::/129'],
	])('refuses every callback with 403 and says why, for %s', async (_name, list) => {
		const t = await start({ verify: false, options: { ipAllowList: list } });
		const answer = await post(t.url('deposit'), { code: 'D1', status: 'success' });
		expect(answer.status).toBe(403);
		expect(JSON.parse(answer.body).error).toMatch(
			/Allowed IPs has entries that are not IP addresses or CIDR ranges \(.*\): every callback is refused until they are fixed/,
		);
		expect(t.emitted).toHaveLength(0);
	});

	it('accepts IPv4-mapped IPv6 ranges as the IPv4 range they map', async () => {
		const inside = await start({ verify: false, options: { ipAllowList: '::ffff:127.0.0.0/104' } });
		expect((await post(inside.url('deposit'), { code: 'D1', status: 'success' })).status).toBe(200);
		await inside.stop();
		const outside = await start({
			verify: false,
			options: { ipAllowList: '::ffff:10.0.0.0/104, ::ffff:127.0.0.2' },
		});
		expect((await post(outside.url('deposit'), { code: 'D2', status: 'success' })).status).toBe(
			403,
		);
	});
});

describe('idempotency', () => {
	it('starts the workflow once per (type, code, status), also after a restart', async () => {
		const t = await start();
		const created = await api.call('POST', '/withdraw', {
			currency: 'BTC',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		});
		// The callback carries the final status, as 001k's would: verification then agrees however busy the machine is.
		const withdrawal = await waitUntil(
			`withdrawal ${created.code} past pending`,
			() => api.call('GET', `/withdraw/${created.code}`),
			(w) => w.status !== 'pending',
			{ show: (w) => String(w.status) },
		);
		const answers = await Promise.all([1, 2, 3].map(() => post(t.url('withdrawal'), withdrawal)));
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(t.emitted).toHaveLength(1);
		const staticData = t.staticData();
		await t.stop();

		// A new process: nothing in memory, only the workflow's saved static data.
		const restarted = await start({}, { staticData, workflowId: 'wf-trigger-restarted' });
		expect((await post(restarted.url('withdrawal'), withdrawal)).body).toMatch(/already processed/);
		expect(restarted.emitted).toHaveLength(0);
	});

	it('does not lose an event whose execution n8n failed to start: 001k calling back after the in-flight window starts it', async () => {
		const withdrawal = await api.call('POST', '/withdraw', {
			currency: 'BTC',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		});
		await settle();
		const final = await api.call('GET', `/withdraw/${withdrawal.code}`);
		const first = await start({}, { workflowId: 'wf-trigger-unstarted' });
		expect((await post(first.url('withdrawal'), final)).status).toBe(200);
		expect(first.emitted).toHaveLength(1);
		await first.stop();
		// The same process, but n8n failed to start that execution (a database error answered 500), so
		// it saved no static data. A repeat in flight with the first is still stopped; 001k's retry
		// after the in-flight window (10 s) passes.
		const again = await start({}, { workflowId: 'wf-trigger-unstarted' });
		expect((await post(again.url('withdrawal'), final)).body).toMatch(/already processed/);
		await new Promise((r) => setTimeout(r, 10_500));
		expect((await post(again.url('withdrawal'), final)).status).toBe(200);
		expect(again.emitted.map((e) => `${e.code}:${e.status}`)).toEqual([
			`${withdrawal.code}:success`,
		]);
		await again.stop();
	}, 60_000);

	it('never starts the workflow twice for a final status: a genuine final callback replayed after 2,000 newer events and a restart', async () => {
		const t = await start();
		const withdrawal = await api.call('POST', '/withdraw', {
			currency: 'BTC',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		});
		await settle();
		const final = await api.call('GET', `/withdraw/${withdrawal.code}`);
		expect(final.status).toBe('success');
		expect((await post(t.url('withdrawal'), final)).status).toBe(200);
		expect(t.emitted.map((e) => `${e.code}:${e.status}`)).toEqual([`${withdrawal.code}:success`]);
		const staticData = t.staticData();
		await t.stop();

		// 2,000 newer events (more than the 2,000 recent keys kept), taken unverified to spare 2,000 API calls.
		const busy = await start({ verify: false }, { staticData, workflowId: 'wf-trigger-busy' });
		for (let i = 0; i < 2_000; i += 100) {
			await Promise.all(
				Array.from({ length: 100 }, (_, j) =>
					post(busy.url('deposit'), { code: `DEP-FILL-${i + j}`, status: 'pending' }),
				),
			);
		}
		expect(busy.emitted).toHaveLength(2_000);
		const afterBusy = busy.staticData();
		await busy.stop();
		const kept = Object.values(afterBusy)[0] as { seen: string[] };
		expect(kept.seen).toHaveLength(2_000);
		expect(kept.seen.includes(`withdrawal:${withdrawal.code}:success`)).toBe(false);

		const restarted = await start({}, { staticData: afterBusy, workflowId: 'wf-trigger-replayed' });
		expect((await post(restarted.url('withdrawal'), final)).body).toMatch(/already processed/);
		expect(restarted.emitted).toHaveLength(0);
	}, 300_000);
});

/** The doc names no status for an unknown code (reading notFoundStatus): the trigger must tell not-found by its code too, and fail closed on anything else. */
describe.each(['404', '400'])(
	'verifying against a 001k that answers an unknown code with %s',
	(notFoundStatus) => {
		const own = useSandbox({
			autoAdvance: false,
			callbackBackoffMs: 20,
			readings: { notFoundStatus },
		});
		const payout = {
			currency: 'BTC',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		};

		it('rejects a forged code with 404 (not a retry-later 503) and starts nothing', async () => {
			const t = await start({}, { credentials: own.credentials() });
			expect(
				(await post(t.url('withdrawal'), { code: 'WDR-FORGED', status: 'success' })).status,
			).toBe(404);
			const lookups = (await own.requests()).filter(
				(r) => r.path === '/api/v1/withdraw/WDR-FORGED',
			);
			expect(lookups.map((r) => r.status)).toEqual([Number(notFoundStatus)]);
			expect(t.emitted).toHaveLength(0);
		});

		it('fails closed on a lookup error it does not recognise: a server error starts nothing and asks 001k to retry', async () => {
			const withdrawal = await own.call('POST', '/withdraw', payout);
			const t = await start({}, { credentials: own.credentials() });
			await own.admin('POST', '/__admin/faults', {
				method: 'GET',
				path: '/api/v1/withdraw/{code}',
				mode: '5xx',
				status: 500,
				count: -1,
			});
			expect((await post(t.url('withdrawal'), withdrawal)).status).toBe(503);
			expect(t.emitted).toHaveLength(0);
			await own.admin('DELETE', '/__admin/faults');
			expect((await post(t.url('withdrawal'), withdrawal)).status).toBe(200);
			expect(t.emitted.map((e) => e.code)).toEqual([withdrawal.code]);
		});

		it('fails closed when the lookup itself is refused (a wrong secret): 503, nothing starts', async () => {
			const withdrawal = await own.call('POST', '/withdraw', payout);
			const t = await start({}, { credentials: own.credentials({ secretKey: 'not-the-secret' }) });
			expect((await post(t.url('withdrawal'), withdrawal)).status).toBe(503);
			expect(t.emitted).toHaveLength(0);
		});
	},
);
