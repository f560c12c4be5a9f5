import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

const root = resolve(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

// npm and n8n's community-node pages show the README: links there must work outside this repo too.
const PUBLIC_HOSTS = [
	'n8n.io',
	'docs.n8n.io',
	'api.001k.world',
	'github.com',
	'keepachangelog.com',
	'semver.org',
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');

const headingsOf = (text: string) =>
	text
		.replace(/```[\s\S]*?```/g, '')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => line.replace(/^#+ /, ''));

const linksOf = (text: string) =>
	[...text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

const pages = [
	'README.md',
	'CONTRIBUTING.md',
	'CHANGELOG.md',
	...readdirSync(join(root, 'docs'))
		.filter((f) => f.endsWith('.md'))
		.map((f) => `docs/${f}`),
];

describe('README: for n8n users, in the starter template order', () => {
	const readme = read('README.md');

	it('is well under 300 lines', () => {
		expect(readme.split('\n').length).toBeLessThan(300);
	});

	it('keeps its first lines: the main job and the tests, each one command', () => {
		const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)![1];
		expect(firstBlock).toMatch(/^npm ci && npm run dev\s/m);
		expect(firstBlock).toMatch(/^npm ci && npm run test:all\s/m);
	});

	it('has the sections in order: installation, operations, credentials, compatibility, usage, resources, version history', () => {
		const order = [
			'Installation',
			'Operations',
			'Credentials',
			'Compatibility',
			'Usage',
			'Resources',
			'Version history',
		];
		const top = headingsOf(readme).filter((h) => order.includes(h));
		expect(top).toEqual(order);
	});
});

describe('README, CONTRIBUTING, CHANGELOG and docs/: every link resolves', () => {
	const links = pages.flatMap((page) => linksOf(read(page)).map((link) => [page, link]));

	it.each(links)('%s → %s', (page, link) => {
		if (/^https?:\/\//.test(link)) {
			expect(PUBLIC_HOSTS).toContain(new URL(link).hostname);
			return;
		}
		expect(link).not.toMatch(/^[a-z]+:/);
		const [file, anchor] = link.split('#');
		const target = file ? join(dirname(join(root, page)), file) : join(root, page);
		expect(existsSync(target)).toBe(true);
		if (anchor) expect(headingsOf(readFileSync(target, 'utf8')).map(slug)).toContain(anchor);
	});
});

describe('README, CONTRIBUTING, CHANGELOG and docs/: every repository path named in code resolves', () => {
	// A rename (the tests' .ts → .cts) leaves `test/x.test.ts` in prose that no link check sees.
	const ROOMS =
		/`((?:test|scripts|nodes|credentials|sandbox|bench|lint|docs|icons|\.ci|\.github)\/[^`\s:]+)`/g;
	// "Add an endpoint" walks through creating this file; it names one that does not exist yet.
	const EXAMPLES = new Set(['nodes/ZeroZeroOneK/actions/swap/getQuote.operation.ts']);
	const paths = pages.flatMap((page) =>
		[...read(page).matchAll(ROOMS)]
			.map((m) => m[1])
			.filter((path) => !/[*<>{}…]/.test(path) && !EXAMPLES.has(path))
			.map((path) => [page, path]),
	);

	it('finds the paths it checks', () => {
		expect(paths.length).toBeGreaterThan(50);
	});

	it.each(paths)('%s names %s', (_page, path) => {
		expect(existsSync(join(root, path))).toBe(true);
	});
});
