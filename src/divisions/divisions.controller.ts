import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can } from '../auth/auth.decorators';
import { notFound } from '../http/problem';
import { DivisionsService, type DivisionWithFamily } from './divisions.service';

@ApiTags('divisions')
@ApiBearerAuth()
@Controller('v1/divisions')
export class DivisionsController {
  constructor(private readonly divisions: DivisionsService) {}

  @Get(':code')
  @Can('division.read')
  @ApiOperation({ summary: 'A unit with its parent chain and children' })
  async get(@Param('code') code: string): Promise<DivisionWithFamily> {
    const unit = await this.divisions.withFamily(code);
    if (!unit) throw notFound('division');
    return unit;
  }
}
