export declare const INITIAL_JS_BUDGET_BYTES: number;
export declare function initialJs(outDir: string): { files: { file: string; raw: number; gzip: number }[]; gzip: number; raw: number };
