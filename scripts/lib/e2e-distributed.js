'use strict';
// Queue mode as users scale n8n (n8n docs, "Configuring queue mode"): Postgres, Redis, main,
// two `n8n worker`s, two `n8n webhook` processes behind a round-robin proxy. What this measures,
// on its own sandbox user (carol) so the other checks' books stay as they are:
//  - one deposit callback delivered to both webhook processes (at once, and 3 s apart) into a
//    workflow that sweeps each deposit out with a 001k Withdrawal (Automatic Custom ID):
//    executions started, and withdrawals made — which must be exactly one per deposit;
//  - 100 deposit callbacks through the proxy: none lost, executions per callback;
//  - both workers creating swaps and listing them (Return All) on one API key at once, with the
//    doc's rate limits on: no failed item, the 429s seen (each worker paces itself, not the pair),
//    the share of the limit used;
//  - the poll trigger's state across polls, kept in Postgres (scripts/e2e.js pollCheck).
// Each figure becomes a row of the table the leg prints (and the README quotes).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const stack = require('./stack');
const rest = require('./rest');
const { sleep, waitUntil } = require('./wait');

const { log } = stack;
const CRED = { id: 'k001CarolCred001', name: '001k sandbox (carol)' };
const USER = 'carol';
const COLD = 'bc1qcoldwallet0000000000000000000000treasury';
const TRIGGER_WEBHOOK_ID = '0001c0de-d157-4000-8000-000000000001';
const BURST_ITEMS = 200; // two bursts: 400 swap creates, above the doc's 300 per minute for POST /swap/open

const { node, workflow, items, reset } = require('./workflows').builder('d1d1d1d1');
const k001 = (name, parameters) =>
	node(name, 'n8n-nodes-001k.zeroZeroOneK', 1, parameters, {
		credentials: { zeroZeroOneKApi: CRED },
	});
const hook = (name, p) =>
	node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path: p, responseMode: 'onReceived', options: {} },
		{ webhookId: p },
	);

function workflows() {
	reset();
	const sweep = workflow('k001DistSweep001', 'e2e distributed: sweep each deposit', [
		node(
			'Deposit callback',
			'n8n-nodes-001k.zeroZeroOneKTrigger',
			1,
			{ operationTypes: ['deposit'], statuses: ['success'], verify: true, options: {} },
			{
				webhookId: TRIGGER_WEBHOOK_ID,
				credentials: { zeroZeroOneKApi: CRED },
			},
		),
		k001('Sweep', {
			resource: 'withdrawal',
			operation: 'create',
			currency: 'BTC',
			method: 'BTC',
			amount: '={{ $json.amount }}',
			address: COLD,
		}),
	]);
	const burst = workflow('k001DistBurst001', 'e2e distributed: swap burst', [
		hook('Burst request', 'k001-dist-burst'),
		...items(
			'Items',
			'One item each',
			'items',
			Array.from({ length: BURST_ITEMS }, (_, i) => ({ i })),
		),
		k001('Swap', {
			resource: 'swap',
			operation: 'create',
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0.001',
		}),
	]);
	const list = workflow('k001DistList0001', 'e2e distributed: all swaps (Return All)', [
		hook('List request', 'k001-dist-list'),
		k001('All swaps', { resource: 'swap', operation: 'getAll', returnAll: true, filters: {} }),
	]);
	return { sweep, burst, list };
}

/** Before `n8n start`: carol's key and balances, her credential, the three workflows (published). */
async function prepare({ env, workDir, sb }) {
	sb.admin.addUser({ id: USER, balances: { BTC: '10', USDT: '100000' } });
	sb.admin.addKey({ access_key: 'carol-access-key', secret_key: 'carol-secret-key', user: USER });
	sb.admin.seed({ type: 'swap', count: 450, user: USER, custom_id_prefix: 'hist-' }); // three pages of 200
	const credFile = path.join(workDir, 'credentials-distributed.json');
	fs.writeFileSync(
		credFile,
		JSON.stringify([
			{
				...CRED,
				type: 'zeroZeroOneKApi',
				data: { accessKey: 'carol-access-key', secretKey: 'carol-secret-key', baseUrl: sb.url },
			},
		]),
	);
	await stack.n8nCli(env, ['import:credentials', `--input=${credFile}`]);
	const dir = path.join(workDir, 'distributed');
	fs.mkdirSync(dir, { recursive: true });
	const wfs = workflows();
	for (const [name, wf] of Object.entries(wfs))
		fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(wf, null, 2));
	await stack.n8nCli(env, ['import:workflow', '--separate', `--input=${dir}`]);
	for (const wf of Object.values(wfs)) await stack.publishWorkflow(env, wf.id);
	return wfs;
}

