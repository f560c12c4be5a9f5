'use strict';
// Debian packages the e2e scripts need (chromium, redis-server, postgresql), installed when missing.
const { execFileSync } = require('node:child_process');

/** apt-get installs a package as root (CI); anyone else is told the command to run. */
function aptInstall(pkg, log, note = '') {
	if (process.getuid && process.getuid() !== 0) {
		throw new Error(`${pkg} is missing: sudo apt-get install -y --no-install-recommends ${pkg}`);
	}
	log(`Installing ${pkg} with apt-get${note} …`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
		stdio: 'inherit',
		env,
	});
}

module.exports = { aptInstall };
