import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { DIVISION_PATTERN } from '../http/fields';
import { Can } from '../auth/auth.decorators';
import { isDivisionCode } from '../domain';
import { notFound, unprocessable } from '../http/problem';
import { DivisionsService, type DivisionWithFamily } from './divisions.service';

class DivisionView {
  @ApiProperty({ example: '330106002051' }) code: string;
  @ApiProperty({ example: '上保社区' }) name: string;
  @ApiProperty({ enum: ['province', 'city', 'county', 'township', 'village'] }) level: string;
}

class DivisionFamilyView extends DivisionView {
  @ApiProperty({ type: [DivisionView], description: 'from the parent up to the province' }) parents: DivisionView[];
  @ApiProperty({ type: [DivisionView] }) children: DivisionView[];
}

@ApiTags('divisions')
@ApiBearerAuth()
@Controller('v1/divisions')
export class DivisionsController {
  constructor(private readonly divisions: DivisionsService) {}

  @Get(':code')
  @Can('division.read')
  @ApiOperation({ summary: 'A unit with its parent chain and children' })
  @ApiParam({
    name: 'code',
    description: '12-digit division code',
    example: '330106002051',
    schema: { type: 'string', pattern: DIVISION_PATTERN.source },
  })
  @ApiOkResponse({ type: DivisionFamilyView })
  @ApiProblems(404, 422)
  async get(@Param('code') code: string): Promise<DivisionWithFamily> {
    const unit = await this.divisions.withFamily(code);
    // SPEC §2: a well-formed code the registry does not know is an unknown division (422); a malformed one is 404.
    if (!unit && isDivisionCode(code))
      throw unprocessable([{ field: 'code', message: 'is not a known division code' }], 'The request names a division that is not in the registry.');
    if (!unit) throw notFound('division');
    return unit;
  }
}