const carolOps = (sb, type) =>
	(sb.admin.state().operations[type] || []).filter((o) => (o.userId ?? o.user) === USER);

const untilSuccess = (sb, codes) =>
	waitUntil(
		'deposits at success',
		() => codes.map((c) => `${c} ${sb.admin.getOp('deposit', c).status}`),
		(seen) => seen.every((s) => s.endsWith(' success')),
		{ timeoutMs: 90000, everyMs: 300, show: (seen) => seen.join(', ') },
	);

/** One final callback to both webhook processes; executions and withdrawals per deposit. */
async function duplicateCallbacks({ sb, n8n, cookie, webhooks, wfs, table, pg }) {
	const ROUNDS = 8;
	const url = (base) => `${base}/webhook/${TRIGGER_WEBHOOK_ID}/deposit`;
	const rounds = [];
	for (let i = 0; i < ROUNDS; i++) {
		const amount = `0.0${i + 1}000000`; // distinct (8 decimals, as 001k shows BTC), so each sweep names its deposit
		rounds.push({
			amount,
			code: sb.admin.createDeposit({ user: USER, currency: 'BTC', amount }).code,
			mode: i % 2 ? '3 s apart' : 'at once',
		});
	}
	await untilSuccess(
		sb,
		rounds.map((r) => r.code),
	);
	const deliver = (base, code) =>
		fetch(url(base), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(sb.admin.getOp('deposit', code)),
		}).then((r) => r.status);
	const [a, b] = webhooks.map((w) => w.url);
	for (const r of rounds) {
		if (r.mode === 'at once')
			r.statuses = await Promise.all([deliver(a, r.code), deliver(b, r.code)]);
		else {
			const first = await deliver(a, r.code);
			await sleep(3000);
			r.statuses = [first, await deliver(b, r.code)];
		}
	}
	const runs = await rest.waitForExecutions(n8n.url, cookie, wfs.sweep.id, ROUNDS, {
		settleMs: 8000,
	});
	const per = Object.fromEntries(
		rounds.map((r) => [r.code, { executions: 0, replayed: 0, failed: 0 }]),
	);
	for (const e of runs) {
		const { data, status } = await rest.execution(n8n.url, cookie, e.id);
		const code = rest.outputOf(data, 'Deposit callback')[0]?.code;
		if (!per[code]) continue;
		per[code].executions++;
		if (status !== 'success') per[code].failed++;
		if (rest.outputOf(data, 'Sweep')[0]?.replayed === true) per[code].replayed++;
	}
	// What the trigger's de-duplication left in workflow static data (Postgres), for the table.
	const [[stored] = []] = pg.query(
		`select "staticData" from workflow_entity where id = '${wfs.sweep.id}'`,
	);
	const finals = Object.keys(JSON.parse(stored || '{}')['node:Deposit callback']?.finals ?? {});
	log(`  static data of the sweep workflow: ${finals.length} final keys (${finals.join(', ')})`);
	const withdrawals = carolOps(sb, 'withdrawal');
	for (const mode of ['at once', '3 s apart']) {
		const mine = rounds.filter((r) => r.mode === mode);
		for (const r of mine) {
			r.withdrawals = withdrawals.filter((w) => w.amount === r.amount).length;
			Object.assign(r, per[r.code]);
			log(
				`  ${r.code} (${mode}): HTTP ${r.statuses.join('/')}, ${r.executions} execution(s), ${r.withdrawals} withdrawal(s), ${r.replayed} answered replayed`,
			);
		}
		const ex = mine.map((r) => r.executions);
		table.push([
			`one callback → both webhook processes, ${mode}`,
			`${mine.length} deposits × 2 deliveries: executions ${ex.join('/')} (${ex.filter((x) => x > 1).length} ran twice); withdrawals ${mine.map((r) => r.withdrawals).join('/')}; replayed answers ${mine.reduce((s, r) => s + r.replayed, 0)}`,
		]);
	}
	for (const r of rounds) {
		assert.ok(r.executions >= 1, `${r.code}: no execution from 2 deliveries`);
		assert.equal(r.failed, 0, `${r.code}: ${r.failed} execution(s) failed`);
		assert.equal(
			r.withdrawals,
			1,
			`${r.code}: ${r.withdrawals} withdrawals for one deposit (${r.executions} executions)`,
		);
		// Apart, the later execution finds the withdrawal by its custom_id and says so. At once, under
		// the doc's reading that a reused custom_id returns the first operation, both POSTs get it
		// as if new: nothing in 001k's answer tells them apart (under the 409 reading one is told).
		if (r.mode === '3 s apart')
			assert.equal(
				r.replayed,
				r.executions - 1,
				`${r.code}: ${r.executions} executions but ${r.replayed} answered replayed`,
			);
		else
			assert.ok(
				r.replayed <= r.executions - 1,
				`${r.code}: ${r.replayed} of ${r.executions} executions answered replayed`,
			);
	}
}

