import { CameraOutlined, CloseCircleFilled, CloudUploadOutlined } from '@ant-design/icons';
import { Button, Flex, Image, Spin, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { getPhotoBlob, type DraftPhoto } from '../../offline/drafts.js';

/** One photo of a draft: the local blob while there is one, else the uploaded file. */
export function PhotoThumb({ photo, onRemove, disabled, size = 64 }: { photo: DraftPhoto; onRemove?: () => void; disabled?: boolean; size?: number }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    getPhotoBlob(photo.id).then(
      (blob) => {
        if (!live) return;
        if (blob) {
          url = URL.createObjectURL(blob);
          setSrc(url);
        } else if (photo.fileId) setSrc(`/api/v1/files/${photo.fileId}`);
      },
      () => live && photo.fileId && setSrc(`/api/v1/files/${photo.fileId}`),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [photo.id, photo.fileId]);
  return (
    <div style={{ position: 'relative', width: size, height: size }} data-testid="photo-thumb" data-uploaded={photo.fileId ? 'yes' : 'no'}>
      {src ? (
        <Image src={src} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 6 }} alt="" />
      ) : (
        <Flex align="center" justify="center" style={{ width: size, height: size, background: '#f5f5f5', borderRadius: 6 }}>
          <Spin size="small" />
        </Flex>
      )}
      {!photo.fileId ? (
        <Tooltip title={t('insp.photoLocal')}>
          <CloudUploadOutlined style={{ position: 'absolute', left: 3, bottom: 3, color: '#fa8c16', background: '#fff', borderRadius: 8, padding: 1 }} />
        </Tooltip>
      ) : null}
      {onRemove && !disabled ? (
        <CloseCircleFilled
          onClick={onRemove}
          aria-label={t('common.delete')}
          style={{ position: 'absolute', top: -6, right: -6, fontSize: 18, color: '#ff4d4f', background: '#fff', borderRadius: 9, cursor: 'pointer' }}
        />
      ) : null}
    </div>
  );
}

/** The camera button of an item (rear camera on phones, the file picker elsewhere). */
export function PhotoButton({ onFiles, disabled, testId, busy }: { onFiles(files: File[]): void; disabled?: boolean; testId: string; busy?: boolean }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <Button icon={<CameraOutlined />} disabled={disabled} loading={busy} onClick={() => input.current?.click()} style={{ height: 40 }}>
        {t('insp.photo')}
      </Button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid={testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}
