/**
 * PostgreSQL instants reach the app as ISO-8601 UTC text (dialect.ts isoInstant, the type parser of
 * timestamptz and timestamp): built from PostgreSQL's own text without Date's parser, and always
 * what `new Date(text).toISOString()` made of the same text.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { isoInstant } from './dialect.ts';

const viaDate = (text: string, zone: '+00' | '') => new Date(zone ? text : `${text}Z`).toISOString();

describe('isoInstant', () => {
  it('writes what Date writes for every form PostgreSQL sends, and goes through Date for the rest', () => {
    for (const text of ['2026-11-30 21:54:44.123456+00', '2026-11-30 21:54:44.999999+00', '2026-11-30 21:54:44.12+00', '2026-11-30 21:54:44.1+00', '2026-11-30 21:54:44+00', '1999-12-31 23:59:59.000001+00', '2026-11-30 22:54:44.5+01', '2026-11-30 16:24:44.5-05:30', '0099-01-01 00:00:00+00', '0999-01-01 00:00:00+00']) {
      expect(isoInstant(text, '+00')).toBe(viaDate(text, '+00'));
    }
    for (const text of ['2026-11-30 21:54:44.123456', '2026-11-30 21:54:44', '2026-11-30 21:54:44.5']) expect(isoInstant(text, '')).toBe(viaDate(text, ''));
    expect(() => isoInstant('infinity', '+00')).toThrow(RangeError);
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('instants read from PostgreSQL', () => {
  let t: TestApp;
  let client: pg.Client;
  beforeAll(async () => {
    t = await createTestApp('postgres');
    client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  it('random instants to the microsecond, in UTC and in other zones, with and without a zone', async () => {
    for (const zone of ['UTC', 'Europe/Madrid', 'America/St_Johns']) {
      await client.query(`set timezone to '${zone}'`);
      const { rows } = await client.query<{ tz: string; ts: string }>(
        `select (x::text) as tz, (x at time zone 'UTC')::text as ts from (
           select timestamptz '2020-01-01 00:00:00+00' + (random() * 2e8)::bigint * interval '1 second' + (random() * 1e6)::int * interval '1 microsecond' as x from generate_series(1, 2000)
           union all select timestamptz '2026-11-30 21:54:44+00' union all select timestamptz '2026-11-30 21:54:44.1+00') s`,
      );
      for (const r of rows) {
        expect(isoInstant(r.tz, '+00')).toBe(viaDate(r.tz, '+00'));
        expect(isoInstant(r.ts, '')).toBe(viaDate(r.ts, ''));
      }
    }
  });
});
