"""The admin's pages: users and units."""
