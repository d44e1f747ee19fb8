/**
 * Users, roles, sessions and access control: the door to server/auth.
 */
export { ROUTE_ACCESS, accessFor, type Access } from "./access.js";
export {
  attachSession,
  clearedSessionCookie,
  CSRF_HEADER,
  readSessionCookie,
  requireAccess,
  SESSION_COOKIE,
  sessionCookie,
} from "./middleware.js";
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH, DEFAULT_SCRYPT_COST } from "./password.js";
export { DEFAULT_LOGIN_RATE_LIMIT, loginRateLimiter, type LoginRateLimit } from "./rate-limit.js";
export { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES, rolesWith, type Permission, type Role } from "./roles.js";
export { SessionStore, type Session, type SessionOptions } from "./sessions.js";
export {
  authenticate,
  createUser,
  LastAdminError,
  PasswordSchema,
  publicUser,
  RoleSchema,
  UnknownUserError,
  updateUser,
  UserExistsError,
  UsernameSchema,
  type PublicUser,
} from "./users.js";
