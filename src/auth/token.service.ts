import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../config/config';
import { isDivisionCode, ROLES, type Role } from '../domain';
import type { Principal } from './principal';

export class InvalidTokenError extends Error {}

/** Verifies bearer tokens: HS256 with the local secret in development, JWKS in production. */
@Injectable()
export class TokenService {
  private readonly secret: Uint8Array | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(private readonly auth: AppConfig['auth']) {
    this.secret = auth.devSecret ? new TextEncoder().encode(auth.devSecret) : null;
    this.jwks = auth.jwksUrl ? createRemoteJWKSet(new URL(auth.jwksUrl)) : null;
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.auth.issuer,
        audience: this.auth.audience,
        clockTolerance: this.auth.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      };
      // `algorithms` pins the accepted algorithm: `alg: none` and algorithm confusion are refused.
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch {
      throw new InvalidTokenError('token is not valid');
    }
    const roles = payload.roles;
    const division = payload.division;
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) {
      throw new InvalidTokenError('token has no valid roles claim');
    }
    if (typeof division !== 'string' || !isDivisionCode(division)) throw new InvalidTokenError('token has no valid division claim');
    return { id: payload.sub!, roles: roles as Role[], division };
  }

  /** Development tokens only (the `token` command and tests). */
  async sign(principal: Principal, ttlSeconds = 12 * 3600): Promise<string> {
    if (!this.secret) throw new Error('no development secret configured: tokens come from the identity provider');
    return new SignJWT({ roles: principal.roles, division: principal.division })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.id)
      .setIssuer(this.auth.issuer)
      .setAudience(this.auth.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.secret);
  }
}
