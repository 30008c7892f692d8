import { Button, Checkbox, Flex, Input, InputNumber, Radio, Space, Switch, Tag, Typography } from 'antd';
import { memo, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { verdictOfAnswer, type DraftAnswer, type ItemResult } from '../../offline/drafts.js';
import { ResultTag, ruleText } from './common.js';
import { UNIT_LABELS } from './labels.js';
import { PhotoButton, PhotoThumb } from './PhotoField.js';
import type { FormItem } from './types.js';

const RESULT_COLORS: Record<ItemResult, string> = { pass: '#389e0d', fail: '#cf1322', na: '#8c8c8c' };

export interface ItemRowProps {
  item: FormItem;
  answer: DraftAnswer | undefined;
  disabled: boolean;
  /** Shown in red: the user tried to submit without answering it. */
  missing: boolean;
  onChange(itemId: string, change: (a: DraftAnswer) => DraftAnswer): void;
  onPhotos(itemId: string, files: File[]): void | Promise<void>;
  onRemovePhoto(itemId: string, photoId: string): void;
  photoBusy: boolean;
}

const empty: DraftAnswer = { photos: [] };

/** One checklist item: 合格/不合格/不适用, or a measured value with its live verdict; photos and a note. */
export const ItemRow = memo(function ItemRow({ item, answer, disabled, missing, onChange, onPhotos, onRemovePhoto, photoBusy }: ItemRowProps) {
  const { t, label } = useI18n();
  const a = answer ?? empty;
  const verdict = verdictOfAnswer(item, answer);
  const [noteOpen, setNoteOpen] = useState(false);
  const rule = item.measured;
  const set = (change: (x: DraftAnswer) => DraftAnswer) => onChange(item.id, change);
  const major = item.severity.kind === 'fixed' && item.severity.severity === 'major';
  const showNote = noteOpen || !!a.note || verdict === 'fail';

  return (
    <div
      id={`item-${item.id}`}
      data-testid={`item-${item.code}`}
      data-verdict={verdict ?? 'none'}
      style={{
        padding: '12px 4px',
        borderBottom: '1px solid #f0f0f0',
        background: missing ? '#fff1f0' : verdict === 'fail' ? '#fffaf0' : undefined,
        borderLeft: missing ? '3px solid #ff4d4f' : '3px solid transparent',
        paddingLeft: 8,
      }}
    >
      <Flex gap={6} align="center" wrap style={{ marginBottom: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.code}
        </Typography.Text>
        {major ? <Tag color="red">{t('insp.major')}</Tag> : null}
        {item.origin === 'local' ? <Tag color="cyan">{t('insp.localItem')}</Tag> : null}
      </Flex>
      <Typography.Paragraph style={{ marginBottom: 8, fontSize: 15 }}>{label(item.text)}</Typography.Paragraph>

      {rule ? (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {rule.quantity ? label(rule.quantity) : t('insp.measuredValue')} · {ruleText(rule, t, label)}
          </Typography.Text>
          <Flex gap={8} align="center" wrap>
            <div data-testid={`value-${item.code}`} style={{ flex: '1 1 140px', maxWidth: 220 }}>
              <InputNumber<number>
                size="large"
                min={0}
                step={rule.unit === 'm' ? 0.1 : 1}
                inputMode="decimal"
                style={{ width: '100%' }}
                value={a.value ?? null}
                disabled={disabled || a.result === 'na'}
                placeholder={t('insp.enterValue')}
                suffix={label(UNIT_LABELS[rule.unit])}
                onChange={(v) => set((x) => ({ ...x, value: typeof v === 'number' && Number.isFinite(v) ? v : null }))}
              />
            </div>
            <Checkbox
              checked={a.result === 'na'}
              disabled={disabled}
              onChange={(e) => set((x) => ({ ...x, result: e.target.checked ? 'na' : undefined }))}
              data-testid={`na-${item.code}`}
            >
              {t('insp.result.na')}
            </Checkbox>
            <span data-testid={`verdict-${item.code}`}>
              <ResultTag result={verdict} />
            </span>
          </Flex>
          {rule.unlessFlag ? (
            <Flex gap={8} align="center">
              <Typography.Text>{label(rule.unlessFlag.label)}</Typography.Text>
              <Switch
                checked={a.flag === true}
                disabled={disabled || a.result === 'na'}
                checkedChildren={t('common.yes')}
                unCheckedChildren={t('common.no')}
                onChange={(v) => set((x) => ({ ...x, flag: v }))}
                data-testid={`flag-${item.code}`}
              />
            </Flex>
          ) : null}
        </Flex>
      ) : (
        <Radio.Group
          block
          size="large"
          optionType="button"
          value={a.result ?? null}
          disabled={disabled}
          onChange={(e) => set((x) => ({ ...x, result: e.target.value as ItemResult }))}
          data-testid={`result-${item.code}`}
        >
          {(['pass', 'fail', 'na'] as const).map((r) => (
            <Radio.Button
              key={r}
              value={r}
              style={{
                height: 44,
                lineHeight: '42px',
                ...(a.result === r ? { background: RESULT_COLORS[r], borderColor: RESULT_COLORS[r], color: '#fff' } : {}),
              }}
            >
              {t(`insp.result.${r}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
      )}

      <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
        <PhotoButton testId={`photo-input-${item.code}`} disabled={disabled || a.photos.length >= 10} busy={photoBusy} onFiles={(files) => void onPhotos(item.id, files)} />
        {a.photos.map((p) => (
          <PhotoThumb key={p.id} photo={p} disabled={disabled} onRemove={() => onRemovePhoto(item.id, p.id)} />
        ))}
        {!showNote && !disabled ? (
          <Button type="link" onClick={() => setNoteOpen(true)} style={{ paddingInline: 4 }}>
            {t('insp.addNote')}
          </Button>
        ) : null}
      </Flex>
      {showNote ? (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={1000}
            value={a.note ?? ''}
            disabled={disabled}
            placeholder={verdict === 'fail' ? t('insp.notePlaceholderFail') : t('insp.notePlaceholder')}
            onChange={(e) => set((x) => ({ ...x, note: e.target.value }))}
            data-testid={`note-${item.code}`}
          />
        </Space.Compact>
      ) : null}
    </div>
  );
});
