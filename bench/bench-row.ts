// The shape every benchmark reports: one row of the table `npm run bench` prints.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The reference figure measured in the same run, when the row has one. */
  reference?: number;
  /** value / reference (or the ratio the row defines, explained in `note`). */
  ratio?: number;
  note?: string;
}
