import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { useShowError } from '../hooks.js';

/** A registry record as the picker needs it (GET /api/v1/registry/:kind items). */
interface PickItem {
  id: string;
  name?: string | null;
  creditCode?: string | null;
  idNumber?: string | null;
  address?: string | null;
  enterpriseId?: string | null;
  enterpriseName?: string | null;
}

export interface RecordPickerProps {
  /** The registry kind searched: enterprises, personnel or venues. */
  kind: 'enterprise' | 'person' | 'venue';
  /** Search below this region (the caller's whole scope when absent). */
  regionId?: string | null | undefined;
  /** Personnel only: offer only the people of this enterprise. */
  enterpriseId?: string | null | undefined;
  value?: string | null;
  onChange?: (id: string | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  'data-testid'?: string;
  id?: string;
}

function describe(kind: RecordPickerProps['kind'], x: PickItem): string {
  const name = x.name ?? '';
  if (kind === 'enterprise') return x.creditCode ? `${name} · ${x.creditCode}` : name;
  if (kind === 'person') return [name, x.idNumber, x.enterpriseName].filter(Boolean).join(' · ');
  return x.address ? `${name} · ${x.address}` : name;
}

/**
 * Pick an enterprise, a person or a venue of the registry by name: searched on the server
 * (GET /api/v1/registry/:kind?q=, 20 at a time, within the region); a value set from outside
 * (editing a record) gets its name from the record's detail.
 */
export function RecordPicker({ kind, regionId, enterpriseId, value, onChange, placeholder, allowClear, disabled, id, ...rest }: RecordPickerProps) {
  const showError = useShowError();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      api.get<{ items: PickItem[] }>(`/api/v1/registry/${kind}`, { regionId: regionId ?? undefined, q: q.trim() || undefined, pageSize: enterpriseId ? 200 : 20 }).then(
        (res) => {
          if (mine !== seq.current) return;
          const items = enterpriseId ? res.items.filter((x) => x.enterpriseId === enterpriseId).slice(0, 20) : res.items;
          setOptions(items.map((x) => ({ value: x.id, label: describe(kind, x) })));
          setLoading(false);
        },
        (e: unknown) => {
          if (mine === seq.current) setLoading(false);
          showError(e);
        },
      );
    }, 250);
  };

  useEffect(() => {
    if (!value || options.some((o) => o.value === value)) return;
    let live = true;
    api.get<{ record: PickItem }>(`/api/v1/registry/${kind}/${value}`).then(
      (x) => live && setOptions((o) => [{ value: x.record.id, label: describe(kind, x.record) }, ...o.filter((y) => y.value !== x.record.id)]),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, value]);

  return (
    <Select
      id={id}
      value={value ?? null}
      onChange={(v: string | null | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={loading}
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => open && search('')}
      notFoundContent={null}
      data-testid={rest['data-testid']}
      style={{ width: '100%' }}
    />
  );
}
