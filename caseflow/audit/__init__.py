"""The append-only audit log of changes and the access log of reads."""
