import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { CITY, CITY_ADMIN, CityExistsError, citySize, generateCity, type GeneratedCity } from '../../scripts/gen-city-lib.js';
import { describeOnEachDatabase } from '../../test/harness.js';
import { regionCodeProblems, type RegionLevel } from '../regions/regions.rules.js';
import { isValidCreditCode, isValidIdNumber } from '../shared/codes.js';

const SCALE = 0.002;
const OPTIONS = { scale: SCALE, seed: 7, asOf: '2026-01-15' } as const;

describeOnEachDatabase('gen:city benchmark city (R1.1, R2)', (ctx) => {
  let city: GeneratedCity;
  const inCity = () => sql`(SELECT id FROM regions WHERE path LIKE (SELECT path FROM regions WHERE id = ${city.cityId}) || '%')`;

  beforeAll(async () => {
    city = await generateCity(ctx().db, OPTIONS);
  }, 60_000);

  it('creates the city beside the demo data with the numbers its scale asks for', async () => {
    const size = citySize(SCALE);
    const towns = size.districts * size.townsPerDistrict;
    const communities = towns * size.communitiesPerTown;
    expect(city.counts).toMatchObject({
      districts: size.districts,
      towns,
      communities,
      grids: communities * size.gridsPerCommunity,
      regions: 1 + size.districts + towns + communities + communities * size.gridsPerCommunity,
      households: size.households,
      venues: size.venues,
      enterprises: size.enterprises,
      facilities: Object.values(size.facilities).reduce((a, b) => a + b, 0),
    });
    expect(city.counts.personnel).toBeGreaterThan(size.enterprises);
    expect(city.counts.licences).toBeGreaterThan(0);
    expect(city.counts.pipelineKm).toBeGreaterThan(5);
    // The demo district is untouched.
    const demo = await ctx().db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM regions WHERE code = '500111' AND status = 'active'`);
    expect(demo.rows[0]!.n).toBe(1);
  });

  it('gives every region a code that passes the region rules under its parent', async () => {
    const rows = await ctx().db.execute<{ level: RegionLevel; code: string; parent_level: RegionLevel; parent_code: string }>(sql`
      SELECT r.level, r.code, p.level AS parent_level, p.code AS parent_code
      FROM regions r JOIN regions p ON p.id = r.parent_id WHERE r.id IN ${inCity()}`);
    expect(rows.rows.length).toBe(city.counts.regions);
    const problems = rows.rows.flatMap((r) => regionCodeProblems(r.level, r.code, { level: r.parent_level, code: r.parent_code }).map((p) => `${r.code}: ${p.key}`));
    expect(problems).toEqual([]);
    expect(rows.rows.some((r) => r.level === 'town' && Number(r.code.slice(6, 9)) >= 100)).toBe(true); // a 镇 besides the 街道
    expect(rows.rows.some((r) => r.level === 'community' && Number(r.code.slice(9, 12)) >= 200)).toBe(true); // a 村 besides the 社区
  });

  it('gives valid credit codes and ID numbers', async () => {
    const db = ctx().db;
    const credit = await db.execute<{ c: string }>(sql`SELECT credit_code AS c FROM enterprises WHERE region_id IN ${inCity()}`);
    const people = await db.execute<{ c: string }>(sql`SELECT id_number AS c FROM personnel WHERE region_id IN ${inCity()}`);
    const holders = await db.execute<{ c: string }>(sql`SELECT holder_id_number AS c FROM households WHERE region_id IN ${inCity()} AND holder_id_number IS NOT NULL`);
    expect(credit.rows.length).toBe(city.counts.enterprises);
    expect(credit.rows.filter((r) => !isValidCreditCode(r.c))).toEqual([]);
    expect(people.rows.length).toBe(city.counts.personnel);
    expect(people.rows.filter((r) => !isValidIdNumber(r.c))).toEqual([]);
    expect(holders.rows.length).toBeGreaterThan(city.counts.households / 3);
    expect(holders.rows.filter((r) => !isValidIdNumber(r.c))).toEqual([]);
  });

  it('city_admin (task force of the city) lists and searches households through the API', async () => {
    const c = await ctx().login(CITY_ADMIN.username, CITY_ADMIN.password);
    const all = await c.get('/api/v1/registry/household?pageSize=5');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(city.counts.households);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.items.every((h: { regionCode: string }) => h.regionCode.startsWith(CITY.code.slice(0, 4)))).toBe(true);
    const first = all.body.items[0] as { address: string; regionId: string };
    const found = await c.get(`/api/v1/registry/household?regionId=${first.regionId}&q=${encodeURIComponent(first.address.slice(-8))}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((h: { address: string }) => h.address)).toContain(first.address);
    // Outside its city it sees nothing of the demo district.
    const demo = await c.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`);
    expect(demo.body.total).toBe(0);
  });

  it('pages a list exactly as ORDER BY … LIMIT … OFFSET would (default and chosen order)', async () => {
    const c = await ctx().login(CITY_ADMIN.username, CITY_ADMIN.password);
    for (const [query, order] of [
      ['', sql`created_at DESC, id`],
      ['&sort=address&order=asc', sql`address ASC, id`],
    ] as const) {
      const page = await c.get(`/api/v1/registry/household?page=3&pageSize=7&gasSource=pipeline_ng${query}`);
      const want = await ctx().db.execute<{ id: string }>(
        sql`SELECT id FROM households WHERE region_id IN ${inCity()} AND gas_source = 'pipeline_ng' ORDER BY ${order} LIMIT 7 OFFSET 14`,
      );
      expect(page.body.items.map((h: { id: string }) => h.id)).toEqual(want.rows.map((r) => r.id));
    }
  });

  it('refuses to generate the city again, and with replace gives the same city for the same seed', async () => {
    await expect(generateCity(ctx().db, OPTIONS)).rejects.toBeInstanceOf(CityExistsError);
    const digest = async () =>
      (await ctx().db.execute<{ d: string }>(sql`SELECT md5(string_agg(id::text || address || coalesce(holder_id_number, ''), ',' ORDER BY id)) AS d FROM households WHERE region_id IN ${inCity()}`))
        .rows[0]!.d;
    const before = await digest();
    city = await generateCity(ctx().db, { ...OPTIONS, replace: true });
    expect(await digest()).toBe(before);
  });
});
