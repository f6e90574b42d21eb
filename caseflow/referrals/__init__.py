"""Referrals (anvisningar) of one person to UJC, AMC or Jobbcentrum."""
