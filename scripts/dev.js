#!/usr/bin/env node
'use strict';
// npm run dev: the package in a real n8n, against the local 001k sandbox.
//   builds + packs the package, installs it into <N8N_USER_FOLDER>/.n8n/nodes (as n8n's
//   "Install community node" does), starts the sandbox, installs n8n + Node 24 into the cache on
//   the first run, imports the "001k API" credential and examples/*.json, starts n8n on
//   127.0.0.1 and prints the URL and login. Ctrl-C stops everything it started.
// Environment: N8N_VERSION (2.41.1; e.g. 1.123.81 runs n8n 1.x on this Node), N8N_PORT (5678), SANDBOX_PORT (4001), SANDBOX_STEP_MS (2000),
//   N8N_DEV_USER_FOLDER (<cache>/dev-user-folder), DEV_EXIT_WHEN_READY=1 (start, check, stop).
const fs = require('node:fs');
const path = require('node:path');

const stack = require('./lib/stack');
const { startSandbox } = require('../sandbox');

const { log, install } = stack;

const cleanups = [];
let stopping = false;
async function stopAll(code) {
	if (stopping) return;
	stopping = true;
	if (cleanups.length) log('Stopping …');
	for (const fn of cleanups.reverse()) {
		try {
			await fn();
		} catch (e) {
			log(`  ${e.message}`);
		}
	}
	if (cleanups.length) log('Stopped.');
	process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function main() {
	const t0 = Date.now();
	const port = Number(process.env.N8N_PORT || 5678);
	const sandboxPort = Number(process.env.SANDBOX_PORT || 4001);
	if (port === 5679)
		throw new Error('5679 is the task-runner broker port of n8n: choose another N8N_PORT');
	for (const [name, p] of [
		['N8N_PORT', port],
		['SANDBOX_PORT', sandboxPort],
	]) {
		if (await stack.portInUse(p)) throw new Error(`port ${p} is already in use (set ${name})`);
	}

	await install.ensureInstalled();

	const userFolder =
		process.env.N8N_DEV_USER_FOLDER ||
		path.join(
			install.cacheRoot,
			// one database per n8n line: a 2.x database cannot be opened by 1.x
			install.N8N_VERSION === install.DEFAULT_N8N_VERSION
				? 'dev-user-folder'
				: `dev-user-folder-${install.N8N_VERSION}`,
		);
	fs.mkdirSync(userFolder, { recursive: true });
	const tarball = stack.buildAndPack();
	stack.installIntoUserFolder(tarball, userFolder);
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

	const sb = await startSandbox({
		port: sandboxPort,
		stepMs: Number(process.env.SANDBOX_STEP_MS || 2000),
	});
	cleanups.push(() => sb.stop());
	log(
		`001k sandbox on ${sb.url} (demo-access-key / demo-secret-key; admin API ${sb.url}/__admin/state)`,
	);

	const env = stack.n8nEnv({
		userFolder,
		port,
		brokerPort: await stack.freePort(),
		encryptionKey: 'n8n-nodes-001k-dev-only-key',
	});
	await stack.importAll(env, userFolder, sb.url);
	// Publish the deposit-callback example so sandbox callbacks start it right away.
	const depositWf = stack
		.exampleWorkflows()
		.find((w) => w.wf.nodes.some((n) => n.type === `${stack.PACKAGE_NAME}.zeroZeroOneKTrigger`));
	const trigger =
		depositWf &&
		depositWf.wf.nodes.find((n) => n.type === `${stack.PACKAGE_NAME}.zeroZeroOneKTrigger`);
	if (depositWf) await stack.publishWorkflow(env, depositWf.id);

	const logFile = path.join(userFolder, 'n8n.log');
	fs.writeFileSync(logFile, '');
	log(`Starting n8n ${install.N8N_VERSION} (log: ${logFile}) …`);
	const n8n = await stack.startN8n(env, { logFile });
	cleanups.push(() => n8n.stop());

	const types = await stack.loadedTypes(n8n.url, await stack.login(n8n.url));
	const ours = types.nodes.filter((name) => name.startsWith(`${stack.PACKAGE_NAME}.`));
	if (!ours.length) throw new Error(`n8n did not load ${stack.PACKAGE_NAME}; see ${logFile}`);
	const problems = stack.packageProblems(fs.readFileSync(logFile, 'utf8'));

	console.log(`
  n8n ${install.N8N_VERSION} with ${stack.PACKAGE_NAME} is ready (${install.fmt(Date.now() - t0)}):

    Editor     ${n8n.url}
    Login      ${stack.OWNER.email}  /  ${stack.OWNER.password}
    Nodes      ${[...new Set(ours)].join(', ')}
    Credential "001k sandbox" (001k API) -> ${sb.url}
    Workflows  ${stack
			.exampleWorkflows()
			.map((w) => w.name)
			.join('\n               ')}
    Sandbox    ${sb.url}/__admin/state${
			trigger
				? `
    Callbacks  "${depositWf.name}" is published; make a deposit that calls it back:
               curl -XPOST ${sb.url}/__admin/deposits -d '{"currency":"BTC","amount":"0.5","callback_url":"${n8n.url}/webhook/${trigger.webhookId}/deposit"}'`
				: ''
		}
    n8n log    ${logFile}
  ${problems.length ? `\n  n8n logged problems with the package:\n    ${problems.join('\n    ')}\n` : 'n8n logged no warning or error about the package.'}
  Ctrl-C stops n8n and the sandbox.
`);
	if (process.env.DEV_EXIT_WHEN_READY) await stopAll(problems.length ? 1 : 0);
}

main().catch((e) => {
	console.error(`[001k] ${e.stack || e.message}`);
	return stopAll(1);
});
