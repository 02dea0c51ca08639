/**
 * What Coder itself requires of the platform, whatever the cloud.
 * Source: coder.com/docs/install (coder/coder docs/install/index.md: "PostgreSQL 13 or newer").
 */

/** Coder's oldest supported PostgreSQL major version; every cloud's database construct refuses older. */
export const MIN_CODER_POSTGRES_VERSION = 13;
