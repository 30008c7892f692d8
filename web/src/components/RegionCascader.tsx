import { Cascader, type CascaderProps } from 'antd';
import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { api } from '../api.js';
import { useShowError } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import type { Items, Region, RegionDetail } from '../types.js';

type DefaultOptionType = NonNullable<CascaderProps['options']>[number];

interface RegionOption extends DefaultOptionType {
  value: string;
  label: string;
  isLeaf: boolean;
  region: Region;
  children?: RegionOption[];
}

const toOption = (r: Region, disabledId?: string): RegionOption => ({
  value: r.id,
  label: r.name,
  isLeaf: (r.childCount ?? 0) === 0,
  region: r,
  ...(disabledId && r.id === disabledId ? { disabled: true } : {}),
});

export interface RegionCascaderProps {
  /** The chosen region's id. */
  value?: string | null;
  onChange?: (id: string | null, region: Region | null) => void;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  disabled?: boolean;
  /** Show only the last two names of the path (the header). */
  compact?: boolean;
  /** A region that may not be chosen (and whose subtree is not offered): moving a region. */
  excludeId?: string;
  'data-testid'?: string;
  id?: string;
}

/**
 * A cascader over the region tree, limited to the caller's scope: the first column is what
 * GET /api/v1/regions answers without a parent (the home region, or the roots for an admin), and
 * each column loads the next on demand (GET /api/v1/regions?parentId=). A value set from outside
 * is resolved through GET /api/v1/regions/:id, whose ancestors give the path to open.
 */
export function RegionCascader(props: RegionCascaderProps) {
  const { value, onChange, placeholder, style, allowClear = false, disabled, compact, excludeId, id } = props;
  const { t } = useI18n();
  const showError = useShowError();
  const [options, setOptions] = useState<RegionOption[] | null>(null);
  const [path, setPath] = useState<string[]>([]);
  const optionsRef = useRef<RegionOption[] | null>(null);
  optionsRef.current = options;

  const loadChildren = useCallback(
    async (opt: RegionOption) => {
      if (opt.children) return opt.children;
      const res = await api.get<Items<Region>>('/api/v1/regions', { parentId: opt.value });
      opt.children = res.items.filter((r) => r.id !== excludeId).map((r) => toOption(r, excludeId));
      opt.isLeaf = opt.children.length === 0;
      return opt.children;
    },
    [excludeId],
  );

  useEffect(() => {
    let live = true;
    api.get<Items<Region>>('/api/v1/regions').then(
      (res) => live && setOptions(res.items.map((r) => toOption(r, excludeId))),
      (e: unknown) => live && showError(e),
    );
    return () => {
      live = false;
    };
  }, [excludeId, showError]);

  // Open the path to a value chosen from outside (a remembered region, a form's initial value).
  useEffect(() => {
    if (!options) return;
    if (!value) {
      setPath([]);
      return;
    }
    if (path[path.length - 1] === value) return;
    let live = true;
    void (async () => {
      try {
        const roots = optionsRef.current ?? [];
        let chain: string[];
        if (roots.some((o) => o.value === value)) chain = [value];
        else {
          const detail = await api.get<RegionDetail>(`/api/v1/regions/${value}`);
          const ids = [...detail.ancestors.map((a) => a.id), detail.id];
          const start = ids.findIndex((i) => roots.some((o) => o.value === i));
          chain = start >= 0 ? ids.slice(start) : [];
        }
        let level: RegionOption[] = roots;
        for (const step of chain.slice(0, -1)) {
          const opt = level.find((o) => o.value === step);
          if (!opt) break;
          level = await loadChildren(opt);
        }
        if (!live) return;
        setOptions((o) => (o ? [...o] : o));
        setPath(chain);
      } catch (e) {
        if (live) showError(e);
      }
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, options === null]);

  const loadData = (selected: DefaultOptionType[]) => {
    const target = selected[selected.length - 1] as RegionOption | undefined;
    if (!target || target.children) return;
    loadChildren(target).then(
      () => setOptions((o) => (o ? [...o] : o)),
      (e: unknown) => showError(e),
    );
  };

  return (
    <span data-testid={props['data-testid']} style={{ display: 'inline-block', ...(style?.width ? { width: style.width } : {}) }}>
      <Cascader
        id={id}
        options={options ?? []}
        value={path}
        loading={options === null}
        loadData={loadData}
        changeOnSelect
        allowClear={allowClear}
        disabled={disabled}
        placeholder={placeholder ?? t('header.regionPlaceholder')}
        style={{ ...style, width: '100%' }}
        displayRender={(labels: string[]) => (compact ? labels.slice(-2) : labels).join(' / ')}
        styles={{ popup: { list: { maxHeight: 320 } } }}
        onChange={(v, selected) => {
          const ids = (v ?? []) as string[];
          const chosen = (selected as RegionOption[] | undefined)?.[ids.length - 1];
          setPath(ids);
          onChange?.(chosen ? chosen.value : null, chosen ? chosen.region : null);
        }}
      />
    </span>
  );
}
