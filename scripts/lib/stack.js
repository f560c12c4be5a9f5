'use strict';
// The pieces `npm run dev` and `npm run test:e2e` share: build + pack + install the package the
// way n8n's "Install community node" does, the environment of an instance, the credential and the
// examples it imports, signing in, and what its log says about the package. Running n8n's
// processes (CLI, `n8n start`, ports) is in n8n-process.js; everything is exported from here.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const install = require('./n8n-install');
const { freePort, portInUse, n8nCli, stopCli, startN8n, stopProcess } = require('./n8n-process');

const repoDir = path.resolve(__dirname, '..', '..');
const examplesDir = path.join(repoDir, 'examples');
const PACKAGE_NAME = require(path.join(repoDir, 'package.json')).name;
const CREDENTIAL_ID = 'k001SandboxCred1';
const POLICY_CREDENTIAL = {
	id: 'k001PolicyCred01',
	name: '001k treasury (spending policy)',
	policy: {
		spendingPolicy: true,
		maxAmounts: 'BTC=0.01, USDT=500',
		allowedAddresses: 'bc1qcoldwallet0000000000000000000000treasury',
	},
};
const OWNER = {
	email: 'owner@001k.test',
	password: 'Treasury-001k',
	firstName: 'Treasury',
	lastName: 'Owner',
};

const log = (msg) => process.stdout.write(`[001k] ${msg}\n`);

/** Runs a command to completion; returns stdout. Throws with the output on failure. */
function sh(cmd, args, opts = {}) {
	return execFileSync(cmd, args, {
		cwd: repoDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 256 * 1024 * 1024,
		...opts,
	});
}

/** `npm run build`, then `npm pack` into a temp dir. Returns the tarball path. */
function buildAndPack() {
	let t = Date.now();
	log('Building the package (npm run build) …');
	sh('npm', ['run', 'build', '--silent']);
	log(`  built in ${install.fmt(Date.now() - t)}`);
	t = Date.now();
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-001k-pack-'));
	const out = sh('npm', ['pack', '--json', '--pack-destination', packDir, '--ignore-scripts']);
	const tarball = path.join(packDir, JSON.parse(out)[0].filename);
	log(`  packed ${path.basename(tarball)} in ${install.fmt(Date.now() - t)}`);
	return tarball;
}

/**
 * Installs the tarball into <userFolder>/.n8n/nodes exactly as n8n 2.41's "Install community
 * node" does (CommunityPackagesService.downloadPackage): unpack it into node_modules/<name>,
 * drop dev/peer/optional dependencies from its package.json, `npm install` inside it with
 * scripts off, and record it in nodes/package.json. n8n scans nodes/node_modules at start.
 */
function installIntoUserFolder(tarball, userFolder) {
	const t = Date.now();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(pkgDir, { recursive: true });
	sh('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
	const pkgJsonFile = path.join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkgJson } = JSON.parse(
		fs.readFileSync(pkgJsonFile, 'utf8'),
	);
	fs.writeFileSync(pkgJsonFile, JSON.stringify(pkgJson, null, 2));
	sh(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: pkgDir, env: install.cleanEnv() },
	);
	const nodesPkgFile = path.join(nodesDir, 'package.json');
	const nodesPkg = fs.existsSync(nodesPkgFile)
		? JSON.parse(fs.readFileSync(nodesPkgFile, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...nodesPkg.dependencies, [PACKAGE_NAME]: pkgJson.version };
	fs.writeFileSync(nodesPkgFile, JSON.stringify(nodesPkg, null, 2));
	if (!fs.existsSync(path.join(pkgDir, 'dist'))) throw new Error(`no ${pkgDir}/dist after install`);
	log(`  installed into ${nodesDir} in ${install.fmt(Date.now() - t)}`);
	return pkgDir;
}

