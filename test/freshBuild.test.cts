import { existsSync, readdirSync } from 'fs';
import { dirname, resolve } from 'path';

const { staleSources } = require(resolve(__dirname, 'globalSetup.js')) as {
	staleSources: () => string[];
};

describe('the tests run the source as it is', () => {
	it('no node or credential source file is newer than its build in dist/ (jest rebuilds a stale one first)', () => {
		expect(staleSources()).toEqual([]);
	});
});

describe('icons: one top-level folder, found by every node and the credential as n8n loads them', () => {
	const pkg = require(resolve(__dirname, '..', 'package.json')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const built = [...pkg.n8n.nodes, ...pkg.n8n.credentials];

	it.each(built)('%s names light and dark icons that exist beside the build', (file) => {
		const mod = require(resolve(__dirname, '..', file)) as Record<string, new () => object>;
		const instance = new (Object.values(mod)[0])() as {
			icon?: { light: string; dark: string };
			description?: { icon?: { light: string; dark: string } };
		};
		const icon = instance.description?.icon ?? instance.icon;
		expect(icon).toEqual({ light: expect.any(String), dark: expect.any(String) });
		for (const ref of [icon!.light, icon!.dark]) {
			expect(ref).toMatch(/^file:.+\.svg$/);
			const target = resolve(dirname(resolve(__dirname, '..', file)), ref.slice('file:'.length));
			expect(target.startsWith(resolve(__dirname, '..', 'dist', 'icons'))).toBe(true);
			expect(existsSync(target)).toBe(true);
		}
	});
});

describe('every test file is one jest runs', () => {
	// jest matches *.test.cts only (n8n-node's Cloud rules cover **/*.ts): a *.ts test would be skipped silently.
	it.each(['test', 'bench'])('%s/ holds no .ts file but type declarations', (dir) => {
		const ts = readdirSync(resolve(__dirname, '..', dir), { recursive: true })
			.map(String)
			.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
		expect(ts).toEqual([]);
	});
});
