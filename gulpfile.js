const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles only .ts files; node and credential icons must sit beside the compiled classes.
// scripts/build.js (npm run build) points BUILD_OUT_DIR at its staging folder; dist/ otherwise.
const outDir = path.resolve(process.env.BUILD_OUT_DIR || 'dist');

task('build:icons', copyIcons);

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.join(outDir, 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.join(outDir, 'credentials');
	return src(credSource, { encoding: false }).pipe(dest(credDestination));
}
