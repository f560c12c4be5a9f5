#!/usr/bin/env node
'use strict';
// Exactly once however n8n runs the payout (issue 24), in real n8n 2.41.1, counted at the sandbox:
//  - sub-workflows: a parent retried after a partial batch, its event delivered twice, two parent
//    runs with the same payouts, two identical items sent "once for each item";
//  - n8n SIGKILLed while a create's answer is held (stored at 001k, not yet read), restarted, the
//    crashed execution retried: data-less and data-carrying triggers, save on progress off and on,
//    and a crash right after a Wait node resumed the run;
//  - Retry On Fail over a batch that fails mid-way: one withdrawal per item, and `replayed` false
//    for what this execution paid;
//  - queue mode on Postgres: the worker running the execution SIGKILLed mid-request, a new worker
//    takes the retry.
// RUNS_ONLY=sub|rof|crash|queue runs one part.
// `node scripts/e2e-runs.js` (a leg of npm run test:e2e:matrix). E2E_KEEP=1 keeps the user folder.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const stack = require('./lib/stack');
const rest = require('./lib/rest');
const { startSandbox } = require('../sandbox');
const queue = require('./lib/queue');
const postgres = require('./lib/postgres');
const { waitUntil } = require('./lib/wait');

const { log, install } = stack;
const CRED = { id: 'k001RunsCred0001', name: '001k sandbox (runs)' };
const USER = 'user123';
const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const SUB_ID = 'k001RunsSub00001';
const { node, workflow, items } = require('./lib/workflows').builder('e1e1e1e1');

const withdraw = (extra = {}) =>
	node(
		'Withdraw',
		'n8n-nodes-001k.zeroZeroOneK',
		1,
		{
			resource: 'withdrawal',
			operation: 'create',
			currency: 'BTC',
			method: 'BTC',
			amount: '={{ $json.amount }}',
			address: BTC_ADDRESS,
		},
		{ credentials: { zeroZeroOneKApi: CRED }, ...extra },
	);
const hook = (name, p) =>
	node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path: p, responseMode: 'onReceived', options: {} },
		{ webhookId: p },
	);
const splitBody = () =>
	node('Each payout', 'n8n-nodes-base.splitOut', 1, {
		fieldToSplitOut: 'body.payouts',
		options: {},
	});
const callSub = () =>
	node('Pay in sub-workflow', 'n8n-nodes-base.executeWorkflow', 1, {
		source: 'database',
		workflowId: SUB_ID,
		mode: 'each',
		options: { waitForSubWorkflow: true },
	});

/** Every workflow of this leg, by what it proves. */
function workflows() {
	const sub = workflow(SUB_ID, 'runs: pay one payout (sub-workflow)', [
		node('When called', 'n8n-nodes-base.executeWorkflowTrigger', 1, {}),
		withdraw(),
	]);
	const parentEvent = workflow('k001RunsParent01', 'runs: payouts from the event → sub', [
		hook('Payout batch', 'runs-parent'),
		splitBody(),
		callSub(),
	]);
	const parentFixed = workflow('k001RunsParent02', 'runs: fixed payouts (no event) → sub', [
		hook('Pay now', 'runs-parent-fixed'),
		...items('Payouts', 'One item per payout', 'payouts', [{ amount: '0.00310000' }]),
		callSub(),
	]);
	const crash = (id, p, { fromBody = false, wait = false } = {}) =>
		workflow(id, `runs: crash ${p}`, [
			hook('Start', p),
			...(wait
				? [
						// n8n 2.x signs resume URLs: the run writes its own where the check can read it.
						node('Note resume URL', 'n8n-nodes-base.set', 3.4, {
							mode: 'manual',
							includeOtherFields: false,
							assignments: {
								assignments: [
									{
										id: 'r1',
										name: 'resumeUrl',
										type: 'string',
										value: '={{ $execution.resumeUrl }}',
									},
								],
							},
						}),
						node(
							'Approval',
							'n8n-nodes-base.wait',
							1.1,
							{ resume: 'webhook', options: {} },
							{ webhookId: `${p}-approval` },
						),
					]
				: []),
			...(fromBody
				? [splitBody()]
				: items('Payouts', 'One item per payout', 'payouts', crashPayouts[p])),
			withdraw(),
		]);
	const retryOnFail = workflow('k001RunsRetryOF1', 'runs: Retry On Fail', [
		hook('Start', 'runs-rof'),
		...items('Payouts', 'One item per payout', 'payouts', [
			{ amount: '0.00410000' },
			{ amount: '0.00420000' },
			{ amount: '0.00430000' },
		]),
		withdraw({ retryOnFail: true, maxTries: 3, waitBetweenTries: 5000 }),
	]);
	return {
		sub,
		parentEvent,
		parentFixed,
		crashDataless: crash('k001RunsCrash001', 'runs-crash-1'),
		crashEvent: crash('k001RunsCrash002', 'runs-crash-2', { fromBody: true }),
		crashWait: crash('k001RunsCrash003', 'runs-crash-3', { wait: true }),
		crashProgress: crash('k001RunsCrash004', 'runs-crash-4'),
		crashQueue: crash('k001RunsCrashQ01', 'runs-crash-q'),
		retryOnFail,
	};
}
const crashPayouts = {
	'runs-crash-1': [{ amount: '0.00510000' }, { amount: '0.00520000' }],
	'runs-crash-3': [{ amount: '0.00710000' }, { amount: '0.00720000' }],
	'runs-crash-4': [{ amount: '0.00810000' }, { amount: '0.00820000' }],
	'runs-crash-q': [{ amount: '0.00910000' }, { amount: '0.00920000' }],
};
const wfs = workflows();

