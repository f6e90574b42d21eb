"""Quality review (kvalitetsuppföljning, seed 001): a monthly sample of cases, each reviewed against a fixed checklist."""
