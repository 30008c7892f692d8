/**
 * Demo data of cylinder traceability, added to the demo district by seedDemo (idempotent: once per
 * database, key `demo.cylinders.seeded`). Small on purpose:
 * - 大足燃气有限公司 gets its 燃气经营许可证 and 气瓶充装许可证 (it fills its own cylinders), the
 *   delivery worker 周平 (account songqi) and the filling operator 刘强 (account chongzhuang, with a
 *   特种设备作业人员证) as personnel, and delivery van 渝A·D2026 bound to 周平 and to 龙岗街道;
 * - a licensed filling station 大足区宝顶液化气充装站 (宝顶镇) entrusted to fill 大足燃气's cylinders;
 * - two bottled-gas users it supplies: the restaurant 五星小面馆 and a household in 五星社区;
 * - six cylinders: one with a full trail to 五星小面馆, one in the station ready to fill, one
 *   overdue for inspection, one past its design life, one two-phase YSP118-Ⅱ, one scrapped.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { cylinderEntrustments, cylinderEvents, cylinders, enterprises, households, licences, personnel, regions, settings, vehicles, venues } from '../db/schema/index.js';
import { creditCodeCheckChar, idNumberCheckChar } from '../shared/codes.js';
import { addDays } from '../registry/registry.rules.js';
import { issueCodes, type NewCylinder } from './cylinders.service.js';
import { addYears, chinaDate } from './dates.js';

const KEY = 'demo.cylinders.seeded';

const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17)!;
const idNumber = (first17: string) => first17 + idNumberCheckChar(first17)!;

/** Add the demo cylinders once; does nothing when the demo enterprise is missing or it ran before. */
export async function seedDemoCylinders(tx: Executor, now = new Date()): Promise<boolean> {
  const [done] = await tx.select().from(settings).where(eq(settings.key, KEY));
  if (done) return false;
  const [ent] = await tx.select().from(enterprises).where(eq(enterprises.name, '大足燃气有限公司'));
  const region = async (name: string) => (await tx.select().from(regions).where(eq(regions.name, name)))[0];
  const longgang = await region('龙岗街道');
  const baoding = await region('宝顶镇');
  const wuxing = await region('五星社区');
  if (!ent || !longgang || !baoding || !wuxing) return false;
  const today = chinaDate(now);

  await tx.insert(licences).values([
    { regionId: ent.regionId, enterpriseId: ent.id, kind: 'gas_business', number: '渝燃经500111202400012G', issuer: '重庆市大足区经济和信息化委员会', issuedOn: addDays(today, -400), validUntil: addYears(today, 2) },
    { regionId: ent.regionId, enterpriseId: ent.id, kind: 'cylinder_filling', number: 'TS4250500111-2028', issuer: '重庆市市场监督管理局', issuedOn: addDays(today, -400), validUntil: addYears(today, 3) },
  ]);
  const [station] = await tx
    .insert(enterprises)
    .values({ regionId: baoding.id, name: '大足区宝顶液化气充装站', creditCode: creditCode('91500111MA60QC8X2'), kind: 'filling_station', address: '重庆市大足区宝顶镇工业园 6 号', lat: 29.7612, lng: 105.7911 })
    .returning();
  await tx.insert(licences).values({ regionId: baoding.id, enterpriseId: station!.id, kind: 'cylinder_filling', number: 'TS4250500111-2029B', issuer: '重庆市市场监督管理局', issuedOn: addDays(today, -200), validUntil: addYears(today, 4) });
  await tx.insert(cylinderEntrustments).values({ ownerEnterpriseId: ent.id, stationId: station!.id, regionId: ent.regionId, validFrom: addDays(today, -200), validUntil: addYears(today, 2), contractNo: 'WT-2026-001' });

  const [zhou] = await tx
    .insert(personnel)
    .values({ regionId: ent.regionId, enterpriseId: ent.id, name: '周平', idNumber: idNumber('50022519850312003'), phone: '13800231234', role: 'delivery_worker', labourContract: true, socialInsurance: true })
    .returning();
  const [liu] = await tx
    .insert(personnel)
    .values({ regionId: ent.regionId, enterpriseId: ent.id, name: '刘强', idNumber: idNumber('50022519800701005'), phone: '13900235678', role: 'special_equipment_operator', labourContract: true, socialInsurance: true })
    .returning();
  await tx.insert(licences).values({ regionId: ent.regionId, enterpriseId: ent.id, personId: liu!.id, kind: 'special_equipment_cert', number: liu!.idNumber, issuer: '重庆市大足区市场监督管理局', issuedOn: addDays(today, -300), validUntil: addYears(today, 3) });
  const [van] = await tx
    .insert(vehicles)
    .values({ regionId: ent.regionId, enterpriseId: ent.id, plateNumber: '渝AD2026', kind: 'delivery', registered: true, boundWorkerId: zhou!.id, deliveryAreaId: longgang.id })
    .returning();
  const [shop] = await tx
    .insert(venues)
    .values({ regionId: wuxing.id, name: '五星小面馆', address: '重庆市大足区龙岗街道五星大道 102 号', kind: 'restaurant', gasSource: 'bottled_lpg', supplierId: ent.id, lat: 29.7063, lng: 105.7216 })
    .returning();
  await tx.insert(households).values({ regionId: wuxing.id, address: '重庆市大足区龙岗街道五星社区 3 栋 2 单元 501', gasSource: 'bottled_lpg', supplierId: ent.id, holderName: '陈芳' });

  const codes = await issueCodes(tx, '500111', 6);
  const base = { ownerEnterpriseId: ent.id, regionId: ent.regionId, maker: '重庆渝安钢瓶制造有限公司', designLifeYears: 8 } as const;
  const made = (years: number) => addDays(today, -Math.round(years * 365));
  const rows: NewCylinder[] = [
    { ...base, code: codes[0]!, serialNumber: 'YA2401001', model: 'YSP-15', waterVolumeL: 35.5, allowableFillKg: 14.5, manufactureDate: made(2), nextInspectionDate: addYears(made(2), 4) },
    { ...base, code: codes[1]!, serialNumber: 'YA2401002', model: 'YSP-50', waterVolumeL: 118, allowableFillKg: 49.5, manufactureDate: made(1), nextInspectionDate: addYears(made(1), 4) },
    { ...base, code: codes[2]!, serialNumber: 'YA1901003', model: 'YSP-15', waterVolumeL: 35.5, allowableFillKg: 14.5, manufactureDate: made(5), lastInspectionDate: addDays(made(1), -20), nextInspectionDate: addDays(today, -20) },
    { ...base, code: codes[3]!, serialNumber: 'YA1701004', model: 'YSP-15', waterVolumeL: 35.5, allowableFillKg: 14.5, manufactureDate: made(8.2), lastInspectionDate: made(1), nextInspectionDate: addYears(made(1), 4) },
    { ...base, code: codes[4]!, serialNumber: 'YA1501005', model: 'YSP118-II', waterVolumeL: 118, allowableFillKg: 49.5, manufactureDate: made(6), lastInspectionDate: made(2), nextInspectionDate: addYears(made(2), 4) },
    { ...base, code: codes[5]!, serialNumber: 'YA1401006', model: 'YSP-5', waterVolumeL: 12, allowableFillKg: 5, manufactureDate: made(9), nextInspectionDate: addYears(made(9), 4), state: 'scrapped', stateReason: '超出设计使用年限，去功能化', holderType: 'none' },
  ];
  const inserted = await tx
    .insert(cylinders)
    .values(rows.map((r) => ({ ...r, holderType: r.holderType ?? 'enterprise', holderId: ent.id, locationRegionId: ent.regionId, lastEventAt: now })))
    .returning();
  const actor = { actorLabel: 'demo', enterpriseId: ent.id };
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);
  await tx.insert(cylinderEvents).values(inserted.map((c) => ({ ...actor, cylinderId: c.id, type: 'commissioning', at: at(24 * 30), regionId: ent.regionId, data: { source: 'demo' } })));
  const [first, second, , , , scrapped] = inserted;
  const trail = [
    { type: 'filling', at: at(6), stationId: ent.id, regionId: ent.regionId, lat: 29.7051, lng: 105.7189, data: { stationName: ent.name, netWeightKg: 14.6, allowableFillKg: 14.5, toleranceKg: 0.5, overfill: false, operatorName: '刘强', preFillCheck: { passed: true }, postFillCheck: { leakOk: true, passed: true } } },
    { type: 'leave_station', at: at(5.5), stationId: ent.id, regionId: ent.regionId, lat: 29.7051, lng: 105.7189, data: {} },
    { type: 'load', at: at(5), vehicleId: van!.id, workerId: zhou!.id, regionId: ent.regionId, lat: 29.7051, lng: 105.7189, data: { vehiclePlate: van!.plateNumber, workerName: zhou!.name, boundWorkerId: zhou!.id } },
    { type: 'deliver', at: at(4), vehicleId: van!.id, workerId: zhou!.id, userType: 'venue', userId: shop!.id, regionId: wuxing.id, lat: 29.7063, lng: 105.7216, data: { userName: shop!.name, vehiclePlate: van!.plateNumber, workerName: zhou!.name, findings: 0 } },
  ];
  await tx.insert(cylinderEvents).values(trail.map((e) => ({ ...actor, cylinderId: first!.id, ...e })));
  await tx
    .update(cylinders)
    .set({ lastFilledAt: at(6), lastFillingStationId: ent.id, lastFillingStationName: ent.name, lastNetWeightKg: 14.6, holderType: 'user', holderId: shop!.id, holderName: shop!.name, locationRegionId: wuxing.id, lastLat: 29.7063, lastLng: 105.7216, lastEventAt: at(4) })
    .where(eq(cylinders.id, first!.id));
  await tx.update(cylinders).set({ holderType: 'station', holderId: ent.id, holderName: ent.name }).where(eq(cylinders.id, second!.id));
  await tx.insert(cylinderEvents).values({ ...actor, cylinderId: scrapped!.id, type: 'scrap', at: at(24), regionId: ent.regionId, data: { method: '钻孔', reason: '超出设计使用年限' } });
  await tx.insert(settings).values({ key: KEY, value: { at: now.toISOString(), codes } });
  return true;
}
