'use strict';
// What `npm run test:e2e` (scripts/e2e.js) stands up in its work folder before and between its
// checks: the package installed as n8n installs a community node, the 001k sandbox (queue mode:
// redis and Postgres too), the environment every n8n process runs with, the workflows to import;
// then the published workflows and n8n itself (queue mode: main, two workers, two webhook
// processes and the round-robin proxy before them). Each step fills in the run's context.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const assert = require('node:assert/strict');

const stack = require('./stack');
const queue = require('./queue');
const postgres = require('./postgres');
const { startProxy } = require('./proxy');
const { waitUntil } = require('./wait');
const { startSandbox } = require('../../sandbox');
const ai = require('./e2e-ai');

const { log, install } = stack;

/** build + pack, then install into <workDir>/user/.n8n/nodes as n8n's "Install community node" does. */
function installPackage(ctx) {
	ctx.userFolder = path.join(ctx.workDir, 'user');
	log(`Temp user folder ${ctx.userFolder}`);
	const tarball = stack.buildAndPack();
	stack.installIntoUserFolder(tarball, ctx.userFolder);
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
}

/** The 001k sandbox; in queue mode redis and Postgres too, and a port for the proxy. */
async function startServices(ctx) {
	const { queue: QUEUE, workDir, cleanups } = ctx;
	// A fixed sandbox port when free keeps the screenshots (which show the Base URL) stable.
	const sandboxPort = (await stack.portInUse(4091)) ? 0 : 4091;
	// Queue mode: the sandbox enforces its rate limits; the run must not see a single 429.
	// customIdReuse 'existing': the doc's riskiest reading (a reused custom_id returns the first operation).
	const sb = await startSandbox({
		port: sandboxPort,
		stepMs: 300,
		rateLimits: QUEUE,
		callbackBackoffMs: 500,
		// Queue mode: 001k's retries as the doc promises them ("you will always receive callbacks for the
		// final states"): more attempts and patience than the sandbox's default, for a loaded cluster.
		...(QUEUE ? { callbackMaxAttempts: 8, callbackTimeoutMs: 15000 } : {}),
		requestLogSize: 100000,
		readings: { customIdReuse: 'existing' },
	});
	ctx.sb = sb;
	cleanups.push(() => sb.stop());
	log(`Sandbox on ${sb.url}${QUEUE ? ' (rate limits on)' : ''}`);

	ctx.proxyPort = QUEUE ? await stack.freePort() : null;
	if (QUEUE) {
		const redis = await queue.startRedis({
			port: await stack.freePort(),
			logFile: path.join(workDir, 'redis.log'),
			log,
		});
		ctx.redis = redis;
		cleanups.push(() => redis.stop());
		log(`redis-server on 127.0.0.1:${redis.port} (pid ${redis.pid})`);
		const pg = await postgres.startPostgres({
			port: await stack.freePort(),
			logFile: path.join(workDir, 'postgres.log'),
			log,
		});
		ctx.pg = pg;
		cleanups.push(() => pg.stop());
		log(`PostgreSQL ${pg.version} on 127.0.0.1:${pg.port} (pid ${pg.pid})`);
	}
}

/** The environment every n8n process of the instance runs with (CLI, main, workers, webhooks), and where each logs. */
async function instanceEnv(ctx) {
	// Queue mode: main takes no production webhooks; they reach the webhook processes through the proxy.
	const queueExtra = ctx.queue
		? {
				...queue.queueEnv(ctx.redis.port),
				...ctx.pg.env,
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
				WEBHOOK_URL: `http://127.0.0.1:${ctx.proxyPort}/`,
			}
		: {};

	const port = await stack.freePort();
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	ctx.env = stack.n8nEnv({
		userFolder: ctx.userFolder,
		port,
		brokerPort: await stack.freePort(),
		encryptionKey,
		extra: { N8N_LOG_LEVEL: 'info', ...queueExtra },
	});
	const { workDir } = ctx;
	ctx.logFile = path.join(workDir, 'n8n.log');
	ctx.workerLogs = ctx.queue ? [1, 2].map((i) => path.join(workDir, `n8n-worker-${i}.log`)) : [];
	ctx.webhookLogs = ctx.queue ? [1, 2].map((i) => path.join(workDir, `n8n-webhook-${i}.log`)) : [];
}

/**
 * examples/*.json by name; in queue mode production-mode copies of the action examples and a
 * poll-trigger workflow; on n8n 2.x the AI example's tools behind an MCP Server Trigger.
 */
function workflowsToImport(ctx) {
	const { queue: QUEUE, workDir } = ctx;
	const examples = Object.fromEntries(
		stack.exampleWorkflows().map((w) => [path.basename(w.file, '.json'), w]),
	);
	ctx.examples = examples;
	ctx.wfId = (name) => {
		if (!examples[name]) throw new Error(`examples/${name}.json is missing`);
		return examples[name].id;
	};

	// Queue mode: production-mode copies of the action examples and a poll-trigger workflow.
	const variants = {};
	ctx.variants = variants;
	ctx.pollWf = QUEUE ? queue.pollWorkflow({ id: stack.CREDENTIAL_ID, name: '001k sandbox' }) : null;
	if (QUEUE) {
		const dir = path.join(workDir, 'queue-workflows');
		fs.mkdirSync(dir);
		for (const [name, w] of Object.entries(examples)) {
			if (!w.wf.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')) continue;
			variants[name] = queue.webhookVariant(w.wf, name);
			fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(variants[name], null, 2));
		}
		fs.writeFileSync(path.join(dir, 'poll.json'), JSON.stringify(ctx.pollWf, null, 2));
	}

	// n8n 2.x only: the human review step (…HitlTool) and MCP Server Trigger v2 are 2.x features.
	ctx.aiChecks = !QUEUE && install.N8N_MAJOR >= 2;
	ctx.mcpWf = ctx.aiChecks ? ai.mcpWorkflow(examples['ai-treasury-assistant'].wf) : null;
	if (ctx.mcpWf)
		fs.writeFileSync(path.join(workDir, 'mcp-workflow.json'), JSON.stringify(ctx.mcpWf, null, 2));
	ctx.depositWf = examples['deposit-callback-notification'];
}

