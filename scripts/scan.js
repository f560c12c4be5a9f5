#!/usr/bin/env node
'use strict';
// npm run scan: n8n's verification scanner (@n8n/scan-community-package, its exported
// analyzePackage) on the two things n8n scans: the source (SOURCE_FILE_PATTERNS) and the unpacked
// `npm pack` tarball (compiled .js + package.json), with the same file patterns as its
// analyzePackageByName. Its CLI only takes a published package name, hence this script.
// Fails on any finding, errors or warnings. `--no-build` reuses dist/ (npm test builds first).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const repoDir = path.resolve(__dirname, '..');
const scannerFile = path.join(
	repoDir,
	'node_modules',
	'@n8n',
	'scan-community-package',
	'scanner',
	'scanner.mjs',
);

const sh = (cmd, args, opts = {}) =>
	execFileSync(cmd, args, {
		cwd: repoDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		...opts,
	});

/** Packs the package as `npm publish` would and unpacks it like n8n's scanner does. */
function packAndUnpack(workDir) {
	const out = sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir]);
	const tarball = path.join(workDir, JSON.parse(out)[0].filename);
	const dir = path.join(workDir, 'package');
	fs.mkdirSync(dir);
	sh('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return dir;
}

/** Counts every finding (errors and warnings) with the scanner's own config and options. */
async function countFindings(scanner, dir, patterns) {
	const { ESLint } = require(require.resolve('eslint', { paths: [path.dirname(scannerFile)] }));
	const glob = require(require.resolve('fast-glob', { paths: [path.dirname(scannerFile)] }));
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const sum = (k) => results.reduce((n, r) => n + r[k], 0);
	return {
		files: files.length,
		errors: sum('errorCount'),
		warnings: sum('warningCount'),
		results,
		eslint,
	};
}

async function scan(scanner, label, dir, patterns) {
	const verdict = await scanner.analyzePackage(dir, patterns);
	const count = await countFindings(scanner, dir, patterns);
	const ok = verdict.passed && count.errors === 0 && count.warnings === 0 && count.files > 0;
	process.stdout.write(
		`[scan] ${ok ? '✓' : '✗'} ${label}: ${count.files} files, ${count.errors} errors, ${count.warnings} warnings` +
			` (analyzePackage: ${verdict.passed ? 'passed' : verdict.message})\n`,
	);
	if (!ok) {
		const formatter = await count.eslint.loadFormatter('stylish');
		process.stdout.write(verdict.details ?? (await formatter.format(count.results)));
	}
	return ok;
}

async function main() {
	if (!process.argv.includes('--no-build'))
		sh('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
	if (!fs.existsSync(path.join(repoDir, 'dist')))
		throw new Error('no dist/: run npm run build first');
	const scanner = await import(scannerFile);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-001k-scan-'));
	try {
		const sourceOk = await scan(scanner, 'source', repoDir, scanner.SOURCE_FILE_PATTERNS);
		const packageDir = packAndUnpack(workDir);
		const tarballOk = await scan(scanner, 'npm pack tarball', packageDir, [
			'**/*.js',
			'package.json',
		]);
		if (!sourceOk || !tarballOk) process.exitCode = 1;
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((e) => {
	process.stderr.write(`[scan] ${e.stack || e.message}\n`);
	process.exit(1);
});
