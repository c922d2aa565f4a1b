/** Types for desk-config.js, which vitest.config.ts imports. */
export declare const DESK_CONFIG: string;
export declare function deskConfigFrom(reader: string, main?: string): string;
export declare function writeDeskConfig(): string;
