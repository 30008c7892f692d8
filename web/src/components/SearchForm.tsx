import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Grid, Row, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';

export interface SearchField {
  name: string;
  label: ReactNode;
  node: ReactNode;
}

/**
 * The ledger's search form (台账查询区): fields in a responsive grid, the first row always shown,
 * the rest behind 展开/收起; 查询 and 重置 at the end. One column on a phone.
 */
export function SearchForm<T extends object>({
  form,
  fields,
  onSearch,
  visibleCount = 3,
  testId,
}: {
  form: FormInstance<T>;
  fields: SearchField[];
  onSearch(values: T): void;
  visibleCount?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState(false);
  // On a phone only the first field shows until the form is expanded.
  const phone = Grid.useBreakpoint().sm === false;
  const first = phone ? 1 : visibleCount;
  const collapsible = fields.length > first;
  const shown = expanded || !collapsible ? fields : fields.slice(0, first);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid={testId}>
      <Form form={form} layout="vertical" onFinish={onSearch} style={{ marginBottom: -8 }}>
        <Row gutter={16}>
          {shown.map((f) => (
            <Col key={f.name} xs={24} sm={12} lg={8} xl={6}>
              <Form.Item name={f.name} label={f.label} style={{ marginBottom: 12 }}>
                {f.node}
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} sm={12} lg={8} xl={6} flex="auto">
            <Flex gap={8} justify="flex-end" align="flex-end" style={{ height: '100%', paddingBottom: 12 }}>
              <Button type="primary" htmlType="submit" data-testid={testId ? `${testId}-submit` : undefined}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  onSearch(form.getFieldsValue());
                }}
              >
                {t('common.reset')}
              </Button>
              {collapsible ? (
                <Button type="link" onClick={() => setExpanded((e) => !e)} icon={expanded ? <UpOutlined /> : <DownOutlined />} iconPlacement="end">
                  {expanded ? t('common.collapse') : t('common.expand')}
                </Button>
              ) : null}
            </Flex>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
