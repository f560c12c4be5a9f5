#!/usr/bin/env node
'use strict';
// npm run test:e2e: the package in a real n8n 2.41.1 (installed into the cache on first use),
// headless, against the local 001k sandbox.
//  1. build + pack, install into a fresh <N8N_USER_FOLDER>/.n8n/nodes as n8n does
//  2. import the "001k API" credential and examples/*.json with the n8n CLI
//  3. `n8n execute --id=X --rawOutput` each action example; check its output and the sandbox
//  4. publish the deposit-callback workflow, `n8n start`, let the sandbox deliver callbacks to
//     the production webhook URL; check one execution per deposit (REST /rest/executions)
//  5. headless Chromium: sign in, find "001k", open the node, test the credential, screenshots
//  6. n8n's log has no warning or error about the package
// Environment: E2E_KEEP=1 keeps the temp user folder; E2E_SKIP_BROWSER=1 skips step 5;
//   E2E_SCREENSHOTS=dir (default docs/screenshots).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const stack = require('./lib/stack');
const { startSandbox } = require('../sandbox');

const { log, install } = stack;
const results = [];
const cleanups = [];
let failed = false;

async function check(name, fn) {
	const t = Date.now();
	try {
		await fn();
		results.push({ name, ok: true, ms: Date.now() - t });
		log(`✓ ${name} (${install.fmt(Date.now() - t)})`);
	} catch (e) {
		results.push({ name, ok: false, ms: Date.now() - t, error: e });
		log(`✗ ${name}: ${e.message}`);
		throw e;
	}
}