/** 100 deposits whose callbacks 001k (the sandbox) sends to the proxy URL. */
async function hundredCallbacks({ sb, n8n, cookie, proxy, depositWf, table }) {
	const COUNT = 100;
	const trigger = depositWf.wf.nodes.find((x) => x.type === 'n8n-nodes-001k.zeroZeroOneKTrigger');
	const callbackUrl = `${proxy.url}/webhook/${trigger.webhookId}/deposit`;
	const before = new Set((await rest.executionsOf(n8n.url, cookie, depositWf.id)).map((e) => e.id));
	const served = [...proxy.served];
	const codes = [];
	// Two deposits a second (each is called back at every status). At ten a second this 2-core
	// machine's webhook processes ran out of database connections (README, queue mode).
	for (let i = 0; i < COUNT; i++) {
		codes.push(
			sb.admin.createDeposit({
				currency: 'USDT',
				method: 'USDTTRC20',
				amount: `${100 + i}.5`,
				callback_url: callbackUrl,
			}).code,
		);
		if (i % 2 === 1) await sleep(1000);
	}
	const delivered = () =>
		sb.admin
			.callbacks()
			.filter((c) => codes.includes(c.code) && c.status === 'success' && c.result === 'delivered');
	await waitUntil(
		`${COUNT} final callbacks delivered`,
		() => new Set(delivered().map((c) => c.code)).size,
		(n) => n === COUNT,
		{ timeoutMs: 180000, everyMs: 500, show: (n) => `${n} of ${COUNT}` },
	);
	const runs = await rest.waitForExecutions(n8n.url, cookie, depositWf.id, COUNT, {
		except: before,
		timeoutMs: 180000,
	});
	const count = Object.fromEntries(codes.map((c) => [c, 0]));
	for (const e of runs) {
		const code = await rest.triggerCode(n8n.url, cookie, e.id, trigger.name);
		if (code in count) count[code]++;
	}
	const lost = codes.filter((c) => count[c] === 0);
	const twice = codes.filter((c) => count[c] > 1);
	const all = sb.admin.callbacks().filter((c) => codes.includes(c.code));
	const split = proxy.served.map((s, i) => s - served[i]);
	const retried = all.filter((c) => c.attempts > 1);
	const refusals = retried.flatMap((c) => c.responses.filter((r) => !(r >= 200 && r < 300)));
	log(
		`  ${all.length} callbacks sent (${delivered().length} final), proxy split ${split.join('/')}, ${runs.length} executions, lost ${lost.length}, twice ${twice.length}`,
	);
	table.push([
		`${COUNT} deposit callbacks through the proxy (round robin)`,
		`${all.length} callbacks (${COUNT} final) split ${split.join('/')} between the webhook processes (${retried.length} needed a retry by 001k: ${[...new Set(refusals)].join(', ') || '-'}): ${runs.length} executions, ${(runs.length / COUNT).toFixed(2)} per final callback, ${lost.length} lost, ${twice.length} ran twice, ${runs.filter((e) => e.status !== 'success').length} failed`,
	]);
	const history = (code) =>
		all
			.filter((c) => c.code === code)
			.map((c) => `${c.status}:${c.responses.join('/')}`)
			.join(' ');
	assert.deepEqual(
		lost,
		[],
		`deposits with no execution: ${lost.map((c) => `${c} (callbacks ${history(c)})`).join(', ')}`,
	);
	assert.deepEqual(twice, [], `deposits that ran twice: ${twice.join(', ')}`);
	for (const e of runs) assert.equal(e.status, 'success', `execution ${e.id} ${e.status}`);
}

