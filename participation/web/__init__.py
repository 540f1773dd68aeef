"""Flask-only shared parts: request-scoped database session, error pages, template filters,
security headers, language switch and the home page. Domain packages never import this."""
