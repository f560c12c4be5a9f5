#!/usr/bin/env node
'use strict';
// npm run check:n8n-node: what a reviewer of n8n Cloud verification runs with n8n's own CLI
// (@n8n/node-cli), beside `npm run lint`, which runs its `n8n-node lint`:
// - `n8n-node cloud-support` must say the package is eligible (strict mode, default eslint config);
// - `n8n-node build` must compile, and make what `npm run build` makes. It empties dist/ and writes
//   in place, so it runs in a copy of the working tree; dist/ is left to scripts/build.js.
// `--no-build` reuses dist/ (npm test builds first).
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { stripVTControlCharacters: noColor } = require('node:util');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');

/** Runs `n8n-node <args>` in `cwd`; returns its output without colours, throws with it on failure. */
function n8nNode(args, cwd) {
	try {
		return noColor(
			execFileSync(process.execPath, [cli, ...args], {
				cwd,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, npm_config_user_agent: 'npm' },
			}),
		);
	} catch (error) {
		throw new Error(
			`n8n-node ${args.join(' ')} failed:\n${noColor(`${error.stdout}${error.stderr}`)}`,
		);
	}
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file under `dir` (relative path → sha256). */
function hashes(dir) {
	const out = new Map();
	for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile()) continue;
		const file = path.join(entry.parentPath ?? entry.path, entry.name);
		out.set(path.relative(dir, file), sha256(file));
	}
	return out;
}

function cloudSupport() {
	const out = n8nNode(['cloud-support'], root);
	if (!out.includes('eligible for n8n Cloud verification') || out.includes('NOT eligible'))
		throw new Error(`n8n-node cloud-support does not call the package eligible:\n${out}`);
	process.stdout.write('[n8n-node] ✓ cloud-support: eligible for n8n Cloud verification\n');
}

/** The working tree as git sees it (tracked and new files, not what .gitignore names), in `dir`. */
function copyWorkingTree(dir) {
	const list = execFileSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{
			cwd: root,
			encoding: 'utf8',
		},
	);
	for (const file of list.split('\0').filter(Boolean)) {
		if (!fs.existsSync(path.join(root, file))) continue; // deleted, not yet committed
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.copyFileSync(path.join(root, file), path.join(dir, file));
	}
	fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

function build() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-001k-n8n-node-build-'));
	try {
		copyWorkingTree(work);
		n8nNode(['build'], work);
		const ours = hashes(path.join(root, 'dist'));
		const theirs = hashes(path.join(work, 'dist'));
		const differ = [...ours].filter(([file, digest]) => theirs.get(file) !== digest);
		// Its static-file copy takes every **/*.{png,svg} in the tree; npm run build copies icons/ only.
		const extra = [...theirs.keys()].filter((file) => !ours.has(file));
		const unexplained = extra.filter(
			(file) =>
				!/\.(png|svg)$/.test(file) ||
				!fs.existsSync(path.join(root, file)) ||
				sha256(path.join(root, file)) !== theirs.get(file),
		);
		if (differ.length || unexplained.length)
			throw new Error(
				`n8n-node build differs from npm run build:\n` +
					differ.map((f) => `  missing or different: ${f}\n`).join('') +
					unexplained.map((f) => `  only in n8n-node build: ${f}\n`).join(''),
			);
		process.stdout.write(
			`[n8n-node] ✓ build: the ${ours.size} files npm run build makes, byte for byte` +
				(extra.length
					? `; plus ${extra.length} image(s) its **/*.{png,svg} copy adds (${extra.join(', ')})\n`
					: '\n'),
		);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

function main() {
	if (!process.argv.includes('--no-build'))
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
	cloudSupport();
	build();
}

try {
	main();
} catch (error) {
	process.stderr.write(`[n8n-node] ✗ ${error.message}\n`);
	process.exit(1);
}
