const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles only .ts files; the icons (one top-level folder, shared by the nodes and the
// credential) are copied beside the compiled classes, keeping their relative `file:` paths valid.
// scripts/build.js (npm run build) points BUILD_OUT_DIR at its staging folder; dist/ otherwise.
const outDir = path.resolve(process.env.BUILD_OUT_DIR || 'dist');

task('build:icons', copyIcons);

function copyIcons() {
	return src(path.resolve('icons', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.join(outDir, 'icons')),
	);
}
