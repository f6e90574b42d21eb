"""Sublease cases: applications rejected for an unapproved sublease (andrahandsavtal), and KIR checks."""
