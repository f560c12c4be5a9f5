#!/usr/bin/env node
'use strict';
// npm run build: tsc and the icon copy (gulp build:icons) write into a fresh staging folder, then
// every file moves into dist/ with rename(2), which replaces a file atomically. Whatever reads dist/
// while another build runs (the tests' package loader, the scanner's npm pack, an n8n started by
// npm run dev) sees each file whole, old or new: tsc's own in-place writes truncate first, and a
// test that required a file at that moment got an empty module. Files the source no longer makes
// are removed, so dist/ holds exactly what this build produced.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)));
}

/** Removes the folders under `dir` (deepest first) that the stale-file sweep left empty. */
function removeEmptyFolders(dir) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (!entry.isDirectory()) continue;
		const sub = path.join(dir, entry.name);
		removeEmptyFolders(sub);
		if (fs.readdirSync(sub).length === 0) fs.rmSync(sub, { recursive: true, force: true });
	}
}

/**
 * tsc wrote the map's `sources` relative to the staging folder, which sits one level deeper than
 * dist/: rewrite them relative to where the map will live, as a build straight into dist/ (tsc alone,
 * or n8n-node build) writes them.
 */
function sourcesFrom(stagedMap, target) {
	const map = JSON.parse(fs.readFileSync(stagedMap, 'utf8'));
	map.sources = map.sources.map((source) =>
		path
			.relative(path.dirname(target), path.resolve(path.dirname(stagedMap), source))
			.split(path.sep)
			.join('/'),
	);
	fs.writeFileSync(stagedMap, JSON.stringify(map));
}

// Inside node_modules/: on dist/'s file system (rename cannot cross one), and ignored by git and lint.
fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
const staging = fs.mkdtempSync(path.join(root, 'node_modules', '.build-'));
try {
	const run = (name, args, env = {}) =>
		execFileSync(bin(name), args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	run('tsc', ['-p', 'tsconfig.json', '--outDir', staging]);
	run('gulp', ['build:icons', '--silent'], { BUILD_OUT_DIR: staging });

	const built = filesUnder(staging);
	for (const file of built) {
		const target = path.join(dist, file);
		if (file.endsWith('.js.map')) sourcesFrom(path.join(staging, file), target);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.renameSync(path.join(staging, file), target);
	}
	const keep = new Set(built);
	for (const file of filesUnder(dist)) if (!keep.has(file)) fs.rmSync(path.join(dist, file));
	removeEmptyFolders(dist);
} finally {
	fs.rmSync(staging, { recursive: true, force: true });
}
