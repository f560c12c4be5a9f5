'use strict';
// Queue mode pieces for `npm run test:e2e -- --queue`: a private Redis (Debian's redis-server,
// installed with apt-get when missing and we are root) on 127.0.0.1 and a free non-default port,
// the environment n8n main and `n8n worker` share, and workflow variants that run in production
// mode (a queue-mode worker runs production executions only; `n8n execute` falls back to
// regular mode in-process); and which process ran an execution.
const fs = require('node:fs');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { aptInstall } = require('./apt');
const { waitUntil } = require('./wait');

const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

function ensureRedis(log) {
	const found = REDIS_CANDIDATES.find((p) => fs.existsSync(p));
	if (found) return found;
	aptInstall('redis-server', log);
	const installed = REDIS_CANDIDATES.find((p) => fs.existsSync(p));
	if (!installed) throw new Error('apt-get installed redis-server but no binary was found');
	return installed;
}

function ping(port) {
	return new Promise((resolve) => {
		const s = net.connect({ port, host: '127.0.0.1' });
		let buf = '';
		s.once('connect', () => s.write('PING\r\n'));
		s.on('data', (d) => {
			buf += d;
			if (buf.includes('\r\n')) {
				s.destroy();
				resolve(buf.startsWith('+PONG'));
			}
		});
		s.once('error', () => resolve(false));
	});
}

/** Starts redis-server in the foreground (no persistence) on 127.0.0.1:port; returns {stop}. */
async function startRedis({ port, logFile, log }) {
	const bin = ensureRedis(log);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	let exited = null;
	const exit = new Promise((r) =>
		child.on('exit', (code, signal) => r((exited = { code, signal }))),
	);
	const deadline = Date.now() + 15000;
	while (!(await ping(port))) {
		if (exited) throw new Error(`redis-server exited ${JSON.stringify(exited)}; see ${logFile}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`redis-server did not answer on ${port}; see ${logFile}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		port,
		pid: child.pid,
		stop: async () => {
			if (exited) return;
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exit;
			clearTimeout(t);
		},
	};
}

/** Environment shared by n8n main and the worker in queue mode. */
function queueEnv(redisPort) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		QUEUE_BULL_PREFIX: 'n8n001k',
	};
}

/**
 * A copy of an action example that runs in production mode: its Manual Trigger is replaced by a
 * Webhook (same node name, so connections stay), schedule triggers are dropped.
 */
function webhookVariant(wf, suffix) {
	const manual = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!manual) throw new Error(`${wf.id} has no Manual Trigger`);
	const dropped = new Set(
		wf.nodes.filter((n) => n.type === 'n8n-nodes-base.scheduleTrigger').map((n) => n.name),
	);
	const path = `queue-e2e-${suffix}`;
	const nodes = wf.nodes
		.filter((n) => !dropped.has(n.name))
		.map((n) =>
			n === manual
				? {
						id: crypto.randomUUID(),
						name: n.name,
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: n.position,
						webhookId: crypto.randomUUID(),
						parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
					}
				: n,
		);
	const connections = Object.fromEntries(
		Object.entries(wf.connections).filter(([from]) => !dropped.has(from)),
	);
	const id = (wf.id.slice(0, 12) + 'Q' + suffix.replace(/[^a-z0-9]/gi, ''))
		.slice(0, 16)
		.padEnd(16, 'q');
	return { ...wf, id, name: `${wf.name} (queue e2e)`, nodes, connections, active: false, path };
}

/** A workflow with the 001k Poll Trigger (deposits, every minute: n8n's shortest poll interval). */
function pollWorkflow(credential) {
	return {
		id: 'k001PollQueue001',
		name: '001k: poll deposits (queue e2e)',
		nodes: [
			{
				id: crypto.randomUUID(),
				name: '001k poll',
				type: 'n8n-nodes-001k.zeroZeroOneKPollTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					operationTypes: ['deposit'],
					statuses: [],
				},
				credentials: { zeroZeroOneKApi: credential },
			},
			{
				id: crypto.randomUUID(),
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { '001k poll': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** A worker ran this execution (its log says so), main did not. */
async function ranOnWorker(workerLogs, executionId) {
	// The log file is copied from the worker's output as it comes: read it until the line is there.
	const ran = new RegExp(`Worker (started|finished) execution ${executionId}\\b`);
	await waitUntil(
		`execution ${executionId} in a worker's log`,
		() => workerLogs.some((f) => ran.test(fs.readFileSync(f, 'utf8'))),
		Boolean,
		{ timeoutMs: 30000, everyMs: 500, show: () => 'in neither worker log' },
	);
}

module.exports = {
	ensureRedis,
	startRedis,
	queueEnv,
	webhookVariant,
	pollWorkflow,
	ping,
	ranOnWorker,
};
