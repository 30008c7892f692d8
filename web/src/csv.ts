/**
 * Client-side CSV export of what a ledger shows. A UTF-8 BOM makes Excel read Chinese correctly;
 * cells starting with = + - @, a tab or CR get a leading ' so Excel does not run them as formulas
 * (conventions.md, "Exports neutralise formula injection").
 */
export interface CsvColumn<T> {
  title: string;
  value(row: T): string | number | boolean | null | undefined;
}

export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const line = (cells: string[]) => cells.map((c) => quote(neutralise(c))).join(',');
  return [line(columns.map((c) => c.title)), ...rows.map((r) => line(columns.map((c) => String(c.value(r) ?? ''))))].join('\r\n');
}

export function downloadCsv<T>(filename: string, columns: CsvColumn<T>[], rows: T[]): void {
  const blob = new Blob(['\uFEFF', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name with today's date: 账号_20260105.csv */
export function datedName(base: string): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${base}_${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}.csv`;
}
