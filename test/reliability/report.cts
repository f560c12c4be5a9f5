/** Each reliability test file writes its figures here; scripts/reliability-report.js prints the table. */
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

export const RESULTS_DIR = resolve(__dirname, '../../test-results/reliability');

export function record(section: string, name: string, figures: Record<string, unknown>): void {
	mkdirSync(RESULTS_DIR, { recursive: true });
	writeFileSync(
		join(RESULTS_DIR, `${section}-${name}.json`),
		JSON.stringify({ section, name, ...figures }, null, 2),
	);
}