/** Publishes the workflows that listen (deposit callbacks; queue mode: variants, poll; MCP), then starts n8n. */
async function startN8nWithThePackage(ctx) {
	const { queue: QUEUE, check, env } = ctx;
	await check(
		`activate the deposit-callback workflow (n8n ${install.N8N_MAJOR >= 2 ? 'publish:workflow' : 'update:workflow --active=true'})`,
		async () => {
			await stack.publishWorkflow(env, ctx.depositWf.id);
			for (const w of [
				...Object.values(ctx.variants),
				...(ctx.pollWf ? [ctx.pollWf] : []),
				...(ctx.mcpWf ? [ctx.mcpWf] : []),
			])
				await stack.publishWorkflow(env, w.id);
		},
	);

	await check(
		`n8n start${QUEUE ? ' (main) + 2 × n8n worker + 2 × n8n webhook + proxy' : ''} with the package loaded`,
		async () => {
			const n8n = await stack.startN8n(env, { logFile: ctx.logFile });
			ctx.n8n = n8n;
			ctx.cleanups.push(() => n8n.stop());
			if (QUEUE) await startWorkersWebhooksAndProxy(ctx);
			ctx.cookie = await stack.login(n8n.url);
			await packageLoaded(ctx);
			log(`  n8n ready on ${n8n.url} in ${install.fmt(n8n.startedInMs)}`);
		},
	);
}

/** Queue mode: two `n8n worker`s and two `n8n webhook` processes, then the proxy before the latter. */
async function startWorkersWebhooksAndProxy(ctx) {
	const { env, cleanups } = ctx;
	const webhooks = [];
	ctx.webhooks = webhooks;
	const started = [];
	for (const [i, file] of ctx.workerLogs.entries()) {
		const healthPort = await stack.freePort();
		const workerEnv = {
			...env,
			N8N_RUNNERS_BROKER_PORT: String(await stack.freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		};
		started.push(
			stack
				.startN8n(workerEnv, { logFile: file, command: 'worker', healthPort })
				.then((p) => ({ p, what: `worker ${i + 1}` })),
		);
	}
	for (const file of ctx.webhookLogs) {
		const whEnv = {
			...env,
			N8N_PORT: String(await stack.freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await stack.freePort()),
			// What docs/testing.md advises for webhook processes taking bursts: n8n's default pool of 2
			// answered most of a burst "503 Database is not ready!" beside a CPU hog.
			DB_POSTGRESDB_POOL_SIZE: '6',
		};
		delete whEnv.N8N_DISABLE_PRODUCTION_MAIN_PROCESS; // main's switch, not theirs
		started.push(
			stack
				.startN8n(whEnv, { logFile: file, command: 'webhook' })
				.then((p) => (webhooks.push(p), { p, what: `webhook process ${webhooks.length}` })),
		);
	}
	for (const { p, what } of await Promise.all(started)) {
		cleanups.push(() => p.stop());
		log(`  ${what} ready in ${install.fmt(p.startedInMs)} (pid ${p.child.pid})`);
	}
	const proxy = await startProxy({
		port: ctx.proxyPort,
		upstreams: webhooks.map((w) => Number(new URL(w.url).port)),
	});
	ctx.proxy = proxy;
	cleanups.push(() => proxy.stop());
	log(`  round-robin proxy on ${proxy.url} → ${webhooks.map((w) => w.url).join(', ')}`);
}

/** n8n loaded our three node types and the credential type (read until it has, 60 s). */
async function packageLoaded({ n8n, cookie }) {
	const ours = [
		'n8n-nodes-001k.zeroZeroOneK',
		'n8n-nodes-001k.zeroZeroOneKTrigger',
		'n8n-nodes-001k.zeroZeroOneKPollTrigger',
	];
	await waitUntil(
		'the 001k node types and credential type loaded',
		async () => {
			const types = await stack.loadedTypes(n8n.url, cookie);
			return [
				...ours.filter((t) => !types.nodes.includes(t)),
				...(types.credentials.includes('zeroZeroOneKApi') ? [] : ['zeroZeroOneKApi']),
			];
		},
		(missing) => !missing.length,
		{
			timeoutMs: 60000,
			everyMs: 1000,
			show: (missing) => `not loaded: ${missing.join(', ')}`,
		},
	);
	await iconsServed(n8n.url, cookie, [...ours, 'zeroZeroOneKApi']);
}

/** Each type's light and dark icon (one top-level icons/ folder in the package) as n8n serves it. */
async function iconsServed(url, cookie, types) {
	const { iconUrls } = await stack.loadedTypes(url, cookie);
	for (const type of types) {
		const { light, dark } = iconUrls[type] ?? {};
		assert.ok(light && dark, `${type}: n8n lists no light and dark iconUrl`);
		for (const icon of [light, dark]) {
			const res = await fetch(`${url}/${icon}`, { headers: { cookie } });
			const body = await res.text();
			assert.ok(res.ok && body.includes('<svg'), `${type}: GET /${icon} → ${res.status}`);
		}
	}
}

module.exports = {
	installPackage,
	startServices,
	instanceEnv,
	workflowsToImport,
	startN8nWithThePackage,
};
