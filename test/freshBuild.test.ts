import { resolve } from 'path';

const { staleSources } = require(resolve(__dirname, 'globalSetup.js')) as {
	staleSources: () => string[];
};

describe('the tests run the source as it is', () => {
	it('no node or credential source file is newer than its build in dist/ (jest rebuilds a stale one first)', () => {
		expect(staleSources()).toEqual([]);
	});
});
