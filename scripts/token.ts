/**
 * `npm run token -- --role admin --tenant demo [--tenant other] [--sub alice] [--hours 12]`:
 * prints a signed development token (HS256 with JWT_SECRET, or the demo secret when unset).
 */
import { parseArgs } from 'node:util';
import { ROLES, signDevToken, type Role } from '../libs/platform/src/auth/jwt-auth.js';
import { DEMO } from './demo/demo-defaults.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'admin' },
    tenant: { type: 'string', multiple: true, default: [] },
    sub: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});
const role = values.role as Role;
if (!ROLES.includes(role)) {
  console.error(`--role must be one of ${ROLES.join(', ')}`);
  process.exit(2);
}
const tenants = values.tenant.flatMap((t) => t.split(',')).filter(Boolean);
if (role !== 'operator' && tenants.length === 0) {
  console.error(`a ${role} token needs at least one --tenant`);
  process.exit(2);
}
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) {
  console.error('--hours must be a positive number');
  process.exit(2);
}
console.log(
  signDevToken(
    {
      secret: process.env.JWT_SECRET ?? DEMO.jwtSecret,
      issuer: process.env.JWT_ISSUER ?? DEMO.jwtIssuer,
      audience: process.env.JWT_AUDIENCE ?? DEMO.jwtAudience,
    },
    { sub: values.sub ?? `dev-${role}`, role, tenants },
    Math.round(hours * 3600),
  ),
);
