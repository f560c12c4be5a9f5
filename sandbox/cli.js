#!/usr/bin/env node
'use strict';
// node sandbox/cli.js [--port N] [--host H] [--no-rate-limits] [--step-ms N] [--strict] [--profile alternate] [--reading name=value]…
const { startSandbox } = require('./index');
const seed = require('./lib/seed');
const { parseReadingFlag, parseReadings } = require('./lib/readings');

function parseArgs(argv) {
	const o = {
		port: 4001,
		host: '127.0.0.1',
		stepMs: 2000,
		rateLimits: true,
		strict: false,
		profile: 'default',
		readings: {},
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			const val = argv[++i];
			if (val === undefined) throw new Error(`${a} needs a value`);
			return val;
		};
		if (a === '--port') o.port = Number(next());
		else if (a === '--host') o.host = next();
		else if (a === '--step-ms') o.stepMs = Number(next());
		else if (a === '--no-rate-limits') o.rateLimits = false;
		else if (a === '--allow-external-callbacks') o.allowExternalCallbacks = true;
		else if (a === '--strict') o.strict = true;
		else if (a === '--profile') o.profile = next();
		else if (a === '--reading') o.readings = parseReadingFlag(next(), o.readings);
		else if (a === '-h' || a === '--help') {
			console.log(
				'usage: node sandbox/cli.js [--port N] [--host H] [--no-rate-limits] [--step-ms N] [--allow-external-callbacks] [--strict] [--profile default|alternate] [--reading name=value]... (readings: sandbox/README.md)',
			);
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)
		throw new Error('--port must be 0..65535');
	if (!Number.isFinite(o.stepMs) || o.stepMs < 1) throw new Error('--step-ms must be >= 1');
	parseReadings(o.readings, o.profile); // unknown names or values: exit 2 with the message
	return o;
}

(async () => {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(e.message);
		process.exit(2);
	}
	const sb = await startSandbox({ ...opts, logger: (m) => console.error(m) });
	console.log(`001k sandbox listening on ${sb.url}`);
	console.log(`API base URL (n8n credential "Base URL"): ${sb.url}`);
	console.log('Keys (access / secret -> user, permissions):');
	for (const k of seed.keys) {
		const flags = [
			k.active ? null : 'INACTIVE KEY',
			k.user === 'inactive-user' ? 'INACTIVE USER' : null,
			k.ip_whitelist.length ? `ip: ${k.ip_whitelist.join(', ')}` : null,
		].filter(Boolean);
		console.log(
			`  ${k.access_key} / ${k.secret_key} -> ${k.user} [${k.permissions.length === 7 ? 'all permissions' : k.permissions.join(', ')}]${flags.length ? ' ' + flags.join('; ') : ''}`,
		);
	}
	console.log(
		`Readings (${opts.profile}${opts.strict ? ', strict' : ''}): ${Object.entries(sb.readings)
			.map(([k, v]) => `${k}=${v}`)
			.join(' ')}`,
	);
	console.log(
		`Admin API: ${sb.url}/__admin/state  (rate limits ${opts.rateLimits ? 'on' : 'off'}, step ${opts.stepMs} ms). Ctrl-C to stop.`,
	);
	const shutdown = () => sb.stop().then(() => process.exit(0));
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