/** The JSON `n8n execute --rawOutput` prints (after any log lines). */
function parseRun(stdout) {
	const start = stdout.search(/^\{/m);
	const end = stdout.lastIndexOf('}');
	if (start < 0 || end < start) throw new Error(`no JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	return JSON.parse(stdout.slice(start, end + 1));
}

/** Items a node output (first run, first output). */
function itemsOf(run, nodeName, output = 0) {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return (runs[0].data?.main?.[output] ?? []).map((i) => i.json);
}

async function execute(env, id) {
	const { stdout } = await stack.n8nCli(env, ['execute', `--id=${id}`, '--rawOutput']);
	const run = parseRun(stdout);
	assert.equal(run.status, 'success', `execution status ${run.status}`);
	return run;
}

async function main() {
	const t0 = Date.now();
	await install.ensureInstalled();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-001k-e2e-'));
	// Removed after a pass; kept (with n8n.log) after a failure or with E2E_KEEP=1.
	cleanups.push(() => {
		if (process.env.E2E_KEEP || results.some((r) => !r.ok) || failed) log(`Kept ${workDir} (n8n.log is there)`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	});
	const userFolder = path.join(workDir, 'user');
	log(`Temp user folder ${userFolder}`);

	const tarball = stack.buildAndPack();
	stack.installIntoUserFolder(tarball, userFolder);
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

	// A fixed sandbox port when free keeps the screenshots (which show the Base URL) stable.
	const sandboxPort = (await stack.portInUse(4091)) ? 0 : 4091;
	const sb = await startSandbox({ port: sandboxPort, stepMs: 300, rateLimits: false, callbackBackoffMs: 500 });
	cleanups.push(() => sb.stop());
	log(`Sandbox on ${sb.url}`);

	const port = await stack.freePort();
	const env = stack.n8nEnv({
		userFolder,
		port,
		brokerPort: await stack.freePort(),
		encryptionKey: crypto.randomBytes(24).toString('hex'),
		extra: { N8N_LOG_LEVEL: 'info' },
	});
	const examples = Object.fromEntries(stack.exampleWorkflows().map((w) => [path.basename(w.file, '.json'), w]));
	const wfId = (name) => {
		if (!examples[name]) throw new Error(`examples/${name}.json is missing`);
		return examples[name].id;
	};

	await check('import credential + example workflows (n8n CLI)', async () => {
		await stack.importAll(env, workDir, sb.url);
		const { stdout } = await stack.n8nCli(env, ['list:workflow']);
		for (const w of Object.values(examples)) assert.ok(stdout.includes(w.id), `workflow ${w.id} not imported:\n${stdout}`);
	});

	// History for the reconciliation export: more than one page (the API pages at 200).
	sb.admin.seed({ type: 'withdrawal', count: 230, currency: 'USDT', custom_id_prefix: 'hist-' });

	await check('execute: balance report', async () => {
		const run = await execute(env, wfId('balance-report'));
		const [report] = itemsOf(run, 'One report');
		const btc = report.balances.find((b) => b.currency === 'BTC');
		assert.ok(btc, 'no BTC line');
		assert.match(btc.line, /^BTC: 5(\.0+)? available/);
	});

	await check('execute: sweep to the cold wallet after an AML check', async () => {
		const run = await execute(env, wfId('sweep-to-cold-wallet'));
		const [aml] = itemsOf(run, 'AML check of the cold wallet');
		assert.equal(aml.status, 'success');
		const [w] = itemsOf(run, 'Withdraw the surplus');
		assert.ok(w && w.code, 'no withdrawal created');
		const state = await (await fetch(`${sb.url}/__admin/state`)).json();
		const ops = JSON.stringify(state);
		assert.ok(ops.includes(w.code), 'the withdrawal is not in the sandbox state');
		const op = sb.admin.getOp('withdrawal', w.code);
		assert.equal(op.currency, 'BTC');
		assert.equal(Number(op.amount), 4, `swept ${op.amount}, expected 4 (5 - 1 kept)`);
		assert.equal(op.address, 'bc1qcoldwallet0000000000000000000000treasury');
	});

	await check('execute: DCA limit order', async () => {
		const run = await execute(env, wfId('dca-limit-orders'));
		const [order] = itemsOf(run, 'Buy with a limit order');
		const op = sb.admin.getOp('limit_order', order.code);
		assert.equal(op.pair, 'BTCUSDT');
		assert.equal(op.side, 'buy');
	});

	await check('execute: nightly reconciliation export (Return All)', async () => {
		const run = await execute(env, wfId('nightly-withdrawals-reconciliation'));
		const rows = itemsOf(run, 'Ledger columns');
		const state = await (await fetch(`${sb.url}/__admin/state`)).json();
		const expected = countWithdrawals(state);
		assert.ok(expected > 200, `only ${expected} withdrawals in the sandbox`);
		assert.equal(rows.length, expected, `exported ${rows.length} of ${expected} withdrawals`);
		assert.equal(new Set(rows.map((r) => r.code)).size, expected, 'duplicate rows');
		const csv = run.data.resultData.runData['CSV export'][0].data.main[0];
		assert.equal(csv.length, 1, 'one CSV file');
		assert.match(csv[0].binary.data.fileName, /^001k-withdrawals-\d{4}-\d\d-\d\d\.csv$/);
	});

	const depositWf = examples['deposit-callback-notification'];
	await check('publish the deposit-callback workflow (n8n publish:workflow)', async () => {
		await stack.n8nCli(env, ['publish:workflow', `--id=${depositWf.id}`]);
	});

	const logFile = path.join(workDir, 'n8n.log');
	let n8n;
	let cookie;
	await check('n8n start with the package loaded', async () => {
		n8n = await stack.startN8n(env, { logFile });
		cleanups.push(() => n8n.stop());
		cookie = await stack.login(n8n.url);
		const types = await stack.loadedTypes(n8n.url, cookie);
		assert.ok(types.nodes.includes('n8n-nodes-001k.zeroZeroOneK'), 'zeroZeroOneK not loaded');
		assert.ok(types.nodes.includes('n8n-nodes-001k.zeroZeroOneKTrigger'), 'zeroZeroOneKTrigger not loaded');
		assert.ok(types.credentials.includes('zeroZeroOneKApi'), 'credential type not loaded');
		log(`  n8n ready on ${n8n.url} in ${install.fmt(n8n.startedInMs)}`);
	});


	await check('deposit callbacks → production webhook → one execution per deposit', async () => {
		const trigger = depositWf.wf.nodes.find((n) => n.type === 'n8n-nodes-001k.zeroZeroOneKTrigger');
		const callbackUrl = `${n8n.url}/webhook/${trigger.webhookId}/deposit`;
		// A forged callback (unknown code) is refused and starts nothing.
		const forged = await fetch(callbackUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ code: 'D-FORGED-1', status: 'success', amount: '100', currency: 'BTC' }),
		});
		assert.equal(forged.status, 404, `forged callback answered ${forged.status}`);
		const deposits = [
			sb.admin.createDeposit({ currency: 'BTC', amount: '0.25', callback_url: callbackUrl }),
			sb.admin.createDeposit({ currency: 'USDT', method: 'USDTTRC20', amount: '1500', callback_url: callbackUrl }),
		];
		const codes = deposits.map((d) => d.code);
		// Wait until both reached success and their callbacks were delivered.
		const deadline = Date.now() + 90000;
		for (;;) {
			const done = codes.every((code) =>
				sb.admin
					.callbacks()
					.some((c) => c.code === code && c.status === 'success' && c.result === 'delivered'),
			);
			if (done) break;
			if (Date.now() > deadline) {
				const seen = sb.admin.callbacks().map((c) => `${c.code} ${c.status} ${c.result} ${c.responses}`);
				throw new Error(`final callbacks not delivered; deliveries: ${seen.join('; ')}`);
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		// Deliver the final callback of the first deposit a second time: n8n must not run twice.
		const again = await fetch(callbackUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(sb.admin.getOp('deposit', codes[0])),
		});
		assert.equal(again.status, 200);
		const executions = await waitForExecutions(n8n.url, cookie, depositWf.id, codes.length);
		assert.equal(executions.length, codes.length, `${executions.length} executions for ${codes.length} deposits`);
		for (const e of executions) assert.equal(e.status, 'success', `execution ${e.id} ${e.status}`);
		const seen = [];
		for (const e of executions) {
			const full = await restGet(n8n.url, cookie, `/rest/executions/${e.id}`);
			const data = JSON.stringify(full);
			const code = codes.find((c) => data.includes(c));
			assert.ok(code, `execution ${e.id} carries none of ${codes}`);
			seen.push(code);
		}
		assert.deepEqual(seen.sort(), [...codes].sort(), 'one execution per deposit');
	});

	if (process.env.E2E_SKIP_BROWSER) {
		log('E2E_SKIP_BROWSER set: skipping the browser checks');
	} else {
		await check('editor in headless Chromium: sign in, find "001k", open the node, test the credential', async () => {
			const { runBrowserChecks } = require('./e2e-browser');
			await runBrowserChecks({
				url: n8n.url,
				owner: stack.OWNER,
				screenshotsDir: process.env.E2E_SCREENSHOTS || path.join(stack.repoDir, 'docs', 'screenshots'),
				failuresDir: path.join(stack.repoDir, 'test-results'),
				sandbox: sb,
				log,
				sweepWorkflowId: wfId('sweep-to-cold-wallet'),
			});
		});
	}

	await check("n8n's log has no warning or error about the package", async () => {
		const text = fs.readFileSync(logFile, 'utf8');
		const problems = stack.packageProblems(text);
		assert.deepEqual(problems, [], `n8n logged:\n${problems.join('\n')}`);
	});

	log(`All ${results.length} checks passed in ${install.fmt(Date.now() - t0)}.`);
}

function countWithdrawals(state) {
	// /__admin/state lists operations by type; count the withdrawals of the demo user.
	const ops = state.operations ?? state.ops ?? {};
	const list = Array.isArray(ops) ? ops.filter((o) => o.type === 'withdrawal') : ops.withdrawal ?? ops.withdrawals ?? [];
	return list.filter((o) => (o.userId ?? o.user ?? 'demo') === 'demo').length;
}

async function restGet(url, cookie, p) {
	const res = await fetch(`${url}${p}`, { headers: { cookie } });
	if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
	return (await res.json()).data;
}

/** Waits for `count` finished executions, then a little longer to see that no extra one comes. */
async function waitForExecutions(url, cookie, workflowId, count) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = async () => (await restGet(url, cookie, `/rest/executions?filter=${filter}`)).results;
	const deadline = Date.now() + 60000;
	let finished = [];
	while (Date.now() < deadline) {
		const all = await list();
		finished = all.filter((e) => e.status !== 'running' && e.status !== 'new');
		if (finished.length >= count && finished.length === all.length) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	await new Promise((r) => setTimeout(r, 3000));
	return await list();
}

async function cleanup() {
	for (const fn of cleanups.reverse()) {
		try {
			await fn();
		} catch (e) {
			log(`cleanup: ${e.message}`);
		}
	}
}

process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
process.on('SIGTERM', () => cleanup().then(() => process.exit(143)));

main()
	.then(cleanup)
	.catch(async (e) => {
		failed = true;
		if (!results.some((r) => !r.ok)) log(`✗ ${e.stack || e.message}`);
		else log(String(e.stack || e.message).split('\n').slice(0, 30).join('\n'));
		await cleanup();
		process.exit(1);
	});
