import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Public } from '../auth/auth.decorators';
import { TokenService } from '../auth/token.service';
import { isDivisionCode, ROLES, type Role } from '../domain';
import { badRequest } from '../http/problem';
import { CONSOLE_OPTIONS } from './console.tokens';
import type { ConsoleOptions } from './console-options';

/** How the console signs people in here. Public: the sign-in page reads it before anyone has a token. */
@ApiExcludeController()
@Controller('v1/console')
export class ConsoleConfigController {
  constructor(@Inject(CONSOLE_OPTIONS) private readonly options: ConsoleOptions) {}

  @Get('config')
  @Public()
  config(): { devSignIn: boolean; oidc: ConsoleOptions['oidc'] } {
    return { devSignIn: this.options.devSignIn, oidc: this.options.oidc };
  }
}

export class DevTokenDto {
  @IsIn(ROLES) role: Role;
  @Matches(/^\d{12}$/, { message: 'division must be a 12-digit division code' }) division: string;
  @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'sub must be 1–64 letters, digits, . _ -' }) sub?: string;
}

const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

/**
 * Development only: a demo principal's token for the console's sign-in page. Registered only when
 * ConsoleOptions.devSignIn is true (never in production mode), so elsewhere the route is a 404.
 */
@ApiExcludeController()
@Controller('v1/console')
export class DevSignInController {
  constructor(private readonly tokens: TokenService) {}

  @Post('dev-token')
  @Public()
  @HttpCode(200)
  async token(@Body() dto: DevTokenDto): Promise<{ token: string; expiresIn: number; principal: { id: string; roles: Role[]; division: string } }> {
    if (!isDivisionCode(dto.division)) throw badRequest([{ field: 'division', message: 'is not a division code' }]);
    const principal = { id: dto.sub ?? `${dto.role}-${dto.division}`, roles: [dto.role], division: dto.division };
    return { token: await this.tokens.sign(principal, DEV_TOKEN_TTL_SECONDS), expiresIn: DEV_TOKEN_TTL_SECONDS, principal };
  }
}
