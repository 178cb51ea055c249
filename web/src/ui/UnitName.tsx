import { useDivision } from '../api/queries';

/** A unit's name (from the division registry), its code while loading or when unknown. */
export function UnitName({ code }: { code: string | null | undefined }) {
  const d = useDivision(code);
  if (!code) return <>—</>;
  return <span title={code}>{d.data?.name ?? code}</span>;
}
