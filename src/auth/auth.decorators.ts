import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { RouteAction } from '../domain';
import type { Principal } from './principal';

export const ACTION_KEY = 'casework:action';
export const PUBLIC_KEY = 'casework:public';

/** Names the action a route performs; the AuthGuard checks the caller's roles against it. */
export const Can = (action: RouteAction) => SetMetadata(ACTION_KEY, action);
/** A route open without a token (health, metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
