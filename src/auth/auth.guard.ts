import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { forbidden, unauthorized } from '../http/problem';
import { roleMayAttempt, type RouteAction } from '../domain';
import { ACTION_KEY, PUBLIC_KEY } from './auth.decorators';
import type { Principal } from './principal';
import { InvalidTokenError, TokenService } from './token.service';

/** Global guard: every route needs a valid bearer token and a role allowed for its action. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw unauthorized();
    try {
      req.principal = await this.tokens.verify(match[1]);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw unauthorized('The bearer token is not valid.');
      throw e;
    }
    const action = this.reflector.getAllAndOverride<RouteAction | undefined>(ACTION_KEY, targets);
    // A route without a declared action is a programming error: refuse rather than allow.
    if (!action || !roleMayAttempt(req.principal.roles, action)) throw forbidden('Your role may not do this.');
    return true;
  }
}