const results = [];
async function check(name, fn) {
	const t = Date.now();
	try {
		await fn();
		results.push({ name, ok: true });
		log(`✓ ${name} (${install.fmt(Date.now() - t)})`);
	} catch (e) {
		results.push({ name, ok: false });
		log(`✗ ${name}: ${e.stack || e.message}`);
		throw e;
	}
}

/** Waits until `read()` gives a truthy value (a non-empty list), with a bound. */
const until = (what, read, timeoutMs = 120000) =>
	waitUntil(what, read, (v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)), {
		timeoutMs,
		everyMs: 300,
		show: (v) => JSON.stringify(v)?.slice(0, 300),
	});

/** The running stack: sandbox, one n8n process (restartable), a signed-in cookie. */
function harness({ sb, env, logFile }) {
	const h = { n8n: null, cookie: null };
	h.start = async (extra = {}) => {
		h.n8n = await stack.startN8n({ ...env, ...extra }, { logFile });
		h.cookie = await stack.login(h.n8n.url);
	};
	h.kill = async (proc = h.n8n) => {
		const exited = new Promise((r) => proc.child.once('exit', r));
		stack.stopProcess(proc.child, 'SIGKILL');
		await exited;
		await proc.stop();
	};
	// n8n registers published webhooks a moment after it reports ready: a 404 started nothing, so it is sent again.
	h.post = async (p, body) => {
		const res = await until(`webhook ${p} to be registered`, async () => {
			const r = await fetch(`${h.n8n.url}/webhook/${p}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body ?? {}),
			});
			return r.status === 404 ? false : r;
		});
		assert.equal(res.status, 200, `webhook ${p} answered ${res.status}`);
	};
	h.executions = (wf) => rest.executionsOf(h.n8n.url, h.cookie, wf.id);
	h.settled = (wf, count) =>
		until(`${count} finished executions of ${wf.name}`, async () => {
			const all = await h.executions(wf);
			const done = all.filter((e) => !['running', 'new', 'waiting'].includes(e.status));
			return done.length >= count && done.length === all.length && all;
		});
	h.retry = async (executionId) => {
		const res = await fetch(`${h.n8n.url}/rest/executions/${executionId}/retry`, {
			method: 'POST',
			headers: { cookie: h.cookie, 'Content-Type': 'application/json' },
			body: JSON.stringify({ loadWorkflow: false }),
		});
		const text = await res.text();
		assert.equal(res.status, 200, `retry of ${executionId}: ${res.status} ${text.slice(0, 300)}`);
		return JSON.parse(text).data;
	};
	h.output = async (executionId, nodeName) =>
		rest.outputOf((await rest.execution(h.n8n.url, h.cookie, executionId)).data, nodeName);
	h.ops = (amount) =>
		(sb.admin.state().operations.withdrawal || []).filter(
			(o) => (o.userId ?? o.user) === USER && o.amount === amount,
		);
	return h;
}

async function subWorkflows(h, sb) {
	await check('sub-workflow: parent retried after a partial batch → A once, B once', async () => {
		sb.admin.setBalance({ user: USER, currency: 'BTC', available: '0.0015' });
		await h.post('runs-parent', { payouts: [{ amount: '0.00110000' }, { amount: '0.00120000' }] });
		const [run] = await h.settled(wfs.parentEvent, 1);
		assert.equal(run.status, 'error', `the batch was expected to fail on B, not ${run.status}`);
		assert.equal(h.ops('0.00110000').length, 1, 'A was not paid by the first run');
		assert.equal(h.ops('0.00120000').length, 0, 'B was paid by the first run');
		sb.admin.setBalance({ user: USER, currency: 'BTC', available: '1' });
		await h.retry(run.id);
		assert.equal(h.ops('0.00110000').length, 1, 'A was paid twice');
		assert.equal(h.ops('0.00120000').length, 1, 'B was not paid exactly once');
	});
	await check('sub-workflow: the parent event delivered twice → paid once', async () => {
		const body = { batch: 'P-2', payouts: [{ amount: '0.00130000' }] };
		const before = (await h.executions(wfs.parentEvent)).length;
		await h.post('runs-parent', body);
		await h.post('runs-parent', body);
		await h.settled(wfs.parentEvent, before + 2);
		assert.equal(h.ops('0.00130000').length, 1, 'one parent event paid twice');
	});
	await check(
		'sub-workflow: two parent runs with the same payouts (no event) → paid twice',
		async () => {
			await h.post('runs-parent-fixed');
			await h.settled(wfs.parentFixed, 1);
			await h.post('runs-parent-fixed');
			await h.settled(wfs.parentFixed, 2);
			assert.equal(h.ops('0.00310000').length, 2, 'the second run was taken for a repeat');
		},
	);
	await check(
		'sub-workflow: two identical items, "run once for each item" → paid twice',
		async () => {
			const before = (await h.executions(wfs.parentEvent)).length;
			await h.post('runs-parent', {
				payouts: [{ amount: '0.00140000' }, { amount: '0.00140000' }],
			});
			await h.settled(wfs.parentEvent, before + 1);
			assert.equal(h.ops('0.00140000').length, 2, 'two identical payouts paid once');
		},
	);
}

/**
 * Starts `wf` by its webhook, holds 001k's answer to its second withdrawal (stored, not sent),
 * SIGKILLs n8n there, restarts it (with `restartEnv`), and retries the crashed execution.
 */
async function crashThenRetry(
	h,
	sb,
	wf,
	{
		body,
		amounts,
		wait = false,
		restartEnv = {},
		lose = () => h.kill(),
		replace = () => h.start(restartEnv),
	},
) {
	const held = () => sb.admin.requests().filter((r) => r.fault === 'hold_after_commit').length;
	const heldBefore = held();
	sb.admin.addFault({ method: 'POST', path: '/api/v1/withdraw', mode: 'latency', latencyMs: 1 });
	sb.admin.addFault({ method: 'POST', path: '/api/v1/withdraw', mode: 'hold_after_commit' });
	const p = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path;
	await h.post(p, body);
	if (wait) {
		const [waiting] = await until('the run to wait for approval', async () =>
			(await h.executions(wf)).filter((e) => e.status === 'waiting'),
		);
		const [{ resumeUrl }] = await h.output(waiting.id, 'Note resume URL');
		const res = await fetch(resumeUrl);
		assert.equal(res.status, 200, `resuming the approval answered ${res.status}`);
	}
	await until('001k to hold the answer to the second withdrawal', () => held() > heldBefore);
	assert.deepEqual(
		amounts.map((a) => h.ops(a).length),
		[1, 1],
		'both withdrawals were not stored before the crash',
	);
	await lose();
	sb.admin.clearFaults();
	await replace();
	const [crashed] = await until('the killed execution to be marked crashed', async () =>
		(await h.executions(wf)).filter((e) => e.status === 'crashed' || e.status === 'error'),
	);
	const retried = await h.retry(crashed.id);
	const items = await h.output(retried.id, 'Withdraw').catch(() => []);
	log(
		`  retry ${retried.status}: ${items.map((i) => `${i.amount} ${i.reconciled ? 'found by search' : i.replayed ? 'replayed' : 'paid'}`).join(', ') || 'items refused (see the execution)'}`,
	);
	const counts = amounts.map((a) => h.ops(a).length);
	const seen = amounts.flatMap((a) =>
		h.ops(a).map((o) => `${o.amount} ${o.custom_id} ${o.created_at}`),
	);
	assert.deepEqual(
		counts,
		[1, 1],
		`after the retry (${retried.status}): ${counts} withdrawals\n${seen.join('\n')}\n${JSON.stringify(retried).slice(0, 3000)}`,
	);
}

async function crashes(h, sb) {
	const pairs = (p) => crashPayouts[p].map((x) => x.amount);
	await check('crash: data-less trigger, save on progress off → retry pays nothing twice', () =>
		crashThenRetry(h, sb, wfs.crashDataless, { amounts: pairs('runs-crash-1') }),
	);
	await check('crash: payouts from the webhook body → retry pays nothing twice', () =>
		crashThenRetry(h, sb, wfs.crashEvent, {
			body: { payouts: [{ amount: '0.00610000' }, { amount: '0.00620000' }] },
			amounts: ['0.00610000', '0.00620000'],
		}),
	);
	await check('crash: right after a Wait node resumed the run → retry pays nothing twice', () =>
		crashThenRetry(h, sb, wfs.crashWait, {
			amounts: pairs('runs-crash-3'),
			wait: true,
			restartEnv: { EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true' },
		}),
	);
	await check('crash: data-less trigger, save on progress on → retry pays nothing twice', () =>
		crashThenRetry(h, sb, wfs.crashProgress, { amounts: pairs('runs-crash-4') }),
	);
}

/**
 * Queue mode on Postgres (n8n's documented setup): the worker running the execution is SIGKILLed
 * while 001k holds the answer to its second withdrawal; a new worker takes the retry.
 */
async function queueWorkerLost({ sb, workDir, tarball }) {
	const logDir = path.join(workDir, 'queue');
	fs.mkdirSync(logDir, { recursive: true });
	const redis = await queue.startRedis({
		port: await stack.freePort(),
		logFile: path.join(logDir, 'redis.log'),
		log,
	});
	const pg = await postgres.startPostgres({
		port: await stack.freePort(),
		logFile: path.join(logDir, 'postgres.log'),
		log,
	});
	const userFolder = path.join(logDir, 'user');
	stack.installIntoUserFolder(tarball, userFolder);
	const env = stack.n8nEnv({
		userFolder,
		port: await stack.freePort(),
		brokerPort: await stack.freePort(),
		encryptionKey: crypto.randomBytes(24).toString('hex'),
		extra: { N8N_LOG_LEVEL: 'info', ...queue.queueEnv(redis.port), ...pg.env },
	});
	const h = harness({ sb, env, logFile: path.join(logDir, 'main.log') });
	const startWorker = async (n) => {
		const healthPort = await stack.freePort();
		const workerEnv = {
			...env,
			N8N_RUNNERS_BROKER_PORT: String(await stack.freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		};
		return stack.startN8n(workerEnv, {
			logFile: path.join(logDir, `worker-${n}.log`),
			command: 'worker',
			healthPort,
		});
	};
	let worker;
	try {
		await importAll(env, logDir, sb, [wfs.crashQueue]);
		await h.start();
		worker = await startWorker(1);
		await check(
			'queue mode: the worker is SIGKILLed mid-request, a new worker takes the retry → nothing paid twice',
			() =>
				crashThenRetry(h, sb, wfs.crashQueue, {
					amounts: crashPayouts['runs-crash-q'].map((x) => x.amount),
					lose: () => h.kill(worker),
					replace: async () => {
						worker = await startWorker(2);
					},
				}),
		);
	} finally {
		await worker?.stop();
		await h.n8n?.stop();
		await pg.stop();
		await redis.stop();
	}
}

/** Imports the leg's credential and `list` of workflows into the n8n of `env`, and publishes them. */
async function importAll(env, dir, sb, list) {
	const credFile = path.join(dir, 'credentials.json');
	const data = { accessKey: 'bob-access-key', secretKey: 'bob-secret-key', baseUrl: sb.url };
	fs.writeFileSync(credFile, JSON.stringify([{ ...CRED, type: 'zeroZeroOneKApi', data }]));
	await stack.n8nCli(env, ['import:credentials', `--input=${credFile}`]);
	const wfDir = path.join(dir, 'workflows');
	fs.mkdirSync(wfDir);
	for (const wf of list)
		fs.writeFileSync(path.join(wfDir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
	await stack.n8nCli(env, ['import:workflow', '--separate', `--input=${wfDir}`]);
	for (const wf of list) await stack.publishWorkflow(env, wf.id);
}

async function retryOnFail(h, sb) {
	await check(
		'Retry On Fail, B short of funds on the first try → one each, none replayed',
		async () => {
			const amounts = ['0.00410000', '0.00420000', '0.00430000'];
			sb.admin.setBalance({ user: USER, currency: 'BTC', available: '0.005' });
			const before = sb.admin.requests().length;
			await h.post('runs-rof');
			// B is refused on the first try; funds arrive before the next one (5 s later).
			await until('B to be refused', () =>
				sb.admin
					.requests()
					.slice(before)
					.some((r) => r.method === 'POST' && r.path === '/api/v1/withdraw' && r.status >= 400),
			);
			sb.admin.setBalance({ user: USER, currency: 'BTC', available: '1' });
			const [run] = await h.settled(wfs.retryOnFail, 1);
			assert.equal(run.status, 'success', `the run ended ${run.status}`);
			assert.deepEqual(
				amounts.map((a) => h.ops(a).length),
				[1, 1, 1],
			);
			const out = await h.output(run.id, 'Withdraw');
			assert.deepEqual(
				out.map((o) => [o.amount, Boolean(o.replayed)]),
				amounts.map((a) => [a, false]),
			);
		},
	);
}

async function main() {
	await install.ensureInstalled();
	log(`n8n ${install.installedN8nVersion()}: exactly once however n8n runs the payout`);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-001k-runs-'));
	const userFolder = path.join(workDir, 'user');
	const tarball = stack.buildAndPack();
	stack.installIntoUserFolder(tarball, userFolder);
	const sb = await startSandbox({
		port: 0,
		stepMs: 300,
		requestLogSize: 100000,
		readings: { customIdReuse: 'existing' },
	});
	const env = stack.n8nEnv({
		userFolder,
		port: await stack.freePort(),
		brokerPort: await stack.freePort(),
		encryptionKey: crypto.randomBytes(24).toString('hex'),
		extra: { N8N_LOG_LEVEL: 'info' },
	});
	const h = harness({ sb, env, logFile: path.join(workDir, 'n8n.log') });
	try {
		await check('import the workflows and a credential; publish them', async () => {
			await importAll(env, workDir, sb, Object.values(wfs));
			sb.admin.setBalance({ user: USER, currency: 'BTC', available: '1' });
			await h.start();
		});
		if (!process.env.RUNS_ONLY || process.env.RUNS_ONLY === 'sub') await subWorkflows(h, sb);
		if (!process.env.RUNS_ONLY || process.env.RUNS_ONLY === 'rof') await retryOnFail(h, sb);
		if (!process.env.RUNS_ONLY || process.env.RUNS_ONLY === 'crash') await crashes(h, sb);
		await h.n8n.stop();
		if (!process.env.RUNS_ONLY || process.env.RUNS_ONLY === 'queue')
			await queueWorkerLost({ sb, workDir, tarball });
	} finally {
		if (h.n8n) await h.n8n.stop();
		await sb.stop();
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
		const ok = results.length && results.every((r) => r.ok);
		if (ok && !process.env.E2E_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
		else log(`Kept ${workDir} (n8n.log is there)`);
		log(`${results.filter((r) => r.ok).length}/${results.length} checks passed`);
	}
}

main().catch(() => process.exit(1));
