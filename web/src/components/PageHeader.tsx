import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The title line of a page, with the page's main actions on the right. */
export function PageHeader({ title, subtitle, extra, testId }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }} data-testid={testId}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
      </div>
      {extra ? (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
