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
//  AI: the "AI treasury assistant" example imports and every node type in it is known to n8n; its
//  001k tools are published behind an MCP Server Trigger and called with a real MCP client
//  (scripts/lib/mcp.js): listed names and descriptions, a balance read, a dry run, a real
//  withdrawal and a spending-policy refusal returned as a tool error. No LLM runs here.
// Environment: E2E_KEEP=1 keeps the temp user folder; E2E_SKIP_BROWSER=1 skips step 5;
// E2E_BROWSER_ONLY=1 runs only n8n and the browser pass;
//   E2E_SCREENSHOTS=dir (default docs/screenshots); N8N_VERSION (default 2.41.1).
// Flags: --n8n <version> (same as N8N_VERSION; 1.x runs on this machine's Node 20),
//   --queue: queue mode as n8n's docs lay it out (EXECUTIONS_MODE=queue on a private Postgres
//   and redis-server; n8n main, two `n8n worker`s, two `n8n webhook` processes behind a
//   round-robin proxy, main off production webhooks): the action examples run as production
//   executions on the workers (webhook variants; `n8n execute` has no queue mode), the deposit
//   callbacks arrive through the proxy, a 001k Poll Trigger workflow polls every minute (its state
//   must survive from one poll to the next), the sandbox enforces its rate limits; then the
//   measurements of scripts/lib/e2e-distributed.js, printed as a table. No browser pass.
// main() lists the steps; what they stand up is in scripts/lib/e2e-setup.js, the action examples
// in scripts/lib/e2e-actions.js, the deposit callbacks in scripts/lib/e2e-trigger.js.
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
	if (argv[i] === '--n8n') process.env.N8N_VERSION = argv[++i];
	else if (argv[i].startsWith('--n8n=')) process.env.N8N_VERSION = argv[i].slice(6);
	else if (argv[i] === '--queue') process.env.E2E_QUEUE = '1';
	else throw new Error(`unknown argument ${argv[i]} (use --n8n <version>, --queue)`);
}
const QUEUE = Boolean(process.env.E2E_QUEUE);
// E2E_BROWSER_ONLY=1: n8n with the package and the browser pass alone, for iterating on a browser step.
const BROWSER_ONLY = Boolean(process.env.E2E_BROWSER_ONLY) && !QUEUE;

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const stack = require('./lib/stack');
const setup = require('./lib/e2e-setup');
const actions = require('./lib/e2e-actions');
const { depositCallbacks } = require('./lib/e2e-trigger');
const queue = require('./lib/queue');
const distributed = require('./lib/e2e-distributed');
const rest = require('./lib/rest');
const ai = require('./lib/e2e-ai');

const { log, install } = stack;
/** The run: every check's result in order, what to undo at the end, whether it failed. */
const run = { results: [], cleanups: [], failed: false };

async function check(name, fn) {
	const t = Date.now();
	try {
		await fn();
		run.results.push({ name, ok: true, ms: Date.now() - t });
		log(`✓ ${name} (${install.fmt(Date.now() - t)})`);
	} catch (e) {
		run.results.push({ name, ok: false, ms: Date.now() - t, error: e });
		log(`✗ ${name}: ${e.message}`);
		throw e;
	}
}

async function main() {
	const t0 = Date.now();
	const ctx = await newRun();
	setup.installPackage(ctx);
	await setup.startServices(ctx);
	await setup.instanceEnv(ctx);
	setup.workflowsToImport(ctx);
	await importWorkflows(ctx);
	if (BROWSER_ONLY) return await browserOnly(ctx, t0);
	if (QUEUE) await setup.startN8nWithThePackage(ctx);
	await actions.runActionExamples(ctx);
	if (!QUEUE) {
		await actions.httpRequestNodeWithTheCredential(ctx);
		await exactlyOnceFromTheCli(ctx);
		await setup.startN8nWithThePackage(ctx);
		await exactlyOnceWithN8nServing(ctx);
	}
	await depositCallbacks(ctx);
	if (QUEUE) await queueMeasurements(ctx);
	else await credentialTestNamesTheFix(ctx);
	if (ctx.aiChecks) await aiTreasuryAssistant(ctx);
	await browserPass(ctx);
	await logIsClean(ctx);
	log(`All ${run.results.length} checks passed in ${install.fmt(Date.now() - t0)}.`);
}

async function browserOnly(ctx, t0) {
	await setup.startN8nWithThePackage(ctx);
	await browserPass(ctx);
	log(`E2E_BROWSER_ONLY: ${run.results.length} checks passed in ${install.fmt(Date.now() - t0)}.`);
}

