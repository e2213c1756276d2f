"""Partner-finding posts, their search, suggested partners, and the search of eTwinners and schools for teachers."""
