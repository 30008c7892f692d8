import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { useShowError } from '../hooks.js';
import type { Page } from '../types.js';

interface RegistryItem {
  id: string;
  name: string;
  address?: string | null;
}

export interface RegistryPickerProps {
  /** The registry kind: `enterprise` or `venue` (GET /api/v1/registry/:kind). */
  kind: 'enterprise' | 'venue';
  /** Search below this region (the caller's whole scope when absent). */
  regionId?: string | null | undefined;
  value?: string | null;
  onChange?: (id: string | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  'data-testid'?: string;
  id?: string;
}

/** Pick an enterprise or a venue from the registry by name (searched on the server, 20 at a time). */
export function RegistryPicker({ kind, regionId, value, onChange, placeholder, allowClear, id, ...rest }: RegistryPickerProps) {
  const showError = useShowError();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      api.get<Page<RegistryItem>>(`/api/v1/registry/${kind}`, { regionId: regionId ?? undefined, q: q || undefined, pageSize: 20 }).then(
        (res) => {
          if (mine !== seq.current) return;
          setOptions(res.items.map((x) => ({ value: x.id, label: x.address ? `${x.name} · ${x.address}` : x.name })));
          setLoading(false);
        },
        (e: unknown) => {
          if (mine === seq.current) setLoading(false);
          showError(e);
        },
      );
    }, 250);
  };

  // A value set from outside (editing an account) gets its name.
  useEffect(() => {
    if (!value || options.some((o) => o.value === value)) return;
    let live = true;
    // The detail answers { record, history }.
    api.get<{ record: RegistryItem }>(`/api/v1/registry/${kind}/${value}`).then(
      ({ record: x }) => live && setOptions((o) => [{ value: x.id, label: x.name }, ...o]),
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
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => open && search('')}
      notFoundContent={null}
      data-testid={rest['data-testid']}
    />
  );
}
