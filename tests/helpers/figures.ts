import fs from 'node:fs';
import path from 'node:path';

/** Where reliability tests leave their figures for scripts/reliability-report.mjs. */
export const FIGURES_DIR = path.resolve(__dirname, '..', '..', 'reports', 'reliability');

export type Figures = {
  /** Section title in the README ("Hostile archives and folders"). */
  title: string;
  /** What was tried and what happened, one line each: [label, value]. */
  rows: [string, string | number][];
  /** Optional table (header row first), e.g. time and memory per resource attack. */
  table?: (string | number)[][];
  /** The test file that produced them. */
  source: string;
};

/**
 * Records the figures a reliability test measured, so the README's "Reliability and security"
 * section is produced by the test run rather than typed by hand.
 */
export function recordFigures(key: string, figures: Figures): void {
  fs.mkdirSync(FIGURES_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(FIGURES_DIR, `${key}.json`),
    `${JSON.stringify({ ...figures, at: new Date().toISOString() }, null, 2)}\n`,
  );
}
