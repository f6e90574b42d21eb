"""SIP plans (samordnad individuell plan, SoL 10 kap. 8–9 §§) and their meetings."""
