"""Contacts between eTwinners (request, accept, block) and their one-to-one conversations."""
