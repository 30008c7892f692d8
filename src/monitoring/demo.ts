/**
 * Demo devices (R7.1) for the demo region: at 老街火锅 a methane detector above the stoves, a CO
 * detector in the dining room and an emergency shut-off valve after the meter, maintained by
 * 大足燃气有限公司 (so its account `qiye` sees them and their alarms). Idempotent: codes are unique.
 * Publish to them with e.g. `mosquitto_pub -p 1884 -q 1 -t gasguard/v1/devices/DZ-LJHG-CH4-01/telemetry -m '{"ts":…,"ch4":30}'`.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { devices, deviceState, enterprises, venues } from '../db/schema/index.js';

export const DEMO_DEVICES = [
  { code: 'DZ-LJHG-CH4-01', type: 'methane_detector', location: '后厨灶台上方', model: 'JT-BF-9500', vendor: '示例安防科技' },
  { code: 'DZ-LJHG-CO-01', type: 'co_detector', location: '大堂', model: 'JT-CO-100', vendor: '示例安防科技' },
  { code: 'DZ-LJHG-ESV-01', type: 'shutoff_valve', location: '燃气表后', model: 'ZCF-25', vendor: '示例阀门' },
] as const;

export async function seedMonitoringDemo(tx: Executor): Promise<void> {
  const [venue] = await tx.select().from(venues).where(eq(venues.name, '老街火锅'));
  const [company] = await tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, '大足燃气有限公司'));
  if (!venue) return;
  const rows = await tx
    .insert(devices)
    .values(
      DEMO_DEVICES.map((d) => ({
        ...d,
        subjectType: 'venue',
        subjectId: venue.id,
        subjectName: venue.name,
        regionId: venue.regionId,
        enterpriseId: company?.id ?? null,
        venueId: venue.id,
        gasType: 'natural_gas',
        installedOn: '2025-10-01',
        expiresOn: '2030-09-30',
      })),
    )
    .onConflictDoNothing({ target: devices.code })
    .returning({ id: devices.id });
  if (rows.length) await tx.insert(deviceState).values(rows.map((r) => ({ deviceId: r.id }))).onConflictDoNothing();
}