function bcryptHash(password) {
	const bcrypt = require(path.join(install.n8nDir, 'node_modules', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

/** Environment for every n8n process of one instance. */
function n8nEnv({ userFolder, port, brokerPort, encryptionKey, extra = {} }) {
	return install.cleanEnv({
		PATH: `${path.dirname(install.nodeBin)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(OWNER.password),
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_OUTPUT: 'console',
		NODE_OPTIONS: '--max-old-space-size=4096',
		// n8n 1.123.x defaults to the new "vm" expression engine, which needs isolated-vm 6 (Node >= 22,
		// not buildable on Node 20); "legacy" is the engine n8n 1.x always had (isolated-vm not loaded).
		...(install.N8N_MAJOR < 2 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		...extra,
	});
}

/** The credential file for `n8n import:credentials`: the sandbox's demo key pair. */
function writeCredentialFile(dir, baseUrl) {
	const file = path.join(dir, 'credentials.json');
	fs.writeFileSync(
		file,
		JSON.stringify(
			[
				{
					id: CREDENTIAL_ID,
					name: '001k sandbox',
					type: 'zeroZeroOneKApi',
					data: { accessKey: 'demo-access-key', secretKey: 'demo-secret-key', baseUrl },
				},
				// The AI treasury assistant's credential: the same keys, bounded by a spending policy.
				{
					id: POLICY_CREDENTIAL.id,
					name: POLICY_CREDENTIAL.name,
					type: 'zeroZeroOneKApi',
					data: {
						accessKey: 'demo-access-key',
						secretKey: 'demo-secret-key',
						baseUrl,
						...POLICY_CREDENTIAL.policy,
					},
				},
			],
			null,
			2,
		),
	);
	return file;
}

function exampleWorkflows() {
	return fs
		.readdirSync(examplesDir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => {
			const file = path.join(examplesDir, f);
			const wf = JSON.parse(fs.readFileSync(file, 'utf8'));
			return { file, id: wf.id, name: wf.name, wf };
		});
}

/** import:credentials + import:workflow (all of examples/). */
async function importAll(env, workDir, sandboxUrl) {
	const t = Date.now();
	log('Importing the "001k API" credential and the example workflows (n8n CLI) …');
	const credFile = writeCredentialFile(workDir, sandboxUrl);
	await n8nCli(env, ['import:credentials', `--input=${credFile}`]);
	await n8nCli(env, ['import:workflow', '--separate', `--input=${examplesDir}`]);
	log(`  imported in ${install.fmt(Date.now() - t)}`);
}

/**
 * Activates a workflow from the CLI (takes effect at the next start):
 * n8n 2.x `publish:workflow --id=X`; n8n 1.x `update:workflow --id=X --active=true`.
 */
async function publishWorkflow(env, id) {
	const args =
		install.N8N_MAJOR >= 2
			? ['publish:workflow', `--id=${id}`]
			: ['update:workflow', `--id=${id}`, '--active=true'];
	return n8nCli(env, args);
}

/**
 * Signs in as the owner (REST); returns the cookie header. n8n 2.x sets the owner up from
 * N8N_INSTANCE_OWNER_* at start; n8n 1.x ignores those, so there the owner is created once
 * with POST /rest/owner/setup when the instance still asks for it.
 */
async function login(url) {
	const attempt = () =>
		fetch(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				emailOrLdapLoginId: OWNER.email,
				email: OWNER.email, // n8n 1.x reads `email`
				password: OWNER.password,
			}),
		});
	let res = await attempt();
	if (!res.ok && install.N8N_MAJOR < 2) {
		const setup = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
		res = await attempt();
	}
	if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (!cookie.includes('n8n-auth')) throw new Error('login: no n8n-auth cookie');
	return cookie;
}

/** The node and credential type names n8n loaded (its editor's /types/*.json, after login). */
async function loadedTypes(url, cookie) {
	const get = async (file) => {
		const res = await fetch(`${url}/types/${file}`, { headers: { cookie } });
		if (!res.ok) throw new Error(`GET /types/${file}: ${res.status}`);
		const body = await res.json();
		return Array.isArray(body) ? body : Object.values(body);
	};
	const [nodes, credentials] = [await get('nodes.json'), await get('credentials.json')];
	const iconUrls = Object.fromEntries(
		[...nodes, ...credentials].filter((t) => t.iconUrl).map((t) => [t.name, t.iconUrl]),
	);
	return { nodes: nodes.map((t) => t.name), credentials: credentials.map((t) => t.name), iconUrls };
}

/** Lines of n8n's log that mention our package together with a warning or an error. */
function packageProblems(logText) {
	const bad = /warn|error|fail|unrecognized|could not|cannot|missing|deprecat/i;
	const ours = /001k|zeroZeroOneK/i;
	return logText.split('\n').filter((line) => {
		// Our own directories carry the package name too: the n8n cache and the e2e temp folder.
		const text = line
			.split(install.cacheRoot)
			.join('<cache>')
			.replace(/n8n-nodes-001k-e2e-\w+/g, '<tmp>');
		return ours.test(text) && bad.test(text);
	});
}

module.exports = {
	repoDir,
	examplesDir,
	PACKAGE_NAME,
	CREDENTIAL_ID,
	OWNER,
	log,
	freePort,
	portInUse,
	sh,
	buildAndPack,
	installIntoUserFolder,
	n8nEnv,
	n8nCli,
	stopCli,
	importAll,
	exampleWorkflows,
	POLICY_CREDENTIAL,
	publishWorkflow,
	startN8n,
	stopProcess,
	packageProblems,
	login,
	loadedTypes,
	install,
};
