import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Can } from '../auth/auth.decorators';
import { ancestorsOf, isDivisionCode } from '../domain';
import { notFound } from '../http/problem';
import { childDivisionsOf, divisionsByCode } from './divisions.repository';

interface DivisionDto {
  code: string;
  name: string;
  level: string;
}

@ApiTags('divisions')
@ApiBearerAuth()
@Controller('v1/divisions')
export class DivisionsController {
  constructor(private readonly db: DataSource) {}

  @Get(':code')
  @Can('division.read')
  @ApiOperation({ summary: 'A unit with its parent chain and children' })
  async get(@Param('code') code: string): Promise<DivisionDto & { parents: DivisionDto[]; children: DivisionDto[] }> {
    if (!isDivisionCode(code)) throw notFound('division');
    const chain: DivisionDto[] = await divisionsByCode(this.db, [code, ...ancestorsOf(code)]);
    const unit = chain.find((d) => d.code === code);
    if (!unit) throw notFound('division');
    const children: DivisionDto[] = await childDivisionsOf(this.db, code);
    const parents = ancestorsOf(code)
      .map((c) => chain.find((d) => d.code === c))
      .filter((d): d is DivisionDto => d !== undefined);
    return { ...unit, parents, children };
  }
}
