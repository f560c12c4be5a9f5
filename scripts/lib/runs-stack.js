'use strict';
// The running stack of scripts/e2e-runs.js: one restartable n8n signed in over REST, the sandbox's
// books, and the crash-then-retry step shared by the regular and queue-mode checks.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const stack = require('./stack');
const rest = require('./rest');
const { waitUntil } = require('./wait');
const { CRED, USER } = require('./runs-workflows');

const { log } = stack;

/** Waits until `read()` gives a truthy value (a non-empty list), with a bound. */
const until = (what, read, timeoutMs = 120000) =>
	waitUntil(what, read, (v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)), {
		timeoutMs,
		everyMs: 300,
		show: (v) => JSON.stringify(v)?.slice(0, 300),
	});

/** The running stack: sandbox, one n8n process (restartable), a signed-in cookie. */
function harness({ sb, env, logFile, published = [] }) {
	const h = { n8n: null, cookie: null };
	h.start = async (extra = {}) => {
		h.n8n = await stack.startN8n({ ...env, ...extra }, { logFile });
		h.cookie = await stack.login(h.n8n.url);
		// n8n activates published workflows after it reports ready: a sub-workflow called before is "not active".
		for (const wf of published)
			await until(`${wf.name} to be active`, async () => {
				const stored = await rest.restGet(h.n8n.url, h.cookie, `/rest/workflows/${wf.id}`);
				return Boolean(stored.activeVersionId ?? stored.activeVersion ?? stored.active);
			});
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

module.exports = { until, harness, crashThenRetry, importAll };