/** The busiest 60 s of accepted requests on one route, as a share of its per-minute limit. */
function busiest(requests, route, method) {
	const t = requests
		.filter((r) => r.route === route && r.method === method && r.status !== 429)
		.map((r) => Date.parse(r.time));
	let best = 0;
	for (let i = 0, j = 0; i < t.length; i++) {
		while (t[i] - t[j] >= 60000) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

/** Both workers on carol's key at once: two swap bursts and two Return All lists. */
async function twoWorkers({ sb, n8n, cookie, proxy, wfs, workerLogs, table }) {
	const firstId = sb.admin.requests().reduce((m, r) => Math.max(m, r.id), 0);
	const beforeSwaps = carolOps(sb, 'swap').length;
	const fire = (p, body) =>
		fetch(`${proxy.url}/webhook/${p}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		}).then((r) => r.status);
	// Two different events (batch A, B): their intents differ, so each burst is its own 200 swaps.
	const statuses = await Promise.all([
		fire('k001-dist-burst', { batch: 'A' }),
		fire('k001-dist-burst', { batch: 'B' }),
		fire('k001-dist-list', { run: 1 }),
		fire('k001-dist-list', { run: 2 }),
	]);
	assert.deepEqual(statuses, [200, 200, 200, 200], `webhooks answered ${statuses}`);
	const bursts = await rest.waitForExecutions(n8n.url, cookie, wfs.burst.id, 2, {
		timeoutMs: 600000,
		settleMs: 0,
	});
	const lists = await rest.waitForExecutions(n8n.url, cookie, wfs.list.id, 2, {
		timeoutMs: 300000,
		settleMs: 0,
	});
	// The worker whose log names the execution (-1: neither), read until the line is there: the log
	// file is copied from the worker's output as it comes.
	const worker = (id) =>
		waitUntil(
			`execution ${id} in a worker's log`,
			() =>
				workerLogs.findIndex((f) =>
					new RegExp(`Worker (started|finished) execution ${id}\\b`).test(
						fs.readFileSync(f, 'utf8'),
					),
				),
			(i) => i >= 0,
			{ timeoutMs: 30000, everyMs: 500, orLastSeen: true },
		);
	let failedItems = 0;
	let created = 0;
	const ran = [];
	for (const e of [...bursts, ...lists]) {
		const { data, status } = await rest.execution(n8n.url, cookie, e.id);
		assert.equal(
			status,
			'success',
			`execution ${e.id} ${status}: ${JSON.stringify(data.resultData?.error ?? {}).slice(0, 400)}`,
		);
		ran.push(await worker(e.id));
		if (bursts.includes(e)) {
			const out = rest.outputOf(data, 'Swap');
			failedItems += out.filter((x) => !x.code || x.error).length + (BURST_ITEMS - out.length);
			created += out.filter((x) => x.code && !x.replayed).length;
		} else {
			const out = rest.outputOf(data, 'All swaps');
			assert.ok(
				out.length >= 450,
				`Return All listed ${out.length} swaps, fewer than the 450 seeded`,
			);
			assert.equal(
				new Set(out.map((x) => x.code)).size,
				out.length,
				'Return All listed a swap twice',
			);
		}
	}
	const reqs = sb.admin
		.requests()
		.filter((r) => r.id > firstId && r.headers['x-access-key'] === 'carol-access-key');
	const n429 = reqs.filter((r) => r.status === 429);
	const swaps = carolOps(sb, 'swap').length - beforeSwaps;
	const share = (route, method, limit) =>
		`${method} ${route.replace('/api/v1', '')} ${busiest(reqs, route, method)}/${limit} per busiest minute`;
	const workersUsed = new Set(ran.filter((i) => i >= 0));
	log(
		`  executions ran on workers ${ran.map((i) => i + 1).join(', ')}; ${reqs.length} requests, ${n429.length} × 429; ${swaps} swaps created`,
	);
	table.push([
		'two workers, one API key: 2 × 200 swap creates + 2 × Return All at once (rate limits on)',
		`workers used ${workersUsed.size}/2; ${failedItems} failed items; ${swaps} swaps created for 400 intended; ${n429.length} × 429 seen and absorbed (${[...new Set(n429.map((r) => `${r.method} ${r.route.replace('/api/v1', '')}`))].join(', ') || 'none'}); ${share('/api/v1/swap/open', 'POST', 300)}, ${share('/api/v1/swap', 'GET', 300)}`,
	]);
	assert.equal(
		workersUsed.size,
		2,
		`only worker(s) ${[...workersUsed].map((i) => i + 1)} ran the four executions`,
	);
	assert.equal(failedItems, 0, `${failedItems} failed items`);
	assert.equal(created, 2 * BURST_ITEMS, `${created} swaps reported created`);
	assert.equal(
		swaps,
		2 * BURST_ITEMS,
		`${swaps} swaps in the sandbox for ${2 * BURST_ITEMS} intended`,
	);
}

/**
 * The 001k Poll Trigger every minute on deposits, its state in workflow static data (Postgres).
 * Poll k is seen in the sandbox request log (GET /api/v1/deposit: nothing else lists deposits). A
 * deposit created after poll k must be emitted by poll k+1 (which it is only if poll k+1 found the
 * state poll k left: a first poll only records), and no (code, status) may be emitted twice.
 */
async function pollState({ sb, n8n, cookie, workflowId, ranOnWorker, table }) {
	const polls = () =>
		sb.admin
			.requests()
			.filter((r) => r.method === 'GET' && r.route === '/api/v1/deposit' && r.status === 200)
			.map((r) => r.time);
	const waitPoll = async (after) => {
		const p = await waitUntil(
			`a poll after ${after || 'the start'}`,
			() => polls().filter((t) => t > after),
			(later) => later.length > 0,
			{ timeoutMs: 150000, everyMs: 1000, show: () => 'none' },
		);
		return p[p.length - 1];
	};
	const first = polls().length ? polls()[polls().length - 1] : await waitPoll('');
	const d1 = sb.admin.createDeposit({ currency: 'BTC', amount: '0.1' }).code;
	const second = await waitPoll(first);
	log(`  poll at ${second} (deposit ${d1} created after the poll at ${first})`);
	const d2 = sb.admin.createDeposit({ currency: 'BTC', amount: '0.2' }).code;
	const third = await waitPoll(second);
	log(`  poll at ${third} (deposit ${d2} created in between)`);
	// Read until the polls' executions have finished and emitted both deposits (or the time is up),
	// leaving out any started after a fourth poll: d2 must come from the poll right after it.
	const emittedBy = async () => {
		const next = polls().find((t) => t > third);
		const list = (await rest.executionsOf(n8n.url, cookie, workflowId)).filter(
			(e) => !next || !e.startedAt || Date.parse(e.startedAt) < Date.parse(next),
		);
		const emitted = [];
		const runs = [];
		for (const e of list) {
			const { data, status } = await rest.execution(n8n.url, cookie, e.id);
			for (const i of rest.outputOf(data, '001k poll')) emitted.push(`${i.code}:${i.status}`);
			runs.push({ id: e.id, status });
		}
		return { list, runs, emitted };
	};
	const { list, runs, emitted } = await waitUntil(
		'poll executions finished, both deposits emitted',
		emittedBy,
		(v) =>
			v.runs.every((r) => r.status !== 'running' && r.status !== 'new') &&
			[d1, d2].every((d) => v.emitted.some((x) => x.startsWith(`${d}:`))),
		{ timeoutMs: 120000, everyMs: 1000, orLastSeen: true },
	);
	for (const { id, status } of runs) {
		assert.equal(status, 'success', `poll execution ${id} ${status}`);
		await ranOnWorker(id);
	}
	const twice = emitted.length - new Set(emitted).size;
	log(
		`  ${polls().length} polls, ${list.length} executions, ${emitted.length} (code, status) emitted, ${twice} twice`,
	);
	table.push([
		'001k Poll Trigger every minute, its state in Postgres',
		`${polls().length} polls, ${list.length} executions, ${emitted.length} (code, status) emitted, ${twice} emitted twice; deposits created between polls emitted by the next poll: ${[d1, d2].filter((d) => emitted.some((x) => x.startsWith(`${d}:`))).length}/2`,
	]);
	assert.ok(
		emitted.some((x) => x.startsWith(`${d1}:`)),
		`deposit ${d1} (created between two polls) was not emitted`,
	);
	assert.ok(
		emitted.some((x) => x.startsWith(`${d2}:`)),
		`deposit ${d2} was not emitted`,
	);
	assert.equal(twice, 0, `a (code, status) was emitted twice: ${emitted.join(', ')}`);
}

function printTable(table, file) {
	const lines = [
		'| Measured (queue mode on Postgres: main + 2 workers + 2 webhook processes) | Result |',
		'|---|---|',
		...table.map(([a, b]) => `| ${a} | ${b} |`),
	];
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${lines.join('\n')}\n`);
	log(`Table (also in ${path.relative(stack.repoDir, file)}):\n${lines.join('\n')}`);
}

module.exports = {
	workflows,
	prepare,
	duplicateCallbacks,
	hundredCallbacks,
	twoWorkers,
	pollState,
	printTable,
	CRED,
};
