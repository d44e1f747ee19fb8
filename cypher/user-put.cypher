// Insert or replace a user (absent `disabled` stays absent).
// $user: {username, role, passwordHash, createdAt, disabled}
MERGE (u:User {username: $user.username})
SET
  u.role = $user.role,
  u.passwordHash = $user.passwordHash,
  u.createdAt = toInteger($user.createdAt),
  u.disabled = $user.disabled
