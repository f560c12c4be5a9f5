'use strict';
// A private PostgreSQL for the queue-mode e2e leg (n8n's docs: queue mode wants Postgres; a
// distributed setup over SQLite is not supported). Debian's postgresql, installed with apt-get
// when missing and we are root; a throw-away cluster on 127.0.0.1 and a free port, trust auth,
// removed when stopped: nothing is left running or on disk.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { aptInstall } = require('./apt');

const DB = { user: 'n8n', database: 'n8n' };

function binDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function ensurePostgres(log) {
	const found = binDir();
	if (found) return found;
	aptInstall('postgresql', log);
	// No init system here to start the package's own cluster; if one did, stop it (we use our own).
	try {
		execFileSync(
			'pg_ctlcluster',
			['--force', fs.readdirSync('/etc/postgresql')[0], 'main', 'stop'],
			{ stdio: 'ignore' },
		);
	} catch {
		/* not running */
	}
	const installed = binDir();
	if (!installed) throw new Error('apt-get installed postgresql but no server binary was found');
	return installed;
}

/** PostgreSQL refuses to run as root: as root, run it as the package's `postgres` user. */
function runAs() {
	if (!process.getuid || process.getuid() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/** Starts a fresh cluster; resolves once database `n8n` exists. Returns {port, env, stop}. */
async function startPostgres({ port, logFile, log }) {
	const bin = ensurePostgres(log);
	const owner = runAs();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-001k-pg-'));
	if (owner.uid !== undefined) fs.chownSync(dir, owner.uid, owner.gid);
	const data = path.join(dir, 'data');
	const quiet = { stdio: 'ignore', ...owner };
	execFileSync(
		path.join(bin, 'initdb'),
		['-D', data, '-U', DB.user, '-A', 'trust', '-E', 'UTF8', '--no-sync'],
		quiet,
	);
	const out = fs.openSync(logFile, 'a');
	// Durability off: a test cluster that is deleted afterwards; everything else as Debian ships it.
	const args = [
		'-D',
		data,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	];
	const child = spawn(path.join(bin, 'postgres'), args, { stdio: ['ignore', out, out], ...owner });
	fs.closeSync(out);
	let exited = null;
	const exit = new Promise((r) =>
		child.on('exit', (code, signal) => r((exited = { code, signal }))),
	);
	const remove = () => fs.rmSync(dir, { recursive: true, force: true });
	const deadline = Date.now() + 30000;
	for (;;) {
		if (exited) {
			remove();
			throw new Error(`postgres exited ${JSON.stringify(exited)}; see ${logFile}`);
		}
		try {
			execFileSync(
				path.join(bin, 'createdb'),
				['-h', '127.0.0.1', '-p', String(port), '-U', DB.user, DB.database],
				{ stdio: 'ignore' },
			);
			break;
		} catch {
			if (Date.now() > deadline) {
				child.kill('SIGKILL');
				remove();
				throw new Error(`postgres did not accept connections on ${port}; see ${logFile}`);
			}
			await new Promise((r) => setTimeout(r, 300));
		}
	}
	return {
		port,
		pid: child.pid,
		version: path.basename(path.dirname(bin)),
		/** n8n's settings for this database (n8n docs: "Supported databases and settings"). */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DB.database,
			DB_POSTGRESDB_USER: DB.user,
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
		},
		/** The rows of one SQL query (psql, tab-separated), for the figures the script prints. */
		query: (sql) =>
			execFileSync(
				path.join(bin, 'psql'),
				[
					'-h',
					'127.0.0.1',
					'-p',
					String(port),
					'-U',
					DB.user,
					'-d',
					DB.database,
					'-At',
					'-F',
					'\t',
					'-c',
					sql,
				],
				{
					encoding: 'utf8',
				},
			)
				.split('\n')
				.filter(Boolean)
				.map((line) => line.split('\t')),
		stop: async () => {
			if (!exited) {
				child.kill('SIGINT'); // "fast shutdown"
				const t = setTimeout(() => child.kill('SIGKILL'), 10000);
				await exit;
				clearTimeout(t);
			}
			remove();
		},
	};
}

module.exports = { startPostgres, ensurePostgres };
