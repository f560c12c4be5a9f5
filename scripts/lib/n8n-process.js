'use strict';
// n8n's processes: CLI commands (import, execute, publish …) and `n8n start` / `worker` / `webhook`,
// each in a process group of its own so that stopping it ends its children (task runners) too; and
// the free ports they listen on.
const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');

const install = require('./n8n-install');

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

const runningCli = new Set();
/** Ends n8n CLI commands still running (e.g. the run was interrupted). */
function stopCli() {
	for (const child of runningCli) stopProcess(child, 'SIGKILL');
}

/** Runs one n8n CLI command (import, execute, publish …) to completion. */
function n8nCli(env, args, { allowFail = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(install.nodeBin, [install.n8nBin, ...args], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // its own process group, so stopCli() ends it with its children
		});
		runningCli.add(child);
		child.on('exit', () => runningCli.delete(child));
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code !== 0 && !allowFail)
				reject(new Error(`n8n ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
			else resolve({ code, stdout, stderr });
		});
	});
}

/** Starts `n8n start`; resolves once /healthz answers. Output goes to logFile (and echo). */
async function startN8n(
	env,
	{ logFile, echo = false, timeoutMs = 180000, command = 'start', healthPort },
) {
	const port = Number(healthPort || env.N8N_PORT);
	if (await portInUse(port)) throw new Error(`port ${port} is already in use (set N8N_PORT)`);
	const out = fs.createWriteStream(logFile, { flags: 'a' });
	const child = spawn(install.nodeBin, [install.n8nBin, command], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true, // its own process group, so stop() ends its task runners too
	});
	const tee = (d) => {
		out.write(d);
		if (echo) process.stdout.write(d);
	};
	child.stdout.on('data', tee);
	child.stderr.on('data', tee);
	let exited = null;
	const exit = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((exited = { code, signal }))),
	);
	const started = Date.now();
	const url = `http://127.0.0.1:${port}`;
	for (;;) {
		if (exited)
			throw new Error(
				`n8n ${command} exited (${JSON.stringify(exited)}) before it was ready; see ${logFile}`,
			);
		try {
			const res = await fetch(`${url}/healthz${command === 'worker' ? '' : '/readiness'}`);
			// n8n 1.x reports ready before its REST API is mounted: for `start` wait for that too.
			if (res.ok && (command !== 'start' || (await restReady(url)))) break;
		} catch {
			/* not up yet */
		}
		if (Date.now() - started > timeoutMs) {
			stopProcess(child);
			throw new Error(`n8n did not become ready in ${timeoutMs / 1000}s; see ${logFile}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		url,
		child,
		startedInMs: Date.now() - started,
		stop: async () => {
			if (!exited) {
				stopProcess(child);
				const timer = setTimeout(() => stopProcess(child, 'SIGKILL'), 15000);
				await exit;
				clearTimeout(timer);
			}
			out.end();
		},
	};
}

async function restReady(url) {
	const res = await fetch(`${url}/rest/settings`);
	return res.ok && /json/.test(res.headers.get('content-type') || '');
}

function stopProcess(child, signal = 'SIGTERM') {
	try {
		process.kill(-child.pid, signal); // the process group we created (detached: true)
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

module.exports = { freePort, portInUse, n8nCli, stopCli, startN8n, stopProcess };
