"""The HTTP API v1 and its tokens."""
