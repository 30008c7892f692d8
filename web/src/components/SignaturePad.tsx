import { ClearOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useCallback, useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { useI18n } from '../i18n/index.js';

export interface SignaturePadProps {
  /** The signature as a PNG data URL, or null when empty. */
  value: string | null;
  onChange(value: string | null): void;
  disabled?: boolean;
  height?: number;
  'data-testid'?: string;
}

/**
 * A signature drawn with a finger, pen or mouse (pointer events) on a canvas, exported as PNG.
 * The canvas is sized to its box and the device's pixel ratio; a stored value is drawn back when
 * the pad opens again (a restored draft).
 */
export function SignaturePad({ value, onChange, disabled, height = 170, ...rest }: SignaturePadProps) {
  const { t } = useI18n();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef(false);
  const inked = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);
  const shown = useRef<string | null>(null);

  const setup = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ratio = Math.max(1, window.devicePixelRatio || 1);
    const w = canvas.clientWidth || 300;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, height);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
    inked.current = false;
    shown.current = null;
  }, [height]);

  /** Clear the pad and draw `v` (a stored signature, e.g. after a reload) into it. */
  const draw = useCallback(
    (v: string | null) => {
      const canvas = canvasRef.current;
      if (!canvas) return;
      setup();
      if (!v) return;
      const img = new Image();
      img.onload = () => {
        const ctx = canvas.getContext('2d');
        if (!ctx) return;
        const w = canvas.clientWidth || 300;
        // The context is scaled to CSS pixels: fit the stored picture into the pad's box.
        const scale = Math.min(w / img.naturalWidth, height / img.naturalHeight);
        ctx.drawImage(img, 0, 0, img.naturalWidth * scale, img.naturalHeight * scale);
        inked.current = true;
        shown.current = v;
      };
      img.src = v;
    },
    [setup, height],
  );

  const current = useRef(value);
  current.current = value;

  // Draw the stored signature unless it is what the canvas already shows.
  useEffect(() => {
    if (value && value === shown.current) return;
    draw(value);
  }, [value, draw]);

  // A phone turned sideways: size the bitmap to the new box and draw the signature again.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    let width = canvas.clientWidth;
    const ro = new ResizeObserver(() => {
      const w = canvas.clientWidth;
      if (!w || Math.abs(w - width) < 2 || drawing.current) return;
      width = w;
      draw(current.current);
    });
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [draw]);

  const point = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const down = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = true;
    const p = point(e);
    last.current = p;
    const ctx = e.currentTarget.getContext('2d');
    if (ctx) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 1.2, 0, Math.PI * 2);
      ctx.fillStyle = '#111';
      ctx.fill();
    }
  };

  const move = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current || disabled) return;
    e.preventDefault();
    const ctx = e.currentTarget.getContext('2d');
    const p = point(e);
    if (ctx && last.current) {
      ctx.beginPath();
      ctx.moveTo(last.current.x, last.current.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      inked.current = true;
    }
    last.current = p;
  };

  const up = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current = false;
    last.current = null;
    if (!inked.current) return;
    const url = e.currentTarget.toDataURL('image/png');
    shown.current = url;
    onChange(url);
  };

  return (
    <div data-testid={rest['data-testid']}>
      <canvas
        ref={canvasRef}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={(e) => drawing.current && up(e)}
        style={{
          width: '100%',
          height,
          display: 'block',
          border: '1px dashed #bfbfbf',
          borderRadius: 6,
          background: '#fff',
          touchAction: 'none',
          cursor: disabled ? 'not-allowed' : 'crosshair',
        }}
        aria-label={t('sign.area')}
        data-signed={value ? 'yes' : 'no'}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {value ? t('sign.signed') : t('sign.hint')}
        </Typography.Text>
        <Button
          size="small"
          icon={<ClearOutlined />}
          disabled={disabled || !value}
          onClick={() => {
            setup();
            onChange(null);
          }}
        >
          {t('sign.clear')}
        </Button>
      </Flex>
    </div>
  );
}
