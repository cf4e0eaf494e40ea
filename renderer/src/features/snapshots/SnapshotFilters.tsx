import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SNAPSHOT_KINDS as KINDS, SNAPSHOT_STATES as STATES } from '../../../../shared/vocabulary';
import type { SnapshotKind, SnapshotState, Vm } from '../../api/contract';
import { SelectField, TextField } from '../../ui/Field';
import type { Filters } from '../../stores/ui';
import { hasActiveFilters } from './list-model';

interface SnapshotFiltersProps {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  vms: Vm[];
  /** Volume view: the kind is fixed. */
  fixedKind?: SnapshotKind;
}

export function SnapshotFilters({ filters, onChange, vms, fixedKind }: SnapshotFiltersProps) {
  const { t } = useTranslation();
  // Built once per language (and VM list), not on every keystroke in the search field.
  const vmOptions = useMemo(() => [{ value: '', label: t('filters.allVms') }, ...vms.map((v) => ({ value: v.uuid, label: v.name }))], [t, vms]);
  const kindOptions = useMemo(() => [{ value: '' as const, label: t('filters.allKinds') }, ...KINDS.map((k) => ({ value: k, label: t(`kind.${k}.short`) }))], [t]);
  const stateOptions = useMemo(() => [{ value: '' as const, label: t('filters.allStates') }, ...STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))], [t]);
  return (
    <div className="filters" role="search" aria-label={t('filters.label')}>
      <TextField className="filter-search" label={t('filters.search')} placeholder={t('filters.searchPlaceholder')} value={filters.text} onChange={(text) => onChange({ text })} />
      <SelectField
        label={t('filters.vm')}
        value={filters.vmUuid}
        onChange={(vmUuid) => onChange({ vmUuid })}
        options={vmOptions}
      />
      {!fixedKind && (
        <SelectField<SnapshotKind | ''>
          label={t('filters.kind')}
          value={filters.kind}
          onChange={(kind) => onChange({ kind })}
          options={kindOptions}
        />
      )}
      <SelectField<SnapshotState | ''>
        label={t('filters.state')}
        value={filters.state}
        onChange={(state) => onChange({ state })}
        options={stateOptions}
      />
      <TextField className="filter-date" type="date" label={t('filters.since')} value={filters.since} onChange={(since) => onChange({ since })} />
      <TextField className="filter-date" type="date" label={t('filters.until')} value={filters.until} onChange={(until) => onChange({ until })} />
      <button
        type="button"
        className="btn btn-ghost"
        disabled={!hasActiveFilters(filters)}
        onClick={() => onChange({ vmUuid: '', text: '', kind: '', state: '', since: '', until: '' })}
      >
        {t('filters.clear')}
      </button>
    </div>
  );
}
