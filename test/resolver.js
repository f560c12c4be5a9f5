'use strict';
// The tests are CommonJS TypeScript (.cts) and import each other as TypeScript asks: `./x.cjs` names
// `x.cts`. Jest resolves that one case itself; every other specifier goes to its default resolver.
const fs = require('node:fs');
const path = require('node:path');

module.exports = (request, options) => {
	if (/^\.{1,2}\//.test(request) && request.endsWith('.cjs')) {
		const source = path.resolve(options.basedir, `${request.slice(0, -'.cjs'.length)}.cts`);
		if (fs.existsSync(source)) return source;
	}
	return options.defaultResolver(request, options);
};
