import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ancestorsOf, isDivisionCode } from '../domain';
import { childDivisionsOf, divisionsByCode, type DivisionRow } from './divisions.repository';

export type DivisionWithFamily = DivisionRow & { parents: DivisionRow[]; children: DivisionRow[] };

/** The division registry as people browse it: a unit with its parent chain and its children. */
@Injectable()
export class DivisionsService {
  constructor(private readonly db: DataSource) {}

  /** The unit, its ancestors from the parent up, and its children; null when the registry has no such unit. */
  async withFamily(code: string): Promise<DivisionWithFamily | null> {
    if (!isDivisionCode(code)) return null;
    const chain = await divisionsByCode(this.db, [code, ...ancestorsOf(code)]);
    const unit = chain.find((d) => d.code === code);
    if (!unit) return null;
    const parents = ancestorsOf(code)
      .map((c) => chain.find((d) => d.code === c))
      .filter((d): d is DivisionRow => d !== undefined);
    return { ...unit, parents, children: await childDivisionsOf(this.db, code) };
  }
}
