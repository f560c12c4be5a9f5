'use strict';
// Exactly once by intent, in real n8n: the idioms users build, counted at the sandbox.
//  - Loop Over Items over 2 different payouts → 2 transfers, each output matching its payout;
//  - two separate manual runs with the same amounts → 2 withdrawals;
//  - a failed batch (A paid, B refused for lack of funds) → funds topped up → REST retry of the
//    execution → A exactly once (its output says replayed), B exactly once;
//  - Wait for Completion timeout → the order fills → REST retry → 1 order;
//  - one webhook event delivered twice (two executions) → 1 withdrawal;
//  - a Schedule Trigger firing every few seconds with the same amount → one withdrawal per firing.
// Everything runs on its own sandbox user (bob, key bob-access-key) so the other checks' books stay
// as they are. The sandbox plays the doc's riskiest reading: a reused custom_id returns the first
// operation whatever the body (readings.customIdReuse = 'existing').
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const stack = require('./lib/stack');

const CRED = { id: 'k001BobCred00001', name: '001k sandbox (bob)' };
const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const USER = 'user123';

const { node, chain, workflow, items, reset } = require('./lib/workflows').builder('e0e0e0e0');
const k001 = (name, parameters) =>
	node(name, 'n8n-nodes-001k.zeroZeroOneK', 1, parameters, {
		credentials: { zeroZeroOneKApi: CRED },
	});
const manual = () => node('Run now', 'n8n-nodes-base.manualTrigger', 1, {});
const payouts = (list) => items('Payouts', 'One item per payout', 'payouts', list);
const withdraw = (name, amount, extra = {}) =>
	k001(name, {
		resource: 'withdrawal',
		operation: 'create',
		currency: 'BTC',
		method: 'BTC',
		amount,
		address: BTC_ADDRESS,
		...extra,
	});

function workflows() {
	reset();
	const loopNodes = [
		manual(),
		...payouts([
			{ amount: '10.000000', recipient: 'demo' },
			{ amount: '25.000000', recipient: 'demo' },
		]),
		node('Loop Over Items', 'n8n-nodes-base.splitInBatches', 3, { batchSize: 1, options: {} }),
		k001('Transfer', {
			resource: 'internalTransfer',
			operation: 'create',
			currencyCode: 'USDT',
			amount: '={{ $json.amount }}',
			recipient: '={{ $json.recipient }}',
		}),
	];
	const loop = workflow('k001EoLoop000001', 'e2e exactly once: Loop Over Items', loopNodes, {
		...chain('Run now', 'Payouts', 'One item per payout', 'Loop Over Items'),
		'Loop Over Items': { main: [[], [{ node: 'Transfer', type: 'main', index: 0 }]] },
		Transfer: { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
	});
	const twice = workflow(
		'k001EoManual0001',
		'e2e exactly once: manual run',
		[manual(), withdraw('Withdraw', '0.00060000')],
		chain('Run now', 'Withdraw'),
	);
	const batch = workflow(
		'k001EoBatch00001',
		'e2e exactly once: failed batch then retry',
		[
			manual(),
			...payouts([{ amount: '0.01000000' }, { amount: '0.02000000' }]),
			withdraw('Withdraw', '={{ $json.amount }}'),
		],
		chain('Run now', 'Payouts', 'One item per payout', 'Withdraw'),
	);
	const wait = workflow(
		'k001EoWait000001',
		'e2e exactly once: wait timeout then retry',
		[
			manual(),
			k001('Buy low', {
				resource: 'limitOrder',
				operation: 'create',
				pair: 'BTCUSDT',
				side: 'buy',
				orderDefinedBy: 'priceAndSpend',
				limitPrice: '1000.00',
				spendAmount: '100.000000',
				waitForCompletion: true,
				waitTimeout: 2,
				pollInterval: 0.5,
			}),
		],
		chain('Run now', 'Buy low'),
	);
	const hook = node(
		'Payout request',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path: 'k001-eo-payout', responseMode: 'onReceived', options: {} },
		{ webhookId: 'k001-eo-payout' },
	);
	const webhook = workflow(
		'k001EoHook000001',
		'e2e exactly once: one event, two executions',
		[hook, withdraw('Withdraw', '={{ $json.body.amount }}')],
		chain('Payout request', 'Withdraw'),
	);
	const tick = node('Every 5 seconds', 'n8n-nodes-base.scheduleTrigger', 1.2, {
		rule: { interval: [{ field: 'seconds', secondsInterval: 5 }] },
	});
	const schedule = workflow(
		'k001EoSchedule01',
		'e2e exactly once: schedule',
		[tick, withdraw('Withdraw', '0.00070000')],
		chain('Every 5 seconds', 'Withdraw'),
	);
	return { loop, twice, batch, wait, webhook, schedule };
}

