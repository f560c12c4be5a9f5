'use strict';
// Every jest run tests the source as it is: the tests load the package from dist/ (as n8n loads an
// installed package), so a source file newer than its build is rebuilt first (scripts/build.js,
// atomic per file). A build that fails fails the run.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

/** Source files whose build output is older than they are (or missing), as paths from the root. */
function staleSources() {
	const stale = [];
	for (const dir of ['nodes', 'credentials', 'icons']) {
		for (const rel of fs.readdirSync(path.join(root, dir), { recursive: true })) {
			const file = path.join(dir, rel);
			if (!/\.(ts|svg)$/.test(file) || file.endsWith('.d.ts')) continue;
			const out = path.join(root, 'dist', file.replace(/\.ts$/, '.js'));
			const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
			// The icon copy keeps the source's mtime, at a coarser precision than the file system's.
			if (fs.statSync(path.join(root, file)).mtimeMs > built + 1) stale.push(file);
		}
	}
	return stale;
}

module.exports = async function globalSetup() {
	const stale = staleSources();
	if (!stale.length) return;
	process.stdout.write(
		`\n[jest] dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): npm run build\n`,
	);
	execFileSync(process.execPath, [path.join(root, 'scripts', 'build.js')], {
		cwd: root,
		stdio: 'inherit',
	});
};

module.exports.staleSources = staleSources;
