// Policy: versioned, validated data the core reads (SPEC §5). Placeholder shape; the full schema
// and the default policy (shared/policy-rules.md) live beside this file.
export interface Policy {
  version: string;
}