const wfs = workflows();

function bobOps(sb, type, workflowFilter = () => true) {
	return (sb.admin.state().operations[type] || [])
		.filter((o) => (o.userId ?? o.user) === USER)
		.filter(workflowFilter);
}

/** Phase 1, before `n8n start`: import, publish the webhook and schedule workflows, run the CLI idioms. */
async function beforeStart({ check, env, workDir, sb, execute, executeFailing, itemsOf }) {
	await check(
		'exactly once: import the idiom workflows and a credential of their own',
		async () => {
			const dir = path.join(workDir, 'exactly-once');
			fs.mkdirSync(dir, { recursive: true });
			// Outside the workflow folder: n8n 1.x would try to import it as a workflow.
			const credFile = path.join(workDir, 'credentials-exactly-once.json');
			fs.writeFileSync(
				credFile,
				JSON.stringify([
					{
						...CRED,
						type: 'zeroZeroOneKApi',
						data: { accessKey: 'bob-access-key', secretKey: 'bob-secret-key', baseUrl: sb.url },
					},
				]),
			);
			await stack.n8nCli(env, ['import:credentials', `--input=${credFile}`]);
			for (const [name, wf] of Object.entries(wfs))
				fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(wf, null, 2));
			await stack.n8nCli(env, ['import:workflow', '--separate', `--input=${dir}`]);
			await stack.publishWorkflow(env, wfs.webhook.id);
			await stack.publishWorkflow(env, wfs.schedule.id);
		},
	);

	await check(
		'exactly once: Loop Over Items, 2 different payouts → 2 transfers, each output its own',
		async () => {
			const run = await execute(wfs.loop.id);
			const outputs = run.data.resultData.runData.Transfer.map((r) => r.data.main[0][0].json);
			const transfers = bobOps(sb, 'internal_transfer');
			assert.equal(transfers.length, 2, `${transfers.length} transfers at the sandbox`);
			assert.deepEqual(outputs.map((o) => o.amount).sort(), ['10.000000', '25.000000']);
			assert.deepEqual(transfers.map((t) => t.amount).sort(), ['10.000000', '25.000000']);
			assert.equal(
				new Set(outputs.map((o) => o.custom_id)).size,
				2,
				'the passes shared a custom_id',
			);
		},
	);

	await check(
		'exactly once: two separate manual runs with the same amount → 2 withdrawals',
		async () => {
			const before = bobOps(sb, 'withdrawal').length;
			const a = itemsOf(await execute(wfs.twice.id), 'Withdraw')[0];
			const b = itemsOf(await execute(wfs.twice.id), 'Withdraw')[0];
			assert.notEqual(a.custom_id, b.custom_id);
			assert.equal(b.replayed, undefined, 'the second manual run was taken for a replay');
			assert.equal(bobOps(sb, 'withdrawal').length, before + 2);
		},
	);

	// The failed runs are retried through the REST API once n8n serves it.
	sb.admin.setBalance({ user: USER, currency: 'BTC', available: '0.015' });
	const batchRun = await executeFailing(wfs.batch.id);
	const waitRun = await executeFailing(wfs.wait.id);
	// The world is fixed before the retry: funds arrive (the schedule spends from them too).
	sb.admin.setBalance({ user: USER, currency: 'BTC', available: '0.5' });
	return { batchRun, waitRun };
}

