import { readdirSync, readFileSync } from 'fs';
import { dirname, join, posix, relative, resolve } from 'path';

// The import direction of CONTRIBUTING.md ("Import direction"), checked on the source:
// nodes/<Node>/ → nodes/shared/ ← credentials/; nodes/shared/ imports only itself; no cycles.
const root = join(__dirname, '..');

/** The room a file belongs to: `credentials`, `nodes/shared` or `nodes/<Node>`. */
function roomOf(file: string): string {
	const [top, second] = file.split('/');
	return top === 'nodes' ? `nodes/${second}` : top;
}

const PACKAGES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

/** Why `from` may not import `to` (repository-relative paths), or undefined when it may. */
export function forbidden(from: string, to: string): string | undefined {
	const source = roomOf(from);
	const target = roomOf(to);
	if (source === target) return undefined;
	if (target === 'nodes/shared') return undefined;
	if (source === 'nodes/shared')
		return 'nodes/shared/ imports only itself (and n8n-workflow, crypto)';
	if (source === 'credentials') return 'the credential imports only nodes/shared/, never a node';
	if (target === 'credentials') return 'a node imports nodes/shared/, never the credential';
	return 'a node folder never imports another node folder: move what both need to nodes/shared/';
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = posix.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

const files = [...sourceFiles('nodes'), ...sourceFiles('credentials')];
const known = new Set(files);

/** A relative specifier resolved to the repository file it names (`x` → `x.ts` or `x/index.ts`). */
function resolveImport(from: string, specifier: string): string {
	const base = relative(root, resolve(root, dirname(from), specifier))
		.split('\\')
		.join('/');
	for (const candidate of [base, `${base}.ts`, `${base}/index.ts`])
		if (known.has(candidate)) return candidate;
	return base;
}

const graph = new Map<string, { packages: string[]; files: string[] }>();
for (const file of files) {
	const text = readFileSync(join(root, file), 'utf8');
	const specifiers = [...text.matchAll(IMPORT)].map((match) => match[1]);
	graph.set(file, {
		packages: specifiers.filter((s) => !s.startsWith('.')),
		files: specifiers
			.filter((s) => s.startsWith('.') && !s.endsWith('.json'))
			.map((s) => resolveImport(file, s)),
	});
}

/** Every import cycle, each as the list of files around it. */
export function cyclesOf(edges: Map<string, string[]>): string[][] {
	const cycles: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of edges.get(file) ?? []) {
			if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
			else if (!state.has(next)) visit(next);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of edges.keys()) if (!state.has(file)) visit(file);
	return cycles;
}

describe('import direction: nodes/<Node>/ → nodes/shared/ ← credentials/', () => {
	it('finds the source files and their imports (the check below has something to check)', () => {
		expect(files.length).toBeGreaterThan(60);
		expect(graph.get('nodes/ZeroZeroOneKTrigger/batchVerify.ts')?.files).toContain(
			'nodes/shared/transport/index.ts',
		);
		expect(graph.get('credentials/ZeroZeroOneKApi.credentials.ts')?.files).toContain(
			'nodes/shared/spendingPolicy.ts',
		);
	});

	it('imports every relative path from a file that exists', () => {
		const missing = [...graph].flatMap(([file, { files: targets }]) =>
			targets.filter((t) => !known.has(t)).map((t) => `${file} → ${t}`),
		);
		expect(missing).toEqual([]);
	});

	it('never imports sideways or back: no node folder into another, no credential into a node or back, nothing out of nodes/shared/', () => {
		const wrong = [...graph].flatMap(([file, { files: targets }]) =>
			targets.flatMap((target) => {
				const why = forbidden(file, target);
				return why ? [`${file} → ${target}: ${why}`] : [];
			}),
		);
		expect(wrong).toEqual([]);
	});

	it('imports no package but n8n-workflow and crypto (n8n verification rule)', () => {
		const packages = [...graph].flatMap(([file, { packages: names }]) =>
			names.filter((n) => !PACKAGES.has(n)).map((n) => `${file} → ${n}`),
		);
		expect(packages).toEqual([]);
	});

	it('has no import cycle', () => {
		const edges = new Map([...graph].map(([file, { files: targets }]) => [file, targets]));
		expect(cyclesOf(edges).map((cycle) => cycle.join(' → '))).toEqual([]);
	});

	it('refuses each forbidden direction and finds a cycle (the checks can fail)', () => {
		expect(
			forbidden(
				'nodes/ZeroZeroOneKTrigger/ZeroZeroOneKTrigger.node.ts',
				'nodes/ZeroZeroOneK/helpers/utils.ts',
			),
		).toMatch(/another node folder/);
		expect(
			forbidden(
				'nodes/ZeroZeroOneKPollTrigger/ZeroZeroOneKPollTrigger.node.ts',
				'nodes/ZeroZeroOneKTrigger/ipAllowList.ts',
			),
		).toMatch(/another node folder/);
		expect(
			forbidden(
				'credentials/ZeroZeroOneKApi.credentials.ts',
				'nodes/ZeroZeroOneK/helpers/policy.ts',
			),
		).toMatch(/never a node/);
		expect(
			forbidden(
				'nodes/ZeroZeroOneK/helpers/policy.ts',
				'credentials/ZeroZeroOneKApi.credentials.ts',
			),
		).toMatch(/never the credential/);
		expect(
			forbidden('nodes/shared/transport/index.ts', 'credentials/ZeroZeroOneKApi.credentials.ts'),
		).toMatch(/only itself/);
		expect(
			forbidden('nodes/shared/operationTypes.ts', 'nodes/ZeroZeroOneK/helpers/utils.ts'),
		).toMatch(/only itself/);
		expect(
			forbidden('nodes/ZeroZeroOneK/helpers/utils.ts', 'nodes/shared/operationTypes.ts'),
		).toBeUndefined();
		expect(
			forbidden('credentials/ZeroZeroOneKApi.credentials.ts', 'nodes/shared/signature.ts'),
		).toBeUndefined();
		const cycle = new Map([
			['a.ts', ['b.ts']],
			['b.ts', ['c.ts']],
			['c.ts', ['a.ts']],
			['d.ts', ['a.ts']],
		]);
		expect(cyclesOf(cycle)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
	});
});
