import { readdirSync, readFileSync } from 'fs';
import { join, posix } from 'path';
import * as ts from 'typescript';

// Rooms a newcomer can read (CONTRIBUTING.md, "Import direction"): a source file stays under 400 lines
// and a script's function under 150, so a file that grows back into a 1,235-line ops.js fails here.
const root = join(__dirname, '..');
const MAX_FILE_LINES = 400;
const MAX_SCRIPT_FUNCTION_LINES = 150;

function sourceFiles(dir: string): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = posix.join(dir, entry.name);
		if (entry.isDirectory()) return path === 'sandbox/test' ? [] : sourceFiles(path);
		return /\.(ts|js|cjs|mjs)$/.test(entry.name) ? [path] : [];
	});
}

/** Lines of a file's text, as an editor numbers them. */
export function lineCount(text: string): number {
	return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** Every function with a body in `text`, longest first: its name (or line) and its line count. */
export function functionLengths(
	file: string,
	text: string,
): Array<{ name: string; lines: number }> {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: Array<{ name: string; lines: number }> = [];
	const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
	(function visit(node: ts.Node) {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const first = lineOf(node.getStart(source));
			const named = (node as ts.FunctionLikeDeclaration).name;
			const name = named ? named.getText(source) : `function at line ${first + 1}`;
			found.push({ name, lines: lineOf(node.end) - first + 1 });
		}
		ts.forEachChild(node, visit);
	})(source);
	return found.sort((a, b) => b.lines - a.lines);
}

describe('short files: no source file over 400 lines', () => {
	const files = ['nodes', 'credentials', 'sandbox', 'scripts'].flatMap(sourceFiles);

	it('finds the sources it measures (nodes, credential, sandbox, scripts)', () => {
		for (const dir of ['nodes/', 'credentials/', 'sandbox/lib/', 'scripts/lib/'])
			expect(files.some((file) => file.startsWith(dir))).toBe(true);
	});

	it('every file is under the limit', () => {
		const long = files.flatMap((file) => {
			const lines = lineCount(readFileSync(join(root, file), 'utf8'));
			return lines > MAX_FILE_LINES ? [`${file}: ${lines} lines`] : [];
		});
		expect(long).toEqual([]);
	});
});

describe('short steps: no function in scripts/ over 150 lines', () => {
	it('the measure sees a long function, nested or not (so the check can fail)', () => {
		const body = Array.from({ length: 160 }, (_, i) => `\tconst v${i} = ${i};`).join('\n');
		const text = `async function main() {\n\tconst inner = () => {\n${body}\n\t};\n}\n`;
		expect(functionLengths('x.js', text).map((f) => [f.name, f.lines])).toEqual([
			['main', 164],
			['function at line 2', 162],
		]);
		expect(lineCount(`${body}\n`)).toBe(160);
	});

	it('every function is under the limit', () => {
		const long = sourceFiles('scripts').flatMap((file) =>
			functionLengths(file, readFileSync(join(root, file), 'utf8'))
				.filter((f) => f.lines > MAX_SCRIPT_FUNCTION_LINES)
				.map((f) => `${file}: ${f.name}, ${f.lines} lines`),
		);
		expect(long).toEqual([]);
	});
});
