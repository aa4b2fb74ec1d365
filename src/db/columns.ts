import type { ColumnType } from 'kysely';

// The column types every table file uses. `pg` returns bigint and numeric columns as strings
// (so do we with PGlite), so ids and money are strings on the way out and accept numbers or
// strings on the way in.

export type BigIntColumn = ColumnType<string, string | number | bigint, string | number | bigint>;
export type GeneratedBigInt = ColumnType<string, string | number | undefined, never>;
export type Money = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string, string>;
/** A JSON column with a default: may be left out on insert. */
export type DefaultJson<T> = ColumnType<T, string | undefined, string>;
/** A column with a default in the table: may be left out on insert. */
export type WithDefault<T> = ColumnType<T, T | undefined, T>;
/** A cursor (a person id) that starts at 0. */
export type Cursor = ColumnType<string, string | number | undefined, string | number>;

export type GrowthStatus = 'berkembang' | 'stagnan' | 'menurun' | 'belum_cukup_data';
