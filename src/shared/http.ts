import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { FileStore } from '../files/file-store.js';
import type { FieldCrypto } from './field-crypto.js';
import { roleCan, type Capability } from '../accounts/roles.js';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import type { Locale } from './i18n.js';
import type { Principal } from './principal.js';

/** Everything a route needs from the outside world, handed in once at start (ports, not globals). */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Uploaded bytes (photos, signatures, documents). */
  files: FileStore;
  /** Encryption of sensitive values at rest. */
  crypto: FieldCrypto;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    locale: Locale;
  }
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export type App = FastifyInstance;

export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** The caller, or 401. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return req.principal;
}

/** The caller if its role has the capability, else 403. */
export function requireCapability(req: FastifyRequest, capability: Capability): Principal {
  const p = principalOf(req);
  if (p.role === 'machine' || !roleCan(p.role, capability)) throw new AppError('FORBIDDEN', 'error.forbidden');
  return p;
}

export function actorOf(p: Principal): Actor {
  return { id: p.kind === 'account' ? p.id : null, label: p.kind === 'account' ? p.label : `token:${p.label}`, ip: p.ip };
}
