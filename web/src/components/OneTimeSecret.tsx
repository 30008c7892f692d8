import { Alert, Typography } from 'antd';

/** A secret shown once (initial password, API token), with a copy button; long ones wrap on a phone. */
export function OneTimeSecret({ value, note, testId }: { value: string; note: string; testId: string }) {
  return (
    <>
      <Alert type="warning" showIcon title={note} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        copyable={{ text: value }}
        style={{
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: 16,
          wordBreak: 'break-all',
          padding: '6px 10px',
          background: '#f5f5f5',
          border: '1px solid #e8e8e8',
          borderRadius: 4,
        }}
        data-testid={testId}
      >
        {value}
      </Typography.Paragraph>
    </>
  );
}
