import { SafetyCertificateFilled } from '@ant-design/icons';
import { Alert, Card, Descriptions, Empty, Flex, Input, Pagination, Select, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { PRODUCT_CATEGORIES } from '../../../../src/registry/dictionaries.js';
import { api } from '../../api.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { useIsPhone } from '../../hooks.js';
import type { MsgKey } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';

export type PublicList = 'blacklist' | 'unqualified-products';

/** A row of GET /api/v1/public/… (public.routes.ts presentPublic): listed fields, personal data masked. */
type PublicItem = Record<string, string | null> & { id: string };

interface PublicPage {
  items: PublicItem[];
  total: number;
  page: number;
  pageSize: number;
}

const PAGE_SIZE = 10;

/** The fields shown under an item's title, in order. */
const DETAILS: Record<PublicList, { key: string; label: MsgKey }[]> = {
  blacklist: [
    { key: 'idNumber', label: 'public.idNumber' },
    { key: 'enterpriseName', label: 'public.enterpriseName' },
    { key: 'reason', label: 'public.reason' },
    { key: 'listedOn', label: 'public.listedOn' },
    { key: 'until', label: 'public.until' },
  ],
  'unqualified-products': [
    { key: 'brand', label: 'public.brand' },
    { key: 'model', label: 'public.model' },
    { key: 'maker', label: 'public.maker' },
    { key: 'problem', label: 'public.problem' },
    { key: 'publishedOn', label: 'public.publishedOn' },
  ],
};

const TITLES: Record<PublicList, MsgKey> = { blacklist: 'public.blacklist', 'unqualified-products': 'public.products' };

/**
 * The lists the public may see without an account (R2.8, R8.2): the delivery-worker blacklist and
 * the unqualified products, searchable and paged, personal data masked by the server. No shell,
 * no session; made for a phone first.
 */
export function PublicListPage({ which }: { which: PublicList }) {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<PublicPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const other: PublicList = which === 'blacklist' ? 'unqualified-products' : 'blacklist';

  useEffect(() => {
    document.title = `${t(TITLES[which])} - ${t('app.title')}`;
    return () => {
      document.title = t('app.title');
    };
  }, [which, t]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .get<PublicPage>(`/api/v1/public/${which}`, { q: q || undefined, category: which === 'unqualified-products' ? category : undefined, page, pageSize: PAGE_SIZE }, { noRedirect: true })
      .then(
        (res) => {
          if (!live) return;
          setData(res);
          setError(null);
        },
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [which, q, category, page]);

  const titleOf = (i: PublicItem) => (which === 'blacklist' ? i.personName : i.name) ?? '';

  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5' }} data-testid="public-page">
      <div className="gg-auth-bg" style={{ minHeight: 0, padding: phone ? '12px 12px 16px' : '16px 24px 24px' }}>
        <Flex justify="space-between" align="center" gap={8} style={{ maxWidth: 960, margin: '0 auto' }}>
          <Link to="/login" style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
            <SafetyCertificateFilled style={{ fontSize: 22, color: '#ff7a45', flex: 'none' }} />
            <Typography.Text strong ellipsis style={{ color: '#fff' }}>
              {t('app.title')}
            </Typography.Text>
          </Link>
          <LanguageSwitch dark />
        </Flex>
        <div style={{ maxWidth: 960, margin: '12px auto 0' }}>
          <Typography.Title level={phone ? 4 : 3} style={{ color: '#fff', margin: 0 }} data-testid="public-title">
            {t(TITLES[which])}
          </Typography.Title>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.75)', fontSize: 13 }}>{t(which === 'blacklist' ? 'public.blacklistNote' : 'public.productsNote')}</Typography.Text>
        </div>
      </div>

      <div style={{ padding: phone ? 12 : 24 }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            enterButton
            placeholder={t(which === 'blacklist' ? 'public.searchBlacklist' : 'public.searchProducts')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ flex: '1 1 240px' }}
            data-testid="public-search"
          />
          {which === 'unqualified-products' ? (
            <Select
              allowClear
              placeholder={t('public.category')}
              value={category}
              onChange={(v: string | undefined) => {
                setCategory(v);
                setPage(1);
              }}
              options={Object.entries(PRODUCT_CATEGORIES).map(([value, l]) => ({ value, label: label(l) }))}
              style={{ flex: '1 1 160px', maxWidth: phone ? undefined : 220 }}
              data-testid="public-category"
            />
          ) : null}
        </Flex>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="public-total">
          {t('common.total', { total: data?.total ?? 0 })}
        </Typography.Paragraph>
        <Spin spinning={loading}>
          <Flex vertical gap={12} data-testid="public-list">
            {data && data.items.length === 0 ? <Empty description={t('public.empty')} style={{ padding: 32, background: '#fff', borderRadius: 8 }} /> : null}
            {(data?.items ?? []).map((i) => (
              <Card
                key={i.id}
                size="small"
                data-testid="public-item"
                title={
                  <Flex gap={8} align="center" wrap style={{ padding: '4px 0' }}>
                    <Typography.Text strong style={{ whiteSpace: 'normal' }}>
                      {titleOf(i)}
                    </Typography.Text>
                    {which === 'unqualified-products' && i.category ? <Tag color="volcano">{label(PRODUCT_CATEGORIES[i.category], i.category)}</Tag> : null}
                  </Flex>
                }
              >
                <Descriptions
                  size="small"
                  column={phone ? 1 : 2}
                  items={DETAILS[which]
                    .filter((d) => i[d.key])
                    .map((d) => ({
                      key: d.key,
                      label: t(d.label),
                      children: d.key === 'problem' || d.key === 'reason' ? <Typography.Text type="danger">{i[d.key]}</Typography.Text> : i[d.key],
                      ...(d.key === 'problem' || d.key === 'reason' ? { span: phone ? 1 : 2 } : {}),
                    }))}
                />
              </Card>
            ))}
          </Flex>
        </Spin>
        {data && data.total > PAGE_SIZE ? (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Pagination current={page} pageSize={PAGE_SIZE} total={data.total} onChange={setPage} simple={phone} showSizeChanger={false} data-testid="public-pagination" />
          </Flex>
        ) : null}
        <Flex justify="center" gap={16} wrap style={{ marginTop: 24, fontSize: 13 }}>
          <Link to={`/public/${other}`} data-testid="public-other">
            {t(TITLES[other])}
          </Link>
          <Link to="/login">{t('public.staffLogin')}</Link>
        </Flex>
        </div>
      </div>
    </div>
  );
}
