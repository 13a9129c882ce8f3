// Types of build-freshness.cjs (the build's staleness rule) for the tests that use it.

export type BuildPart = 'tsc' | 'playground';

/** The project root and its dist/. */
export declare const ROOT: string;
export declare const DIST: string;
/** Each part's stamp file and inputs. */
export declare const PARTS: Readonly<Record<BuildPart, { readonly stamp: string; readonly inputs: readonly string[] }>>;
export declare function newestMtime(path: string): number;
export declare function mtimeOf(file: string): number | undefined;
export declare function isAfterInputs(marker: string, inputs: readonly string[]): boolean;
export declare function isFresh(part: BuildPart): boolean;
export declare function recordBuild(part: BuildPart, started: Date): void;
