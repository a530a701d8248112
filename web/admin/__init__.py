"""Administration: the accounts (/users) and the audit log (/audit), for admins only."""
