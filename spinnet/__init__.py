"""Plumbing shared by the three stages: provenance records and atomic file writes."""
