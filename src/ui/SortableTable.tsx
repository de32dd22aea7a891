// A small accessible sortable table: column headers are buttons, aria-sort tells the state.
import { useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  label: string;
  /** Value used for sorting. */
  value: (row: T) => number | string;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
  /** Title on the header (what the column means). */
  title?: string;
  /** False for action columns. */
  sortable?: boolean;
}

interface Props<T> {
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  initialSort: string;
  initialDir?: 'asc' | 'desc';
  testId?: string;
  onRowClick?: (row: T) => void;
  isRowSelected?: (row: T) => boolean;
  /** Hide the caption visually (kept for screen readers). */
  captionHidden?: boolean;
  empty?: ReactNode;
}

export function SortableTable<T>(props: Props<T>) {
  const { columns, rows, rowKey, caption, testId, onRowClick, isRowSelected, captionHidden, empty } = props;
  const [sort, setSort] = useState({ key: props.initialSort, dir: props.initialDir ?? 'desc' });
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort.key) ?? columns[0];
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb);
      return sign * String(va).localeCompare(String(vb));
    });
  }, [rows, columns, sort]);

  return (
    <table className="data-table" data-testid={testId}>
      <caption className={captionHidden ? 'sr-only' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => {
            const active = c.key === sort.key;
            return (
              <th
                key={c.key}
                scope="col"
                className={c.numeric ? 'num' : undefined}
                aria-sort={
                  c.sortable === false ? undefined : active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'
                }
                title={c.title}
              >
                {c.sortable === false ? (
                  <span className="sr-only">{c.label}</span>
                ) : (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() =>
                      setSort((s) => ({
                        key: c.key,
                        dir: s.key === c.key ? (s.dir === 'asc' ? 'desc' : 'asc') : c.numeric ? 'desc' : 'asc',
                      }))
                    }
                  >
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {sorted.length === 0 && empty && (
          <tr>
            <td colSpan={columns.length} className="empty-cell">
              {empty}
            </td>
          </tr>
        )}
        {sorted.map((row) => (
          <tr
            key={rowKey(row)}
            className={isRowSelected?.(row) ? 'selected' : undefined}
            onClick={onRowClick ? () => onRowClick(row) : undefined}
          >
            {columns.map((c, k) =>
              k === 0 ? (
                <th key={c.key} scope="row" className={c.numeric ? 'num' : undefined}>
                  {c.render ? c.render(row) : c.value(row)}
                </th>
              ) : (
                <td key={c.key} className={c.numeric ? 'num' : undefined}>
                  {c.render ? c.render(row) : c.value(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
