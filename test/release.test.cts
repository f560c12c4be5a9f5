import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface Step {
	run?: string;
	uses?: string;
	with?: Record<string, unknown>;
}
interface Workflow {
	on: Record<string, { tags?: string[]; branches?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);
const runIndex = (wf: Workflow, pattern: RegExp) =>
	steps(wf).findIndex((s) => pattern.test(s.run ?? ''));

describe('publish.yml: a version tag publishes to npm with provenance', () => {
	const wf = parse(read('.github/workflows/publish.yml')) as Workflow;

	it('runs on version tags only', () => {
		expect(Object.keys(wf.on)).toEqual(['push']);
		expect(wf.on.push?.tags).toEqual(['v*.*.*']);
		expect(wf.on.push?.branches).toBeUndefined();
	});

	it('may mint an OIDC token (id-token: write) for trusted publishing and provenance', () => {
		const job = Object.values(wf.jobs)[0];
		expect({ ...wf.permissions, ...job.permissions }['id-token']).toBe('write');
	});

	it('publishes with --provenance and public access, without a stored npm token', () => {
		const publish = steps(wf).filter((s) => /\bnpm publish\b/.test(s.run ?? ''));
		expect(publish).toHaveLength(1);
		expect(publish[0].run).toMatch(/--provenance\b/);
		expect(publish[0].run).toMatch(/--access public\b/);
		expect(read('.github/workflows/publish.yml')).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN/);
		const setup = steps(wf).find((s) => s.uses?.startsWith('actions/setup-node'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	it('builds and tests (npm test) before publishing, after checking the tag is the package version', () => {
		const publish = runIndex(wf, /\bnpm publish\b/);
		const ci = runIndex(wf, /^npm ci$/m);
		const test = runIndex(wf, /^npm test$/m);
		const tagCheck = runIndex(wf, /GITHUB_REF_NAME/);
		expect([tagCheck, ci, test].every((i) => i >= 0 && i < publish)).toBe(true);
		expect(ci).toBeLessThan(test);
		expect(steps(wf)[tagCheck].run).toMatch(/CHANGELOG\.md/);
	});
});

describe('ci.yml: the README test command on every push', () => {
	const wf = parse(read('.github/workflows/ci.yml')) as Workflow;

	it('runs npm ci, then the test command the README gives', () => {
		const readmeCommand = /npm ci && (npm run test:all)/.exec(read('README.md'));
		expect(readmeCommand).not.toBeNull();
		const ci = runIndex(wf, /^npm ci$/m);
		const all = runIndex(wf, new RegExp(`^${readmeCommand![1]}$`, 'm'));
		expect(ci).toBeGreaterThanOrEqual(0);
		expect(all).toBeGreaterThan(ci);
		expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
		expect(wf.permissions?.['id-token']).toBeUndefined();
	});
});

describe('CHANGELOG.md (Keep a Changelog)', () => {
	const changelog = read('CHANGELOG.md');
	const { version } = JSON.parse(read('package.json')) as { version: string };

	it('has an Unreleased section and a dated section for the package version', () => {
		expect(changelog).toMatch(/^## \[Unreleased\]$/m);
		expect(changelog).toMatch(
			new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
		);
		expect(changelog).toMatch(new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: https://`, 'm'));
	});
});
