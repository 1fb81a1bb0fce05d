"""Extraction stage: raw text → normalised articles → mentions → entities and relations."""