/** Phase 2, with n8n serving: REST retries, the published webhook and the schedule. */
async function afterStart({ check, sb, n8n, cookie, waitForExecutions, executionData, failed }) {
	const retry = async (executionId) => {
		const res = await fetch(`${n8n.url}/rest/executions/${executionId}/retry`, {
			method: 'POST',
			headers: { cookie, 'Content-Type': 'application/json' },
			body: JSON.stringify({ loadWorkflow: false }),
		});
		const text = await res.text();
		assert.equal(res.status, 200, `retry of ${executionId}: ${res.status} ${text.slice(0, 500)}`);
		return JSON.parse(text).data;
	};
	const withdrawalsOf = (amount) => bobOps(sb, 'withdrawal').filter((w) => w.amount === amount);

	await check(
		'exactly once: failed batch (A paid, B short of funds) → top up → REST retry → A once, B once',
		async () => {
			const [original] = await failed(wfs.batch.id);
			assert.ok(original, 'the failed batch execution is not in n8n');
			assert.equal(withdrawalsOf('0.01000000').length, 1, 'A was not paid by the failed run');
			assert.equal(withdrawalsOf('0.02000000').length, 0, 'B was paid by the failed run');
			const result = await retry(original.id);
			assert.equal(
				result.status ?? (result.finished ? 'success' : 'error'),
				'success',
				`retry ended ${JSON.stringify(result).slice(0, 300)}`,
			);
			assert.equal(withdrawalsOf('0.01000000').length, 1, 'A was paid twice');
			assert.equal(withdrawalsOf('0.02000000').length, 1, 'B was not paid exactly once');
			const [retried] = (
				await waitForExecutions(n8n.url, cookie, wfs.batch.id, 2, { settleMs: 0 })
			).filter((e) => e.mode === 'retry');
			const items = (
				await executionData(retried.id)
			).resultData.runData.Withdraw[0].data.main[0].map((i) => i.json);
			assert.deepEqual(
				items.map((i) => [i.amount, Boolean(i.replayed)]),
				[
					['0.01000000', true],
					['0.02000000', false],
				],
			);
		},
	);

	await check(
		'exactly once: Wait for Completion timeout → the order fills → REST retry → 1 order',
		async () => {
			const [original] = await failed(wfs.wait.id);
			assert.ok(original, 'the timed-out execution is not in n8n');
			const orders = bobOps(sb, 'limit_order');
			assert.equal(orders.length, 1, `${orders.length} orders after the timeout`);
			sb.admin.setOutcome({ type: 'limit_order', code: orders[0].code, status: 'success' });
			await retry(original.id);
			assert.equal(bobOps(sb, 'limit_order').length, 1, 'the retry placed a second order');
		},
	);

	await check(
		'exactly once: one webhook event delivered twice (two executions) → 1 withdrawal',
		async () => {
			const before = withdrawalsOf('0.00080000').length;
			for (let i = 0; i < 2; i++) {
				const res = await fetch(`${n8n.url}/webhook/k001-eo-payout`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'X-Delivery': String(i) },
					body: JSON.stringify({ payout: 'P-1', amount: '0.00080000' }),
				});
				assert.equal(res.status, 200, `webhook answered ${res.status}`);
			}
			const runs = await waitForExecutions(n8n.url, cookie, wfs.webhook.id, 2);
			assert.equal(runs.length, 2, `${runs.length} executions`);
			assert.equal(withdrawalsOf('0.00080000').length - before, 1, 'one event paid twice');
		},
	);

	await check(
		'exactly once: a Schedule Trigger with the same amount → one withdrawal per firing',
		async () => {
			const runs = await waitForExecutions(n8n.url, cookie, wfs.schedule.id, 2, { settleMs: 0 });
			const done = [];
			for (const e of runs.filter((r) => r.status === 'success'))
				done.push((await executionData(e.id)).resultData.runData.Withdraw[0].data.main[0][0].json);
			assert.ok(done.length >= 2, `${done.length} finished firings`);
			assert.equal(
				new Set(done.map((w) => w.code)).size,
				done.length,
				'two firings shared one withdrawal',
			);
			assert.ok(
				done.every((w) => !w.replayed),
				'a firing was taken for a replay',
			);
		},
	);
}

module.exports = { beforeStart, afterStart, workflows: wfs };
