/** One thing wrong in an import file, located so an official can fix it. */
export interface ImportProblem {
  /** Row number as a spreadsheet shows it (header = 1); null for the whole file. */
  row: number | null;
  column: string | null;
  problem: string;
}

export interface ImportReport {
  file: string;
  rowsRead: number;
  created: number;
  updated: number;
  /** Rows not imported because of a problem. */
  rejected: number;
  /** true when the file itself was refused: nothing was imported. */
  fileRejected: boolean;
  problems: ImportProblem[];
}

export function formatProblem(problem: ImportProblem): string {
  const where = [
    problem.row === null ? null : `dòng/row ${problem.row}`,
    problem.column ? `cột/column "${problem.column}"` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${problem.problem}` : problem.problem;
}
