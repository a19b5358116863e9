"""Queries and writes behind the admin views; each public function is one unit of work."""
