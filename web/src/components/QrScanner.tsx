import { Alert, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.js';

/** The part of the (not yet standard everywhere) Barcode Detection API used here. */
interface DetectedCode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedCode[]>;
}
type BarcodeDetectorCtor = new (opts?: { formats?: string[] }) => BarcodeDetectorLike;

function detectorCtor(): BarcodeDetectorCtor | null {
  const w = window as unknown as { BarcodeDetector?: BarcodeDetectorCtor };
  return typeof w.BarcodeDetector === 'function' ? w.BarcodeDetector : null;
}

/** True when this browser can scan QR codes from the camera (BarcodeDetector and getUserMedia). */
export function canScanQr(): boolean {
  return typeof window !== 'undefined' && detectorCtor() !== null && !!navigator.mediaDevices?.getUserMedia;
}

/**
 * A camera view that reads the first QR code it sees (rear camera, BarcodeDetector), then closes.
 * Browsers without the API get no scan button; the typed-code box next to it always works.
 */
export function QrScanner({ open, onResult, onClose }: { open: boolean; onResult(text: string): void; onClose(): void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const report = useRef(onResult);
  report.current = onResult;

  useEffect(() => {
    if (!open) return;
    setError(null);
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const Ctor = detectorCtor();
    void (async () => {
      try {
        if (!Ctor) throw new Error(t('scan.unsupported'));
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play().catch(() => undefined);
        const detector = new Ctor({ formats: ['qr_code'] });
        const tick = async () => {
          if (stopped || !video.current) return;
          try {
            if (video.current.readyState >= 2) {
              const codes = await detector.detect(video.current);
              const hit = codes.find((c) => c.rawValue);
              if (hit) {
                stopped = true;
                report.current(hit.rawValue);
                return;
              }
            }
          } catch {
            // A frame the detector could not read: try the next one.
          }
          timer = setTimeout(() => void tick(), 250);
        };
        void tick();
      } catch (e) {
        if (!stopped) setError(e instanceof Error && e.name === 'NotAllowedError' ? t('scan.denied') : e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [open, t]);

  return (
    <Modal open={open} title={t('scan.title')} onCancel={onClose} footer={null} destroyOnHidden>
      {error ? <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <video ref={video} muted playsInline style={{ width: '100%', borderRadius: 8, background: '#000', minHeight: 200 }} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('scan.hint')}
      </Typography.Paragraph>
    </Modal>
  );
}