/**
 * n8n installed (into the cache on first use) and a temp work folder for this run, removed after a
 * pass, kept (with n8n.log) after a failure or with E2E_KEEP=1. Returns the context the steps
 * share, each step adding what it stands up for the next: userFolder (installPackage); sb, redis,
 * pg, proxyPort (startServices); env, logFile, workerLogs, webhookLogs (instanceEnv); examples,
 * wfId, variants, pollWf, mcpWf, aiChecks, depositWf (workflowsToImport); distWfs (importWorkflows);
 * n8n, cookie, webhooks, proxy (startN8nWithThePackage).
 */
async function newRun() {
	await install.ensureInstalled();
	log(
		`n8n ${install.installedN8nVersion()} on Node ${install.NODE_VERSION}${QUEUE ? ', queue mode (Postgres, redis, main + 2 workers + 2 webhook processes)' : ''}`,
	);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-001k-e2e-'));
	run.cleanups.push(() => {
		if (process.env.E2E_KEEP || run.results.some((r) => !r.ok) || run.failed)
			log(`Kept ${workDir} (n8n.log is there)`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	});
	// Tool errors the MCP check provokes on purpose: n8n's log may show them.
	const expectedLogLines = [];
	return { queue: QUEUE, check, cleanups: run.cleanups, workDir, expectedLogLines };
}

async function importWorkflows(ctx) {
	const { env, workDir, sb, mcpWf, examples, variants } = ctx;
	await check('import credential + example workflows (n8n CLI)', async () => {
		await stack.importAll(env, workDir, sb.url);
		if (mcpWf)
			await stack.n8nCli(env, [
				'import:workflow',
				`--input=${path.join(workDir, 'mcp-workflow.json')}`,
			]);
		if (QUEUE)
			await stack.n8nCli(env, [
				'import:workflow',
				'--separate',
				`--input=${path.join(workDir, 'queue-workflows')}`,
			]);
		if (QUEUE) ctx.distWfs = await distributed.prepare({ env, workDir, sb });
		const { stdout } = await stack.n8nCli(env, ['list:workflow']);
		for (const w of Object.values(examples))
			assert.ok(stdout.includes(w.id), `workflow ${w.id} not imported:\n${stdout}`);
		for (const w of Object.values(variants))
			assert.ok(stdout.includes(w.id), `workflow ${w.id} not imported:\n${stdout}`);
	});
}

/** scripts/e2e-exactly-once.js reads the run through this. */
function exactlyOnceContext(ctx) {
	const { env, workDir, sb } = ctx;
	return {
		check,
		env,
		workDir,
		sb,
		itemsOf: actions.itemsOf,
		execute: (id) => actions.execute(env, id),
		executeFailing: async (id) => {
			const { code, stdout } = await stack.n8nCli(env, ['execute', `--id=${id}`, '--rawOutput'], {
				allowFail: true,
			});
			assert.notEqual(code, 0, `workflow ${id} was expected to fail:\n${stdout.slice(-1000)}`);
		},
	};
}

/** Exactly once by intent, the idioms run from the CLI before n8n serves (the failed runs kept). */
async function exactlyOnceFromTheCli(ctx) {
	const exactlyOnce = require('./e2e-exactly-once');
	await exactlyOnce.beforeStart(exactlyOnceContext(ctx));
}

/** Exactly once by intent, with n8n serving: REST retries, the published webhook, the schedule. */
async function exactlyOnceWithN8nServing(ctx) {
	const exactlyOnce = require('./e2e-exactly-once');
	const { n8n, cookie } = ctx;
	await exactlyOnce.afterStart({
		...exactlyOnceContext(ctx),
		n8n,
		cookie,
		waitForExecutions: rest.waitForExecutions,
		executionData: async (id) => (await rest.execution(n8n.url, cookie, id)).data,
		failed: async (workflowId) =>
			(await rest.executionsOf(n8n.url, cookie, workflowId)).filter(
				(e) => e.status === 'error' || e.status === 'crashed',
			),
	});
}

/** Queue mode: no 429 so far, then the measurements of scripts/lib/e2e-distributed.js as a table. */
async function queueMeasurements(ctx) {
	const { sb, n8n, cookie, proxy, webhooks, distWfs, depositWf, workerLogs, pg, pollWf } = ctx;
	const table = [];
	await check(
		'rate limits: no request got a 429 before the two-worker burst (sandbox request log)',
		async () => {
			const list = sb.admin.requests();
			const n429 = list.filter((r) => r.status === 429).length;
			log(`  ${list.length} API requests in the sandbox log, ${n429} answered 429`);
			assert.ok(list.length > 0, 'empty request log');
			assert.equal(n429, 0, `${n429} requests got 429`);
		},
	);
	const dctx = {
		sb,
		n8n,
		cookie,
		proxy,
		webhooks,
		wfs: distWfs,
		depositWf,
		workerLogs,
		table,
		pg,
	};
	await check(
		'one callback at both webhook processes (at once, 3 s apart) → exactly one withdrawal per deposit',
		() => distributed.duplicateCallbacks(dctx),
	);
	await check('100 deposit callbacks through the proxy → none lost, one execution each', () =>
		distributed.hundredCallbacks(dctx),
	);
	await check(
		'two workers, one API key: swap bursts + Return All at once → 0 failed items, 429s absorbed',
		() => distributed.twoWorkers(dctx),
	);
	await check(
		'poll trigger (every minute): its state survives from one poll to the next (Postgres)',
		async () => {
			await distributed.pollState({
				...dctx,
				workflowId: pollWf.id,
				ranOnWorker: (executionId) => queue.ranOnWorker(workerLogs, executionId),
			});
		},
	);
	distributed.printTable(table, path.join(stack.repoDir, 'test-results', 'e2e-queue-table.md'));
}

async function credentialTestNamesTheFix({ n8n, cookie, sb }) {
	await check(
		'credential Test with a wrong secret names the 001k error code and the fix',
		async () => {
			await ai.checkCredentialTest(n8n.url, cookie, sb.url);
		},
	);
}

/** n8n 2.x: the AI treasury assistant example, and its tools through an MCP Server Trigger. */
async function aiTreasuryAssistant({ n8n, cookie, sb, examples, mcpWf, expectedLogLines }) {
	await check(
		'AI treasury assistant: imported, every node type known to n8n, tools behind human review',
		async () => {
			await ai.checkImported(n8n.url, cookie, examples['ai-treasury-assistant'].wf, rest.restGet);
		},
	);
	await check(
		'MCP Server Trigger + real MCP client: tools listed, balance read, dry run, withdrawal, policy refusal',
		async () => {
			expectedLogLines.push(...(await ai.checkMcp({ url: n8n.url, wf: mcpWf, sb, log })));
		},
	);
}

async function browserPass({ n8n, sb, examples, wfId }) {
	if (QUEUE) {
		log('queue mode: no browser pass');
	} else if (process.env.E2E_SKIP_BROWSER) {
		log('E2E_SKIP_BROWSER set: skipping the browser checks');
	} else {
		await check(
			'editor in headless Chromium: sign in, find "001k", open the node, test the credential',
			async () => {
				const { runBrowserChecks } = require('./e2e-browser');
				await runBrowserChecks({
					url: n8n.url,
					owner: stack.OWNER,
					// The screenshots in docs/ come from the default n8n; other versions' go to test-results/.
					screenshotsDir:
						process.env.E2E_SCREENSHOTS ||
						(install.N8N_VERSION === install.DEFAULT_N8N_VERSION
							? path.join(stack.repoDir, 'docs', 'screenshots')
							: path.join(stack.repoDir, 'test-results', `screenshots-n8n-${install.N8N_VERSION}`)),
					failuresDir: path.join(stack.repoDir, 'test-results'),
					sandbox: sb,
					log,
					sweepWorkflowId: wfId('sweep-to-cold-wallet'),
					balanceWorkflowId: wfId('balance-report'),
					balanceWorkflowNodes: examples['balance-report'].wf.nodes.map((n) => n.name),
				});
			},
		);
	}
}

async function logIsClean({ logFile, workerLogs, webhookLogs, expectedLogLines }) {
	await check("n8n's log has no warning or error about the package", async () => {
		const text = [logFile, ...workerLogs, ...webhookLogs]
			.map((f) => fs.readFileSync(f, 'utf8'))
			.join('\n');
		// Minus the tool errors the MCP check provoked on purpose (policy refusals), matched exactly.
		const problems = stack
			.packageProblems(text)
			.filter((line) => !expectedLogLines.some((m) => m && line.includes(m)));
		assert.deepEqual(problems, [], `n8n logged:\n${problems.join('\n')}`);
	});
}

async function cleanup() {
	stack.stopCli();
	for (const fn of run.cleanups.reverse()) {
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
		run.failed = true;
		if (!run.results.some((r) => !r.ok)) log(`✗ ${e.stack || e.message}`);
		else
			log(
				String(e.stack || e.message)
					.split('\n')
					.slice(0, 30)
					.join('\n'),
			);
		await cleanup();
		process.exit(1);
	});
