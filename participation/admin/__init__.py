"""Admin: dashboard shell, users and roles, audit log viewer. May import every area below it."""
