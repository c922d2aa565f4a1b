/** Types for migrations.js, which vitest.config.ts imports. */
export declare const MIGRATIONS_DIR: string;
export declare function readMigrations(dir?: string): { name: string; sql: string }[];
