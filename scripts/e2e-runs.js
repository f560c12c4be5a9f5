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
const { startSandbox } = require('../sandbox');
const queue = require('./lib/queue');
const postgres = require('./lib/postgres');
const { USER, wfs, crashPayouts } = require('./lib/runs-workflows');
const { until, harness, crashThenRetry, importAll } = require('./lib/runs-stack');

const { log, install } = stack;
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

/**
 * The sub-workflow idioms; `digit` keeps each leg's amounts apart (0.00<digit>n0000) on the shared
 * sandbox, and `tight` is a balance that pays A but not B.
 */
async function subWorkflows(h, sb, { digit = 1, tight = '0.0015', where = '' } = {}) {
	const amount = (n) => `0.00${digit}${n}0000`;
	const [a, b, once, twin] = [1, 2, 3, 4].map(amount);
	await check(
		`sub-workflow${where}: parent retried after a partial batch → A once, B once`,
		async () => {
			sb.admin.setBalance({ user: USER, currency: 'BTC', available: tight });
			const before = (await h.executions(wfs.parentEvent)).length;
			await h.post('runs-parent', { payouts: [{ amount: a }, { amount: b }] });
			const [run] = await h.settled(wfs.parentEvent, before + 1);
			assert.equal(run.status, 'error', `the batch was expected to fail on B, not ${run.status}`);
			assert.equal(h.ops(a).length, 1, 'A was not paid by the first run');
			assert.equal(h.ops(b).length, 0, 'B was paid by the first run');
			sb.admin.setBalance({ user: USER, currency: 'BTC', available: '1' });
			await h.retry(run.id);
			assert.equal(h.ops(a).length, 1, 'A was paid twice');
			assert.equal(h.ops(b).length, 1, 'B was not paid exactly once');
		},
	);
	await check(`sub-workflow${where}: the parent event delivered twice → paid once`, async () => {
		const body = { batch: `P-${digit}`, payouts: [{ amount: once }] };
		const before = (await h.executions(wfs.parentEvent)).length;
		await h.post('runs-parent', body);
		await h.post('runs-parent', body);
		await h.settled(wfs.parentEvent, before + 2);
		assert.equal(h.ops(once).length, 1, 'one parent event paid twice');
	});
	await check(
		`sub-workflow${where}: two identical items, "run once for each item" → paid twice`,
		async () => {
			const before = (await h.executions(wfs.parentEvent)).length;
			await h.post('runs-parent', { payouts: [{ amount: twin }, { amount: twin }] });
			await h.settled(wfs.parentEvent, before + 1);
			assert.equal(h.ops(twin).length, 2, 'two identical payouts paid once');
		},
	);
	if (where) return;
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
	const h = harness({
		sb,
		env,
		logFile: path.join(logDir, 'main.log'),
		published: [wfs.sub],
	});
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
		await importAll(env, logDir, sb, [wfs.crashQueue, wfs.sub, wfs.parentEvent]);
		await h.start();
		worker = await startWorker(1);
		await subWorkflows(h, sb, { digit: 2, tight: '0.0025', where: ' (queue mode)' });
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
	const h = harness({ sb, env, logFile: path.join(workDir, 'n8n.log'), published: [wfs.sub] });
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
