// Which columns the snapshot grid shows and how wide they are. Rows are separate CSS grids (they
// are absolutely positioned for virtualization), so every width is fixed or fr-based and the same
// template goes to the header and each row.
import type { SortKey } from '../../stores/ui';

export type ColumnKey = SortKey | 'actions';

export interface Column {
  key: ColumnKey;
  /** The grid-template-columns track. */
  track: string;
  /** Its smallest width in px (the grid's min-width is their sum, so nothing is squeezed). */
  min: number;
  numeric?: boolean;
}

const ALL: Record<ColumnKey, Column> = {
  name: { key: 'name', track: 'minmax(150px, 1fr)', min: 150 },
  state: { key: 'state', track: '112px', min: 112 },
  kind: { key: 'kind', track: '80px', min: 80 },
  vm: { key: 'vm', track: 'minmax(80px, 0.6fr)', min: 80 },
  current: { key: 'current', track: '80px', min: 80 },
  createdAt: { key: 'createdAt', track: '164px', min: 164 },
  sizeBytes: { key: 'sizeBytes', track: '84px', min: 84, numeric: true },
  protected: { key: 'protected', track: '32px', min: 32 },
  actions: { key: 'actions', track: '84px', min: 84 },
};

export interface Layout {
  /** The detail panel is open: Current becomes a badge by the name, Size and actions move to the panel. */
  compact: boolean;
  /** The list shows one VM only, so a VM column would repeat one name. */
  singleVm: boolean;
  /** Some row is unmanaged or missing and needs its Adopt/Forget button. */
  reconcileActions: boolean;
}

export interface ColumnSet {
  columns: Column[];
  template: string;
  minWidth: number;
  /** Current is shown as a badge next to the name instead of a column. */
  currentBadge: boolean;
}

export function columnSet({ compact, singleVm, reconcileActions }: Layout): ColumnSet {
  const keys: ColumnKey[] = ['name', 'state', 'kind'];
  if (!singleVm) keys.push('vm');
  if (!compact) keys.push('current');
  keys.push('createdAt');
  if (!compact) keys.push('sizeBytes');
  keys.push('protected');
  if (!compact && reconcileActions) keys.push('actions');
  const columns = keys.map((k) => ALL[k]);
  return {
    columns,
    template: columns.map((c) => c.track).join(' '),
    // 32 px: the row's horizontal padding.
    minWidth: columns.reduce((sum, c) => sum + c.min, 32),
    currentBadge: compact,
  };
}
